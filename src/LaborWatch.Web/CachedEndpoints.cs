using System.Data.Common;
using LaborWatch.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace LaborWatch.Web;

/// <summary>
/// The steps every cached GET of the dashboard shares, written once: read the filters of the query string (a bad one
/// is a 400 naming the parameter), answer from the render cache while the data version stands, else render once.
/// </summary>
public static class CachedEndpoints
{
    /// <summary>The figures a cached endpoint draws: the request, its filter, a connection and the data version it draws.</summary>
    public delegate byte[] Render(HttpContext http, StatsFilter filter, DbConnection connection, string version);

    /// <param name="key">the cache key of a request's answer (every query parameter that changes it must be in it)</param>
    /// <param name="badFilter">the answer to a bad filter (default: a problem+json 400; pages answer a page)</param>
    public static RouteHandlerBuilder MapCached(this IEndpointRouteBuilder routes, string pattern, string contentType,
        Func<HttpContext, StatsFilter, string> key, Render render, Func<string, IResult>? badFilter = null) =>
        routes.MapGet(pattern, (HttpContext http, RenderCache cache) =>
        {
            if (!FilterQuery.TryRead(http, out var filter, out var error))
                return badFilter?.Invoke(error!) ?? Results.Problem(error, statusCode: StatusCodes.Status400BadRequest, title: "bad filter");
            var entry = cache.Get(key(http, filter!), (connection, version) => render(http, filter!, connection, version));
            return CachedResponse.Send(http, entry, contentType);
        });

    /// <summary>A yes/no query parameter: 1 or true.</summary>
    public static bool Flag(HttpContext http, string name) => http.Request.Query[name] is { Count: > 0 } v && v.ToString() is "1" or "true";
}
