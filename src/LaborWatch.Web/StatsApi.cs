using LaborWatch.Data;
using LaborWatch.Reports;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using LaborWatch.Contracts;

namespace LaborWatch.Web;

/// <summary>GET /api/stats: the JSON of docs/json.md, with the CLI's filters as query parameters.</summary>
public static class StatsApi
{
    public static IEndpointRouteBuilder MapStatsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/stats", (HttpContext http, RenderCache cache) =>
        {
            if (!TryFilter(http, out var filter, out var error))
                return Results.Problem(error, statusCode: StatusCodes.Status400BadRequest, title: "bad filter");
            var survival = http.Request.Query["survival"] is { Count: > 0 } v && v.ToString() is "1" or "true";
            var entry = cache.Get($"stats:{filter!.CacheKey}:{survival}", connection =>
            {
                // Rendered to a buffer first: Kestrel refuses synchronous writes to the response body. Compact, unlike the
                // command's: a program reads it (jq or a browser's viewer indents it for people), and a client that asks
                // for no compression gets 37 KB instead of 62 (the 1M-log sample).
                var body = new MemoryStream();
                StatsReport.Compute(connection, filter!, survival).WriteJson(body, indented: false);
                return body.ToArray();
            });
            return ChartEndpoints.Cached(http, entry, "application/json; charset=utf-8");
        });
        return routes;
    }

    /// <summary>
    /// The request's query string as a filter for published figures, under the operator's k (a request may ask
    /// for more, never for less); the message names the parameter at fault.
    /// </summary>
    public static bool TryFilter(HttpContext http, out StatsFilter? filter, out string? error) =>
        TryFilter(http.Request.Query, http.RequestServices.GetRequiredService<Submissions.WebOptions>().PublicK, out filter, out error);

    public static bool TryFilter(IQueryCollection query, int publicK, out StatsFilter? filter, out string? error)
    {
        filter = null;
        error = null;
        int? k = null;
        if (query.TryGetValue("k", out var kText))
        {
            if (!int.TryParse(kText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed))
            { error = $"k: '{kText}' is not a whole number"; return false; }
            k = parsed;
        }
        try
        {
            filter = StatsFilter.Parse(Value(query, "by"), Value(query, "platform"), Value(query, "from"), Value(query, "to"), k,
                Value(query, "parent"), Value(query, "task_type"), Value(query, "country"), publicK);
            return true;
        }
        catch (ArgumentException e)
        {
            error = e.Message.Replace("--", "", StringComparison.Ordinal);
            return false;
        }
    }

    static string? Value(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v) ? v.ToString() : null;
}
