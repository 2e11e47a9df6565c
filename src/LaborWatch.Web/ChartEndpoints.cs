using LaborWatch.Charts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace LaborWatch.Web;

/// <summary>
/// GET /charts/{name}.svg|png with the dashboard's filters. Rendered once per data version and query, then
/// served from memory with an ETag (304 when unchanged): a chart is never redrawn for data that did not change.
/// </summary>
public static class ChartEndpoints
{
    public static IEndpointRouteBuilder MapCharts(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/charts/{file}", (string file, HttpContext http, RenderCache cache, LaborWatch.Web.Submissions.WebOptions options) =>
        {
            var dot = file.LastIndexOf('.');
            var (name, format) = dot > 0 ? (file[..dot], file[(dot + 1)..]) : (file, "");
            // NAME.narrow.svg|png: the drawing for a phone's width (the pages offer it through <picture>).
            var narrow = name.EndsWith(Narrow, StringComparison.Ordinal) && format is "svg" or "png";
            if (narrow) name = name[..^Narrow.Length];
            var (width, height) = narrow ? (ChartRenderer.NarrowWidth, ChartRenderer.NarrowHeight) : (ChartRenderer.Width, ChartRenderer.Height);
            if (!ChartSpecs.Names.Contains(name) || format is not ("svg" or "png" or "csv"))
                return Results.Problem($"no chart '{file}' (charts: {string.Join(", ", ChartSpecs.Names.Select(n => n + ".svg|.png|.csv"))})", statusCode: 404);
            if (!FilterQuery.TryRead(http, out var filter, out var error))
                return Results.Problem(error, statusCode: 400, title: "bad filter");
            var entry = cache.Get(Key(file, filter!), connection =>
            {
                // Server-Timing on the response that drew the chart, for benchmarks only: the figures' time and the drawing's,
                // apart. Never on a public server: a visitor would learn whether someone else had asked for the view.
                var clock = System.Diagnostics.Stopwatch.StartNew();
                var spec = ChartSpecs.Build(connection, name, filter!);
                var data = clock.Elapsed.TotalMilliseconds;
                clock.Restart();
                var bytes = format switch
                {
                    "png" => ChartRenderer.Png(spec, width, height),
                    "csv" => LaborWatch.Exports.CsvExport.Chart(spec),
                    _ => System.Text.Encoding.UTF8.GetBytes(ChartRenderer.Svg(spec, width, height)),
                };
                if (options.ServerTiming) http.Response.Headers["Server-Timing"] = FormattableString.Invariant($"data;dur={data:0.0}, render;dur={clock.Elapsed.TotalMilliseconds:0.0}");
                return bytes;
            });
            if (format == "csv") http.Response.Headers.ContentDisposition = $"attachment; filename=\"{name}.csv\"";
            return CachedResponse.Send(http, entry, format switch { "png" => "image/png", "csv" => "text/csv; charset=utf-8", _ => "image/svg+xml" });
        });
        return routes;
    }

    static string Key(string file, LaborWatch.Contracts.StatsFilter filter) => $"chart:{file}:{filter.CacheKey}";

    const string Narrow = ".narrow";

    /// <summary>Where a page shows a chart: its SVG under the filters of the page's query string.</summary>
    public static string SvgUrl(string name, string query) => $"/charts/{name}.svg{query}";

    /// <summary>The same chart drawn for a phone: narrower, so its labels stay readable at a phone's width.</summary>
    public static string NarrowSvgUrl(string name, string query) => $"/charts/{name}{Narrow}.svg{query}";

    /// <summary>
    /// A page's charts drawn with the page (the figures are at hand; drawing them again per chart request would read
    /// every log again), kept as the responses to the <see cref="SvgUrl"/>s the page shows them by, of the version
    /// the page is of: the browser's requests for them, right after the page, are served from memory. The key is
    /// the one those requests will look up, from the same query string parsed the same way.
    /// </summary>
    public static void AddDrawn(HttpContext http, RenderCache cache, string version, IEnumerable<ChartSpec> charts, string query)
    {
        var publicK = http.RequestServices.GetRequiredService<Submissions.WebOptions>().PublicK;
        if (!FilterQuery.TryRead(new QueryCollection(Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(query)), publicK, out var filter, out _))
            return;   // cannot happen for a query the page made from its own filter; its charts are then drawn on request
        foreach (var chart in charts)
            cache.Add(Key(chart.Name + ".svg", filter!), version, () => System.Text.Encoding.UTF8.GetBytes(ChartRenderer.Svg(chart)));
    }
}
