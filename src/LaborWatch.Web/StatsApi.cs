using LaborWatch.Reports;
using Microsoft.AspNetCore.Routing;

namespace LaborWatch.Web;

/// <summary>GET /api/stats: the JSON of docs/json.md, with the CLI's filters as query parameters.</summary>
public static class StatsApi
{
    public static IEndpointRouteBuilder MapStatsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapCached("/api/stats", "application/json; charset=utf-8",
            (http, filter) => $"stats:{filter.CacheKey}:{CachedEndpoints.Flag(http, "survival")}",
            (http, filter, connection, _) =>
            {
                // Rendered to a buffer first: Kestrel refuses synchronous writes to the response body. Compact, unlike the
                // command's: a program reads it (jq or a browser's viewer indents it for people), and a client that asks
                // for no compression gets 37 KB instead of 62 (the 1M-log sample).
                var body = new MemoryStream();
                StatsReport.Compute(connection, filter, CachedEndpoints.Flag(http, "survival")).WriteJson(body, indented: false);
                return body.ToArray();
            });
        return routes;
    }
}
