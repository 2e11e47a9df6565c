using System.Globalization;
using System.Text;
using LaborWatch.Data;
using LaborWatch.Reports;
using LaborWatch.Reports.Exports;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static LaborWatch.Web.Layout;

namespace LaborWatch.Web;

/// <summary>
/// /reports: the exports of `laborwatch report` for the filters in the query string: the HTML report, JSON,
/// each CSV table with the dictionary, and the ZIP bundle. Each is computed once per data version and query.
/// </summary>
public static class ReportsPage
{
    public static IEndpointRouteBuilder MapReportsPage(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/reports", (HttpContext http) =>
        {
            if (!StatsApi.TryFilter(http, out var filter, out var error))
                return Results.Content(Page("Bad filter", $"<p role=\"alert\">{E(error!)}</p><p><a href=\"/reports\">Back</a></p>"), "text/html; charset=utf-8", statusCode: 400);
            return Results.Content(Page("Reports: download, check, cite", Body(ReportContent.Defaults(filter!))), "text/html; charset=utf-8");
        });
        routes.MapGet("/reports/{file}", (string file, HttpContext http, RenderCache cache) =>
        {
            var dot = file.LastIndexOf('.');
            var (name, format) = dot > 0 ? (file[..dot], file[(dot + 1)..]) : (file, "");
            var known = format switch
            {
                "html" or "json" or "zip" => name == "report",
                "csv" => CsvExport.Tables.Contains(name) || name == "dictionary",
                _ => false,
            };
            if (!known) return Results.Problem($"no report file '{file}' (report.html, report.json, report.zip, or {string.Join(", ", CsvExport.Tables.Append("dictionary").Select(t => t + ".csv"))})", statusCode: 404);
            if (!StatsApi.TryFilter(http, out var filter, out var error))
                return Results.Problem(error, statusCode: 400, title: "bad filter");
            var entry = cache.Get($"report:{file}:{filter!.CacheKey}", connection =>
            {
                var report = ReportContent.Compute(connection, filter!);
                return format switch
                {
                    "html" => HtmlExport.Write(report, DateTimeOffset.UtcNow),
                    "json" => JsonExport.Write(report),
                    "zip" => ReportFiles.Zip(report, DateTimeOffset.UtcNow),
                    _ => name == "dictionary" ? CsvExport.Dictionary(report) : CsvExport.Table(report, name),
                };
            });
            if (format is "zip" or "csv") http.Response.Headers.ContentDisposition = $"attachment; filename=\"laborwatch-{name}.{format}\"";
            return ChartEndpoints.Cached(http, entry, format switch
            {
                "html" => "text/html; charset=utf-8",
                "json" => "application/json; charset=utf-8",
                "zip" => "application/zip",
                _ => "text/csv; charset=utf-8",
            });
        });
        return routes;
    }

    static string Body(StatsFilter filter)
    {
        var query = Query(filter);
        var by = string.Join(",", filter.By);
        var q = (query.Length == 0 ? "?" : query + "&") + "by=" + Uri.EscapeDataString(by);
        var sb = new StringBuilder();
        sb.Append($$"""
            <p>Everything the dashboard shows, for the filters below, in files you can check and cite. Every figure carries its n; groups with
            fewer than {{filter.K}} workers are suppressed in every format; raw contract logs and notes are never exported. Postings come with their
            source URL and the SHA-256 of the page their pay was read from.</p>
            {{FilterForm(filter, "/reports", $"<label>Group by <input name=\"by\" value=\"{E(by)}\" placeholder=\"platform\"></label>", exportLink: false)}}
            <ul class="downloads">
            <li><a href="/reports/report.html{{E(q)}}">HTML report</a>: one self-contained file with the charts, their tables, methodology, suppression notes and sources; prints well (or save it as PDF from the browser).</li>
            <li><a href="/reports/report.zip{{E(q)}}">ZIP bundle</a>: the HTML, every chart as PNG and SVG, the CSV tables and dictionary, and a manifest with the SHA-256 of every file, the data fingerprint and the command that reproduces it.</li>
            <li><a href="/reports/report.json{{E(q)}}">JSON</a>: the statistics of <code>stats --json</code> plus postings and pay changes.</li>
            <li>CSV tables:
            """);
        foreach (var table in CsvExport.Tables.Append("dictionary"))
            sb.Append($" <a href=\"/reports/{table}.csv{E(q)}\">{table}.csv</a>");
        sb.Append($"""
            </li></ul>
            <p>{E(CsvExport.FormulaRule)}</p>
            <p>The same from the command line: <code>{E(ReportContent.CommandFor(filter, "report.zip"))}</code></p>
            """);
        return sb.ToString();
    }
}
