using LaborWatch.Exports;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using LaborWatch.Web.Shared;

namespace LaborWatch.Web;

/// <summary>
/// /reports: the exports of `laborwatch report` for the filters in the query string: the HTML report, JSON,
/// each CSV table with the dictionary, and the ZIP bundle. Each is computed once per data version and query;
/// the page listing them is ReportsView.razor.
/// </summary>
public static class ReportsPage
{
    public static IEndpointRouteBuilder MapReportsPage(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/reports", (HttpContext http) =>
        {
            if (!FilterQuery.TryRead(http, out var filter, out var error))
                return PageRenderer.Result<Message>(new { Title = "Bad filter", Text = error!, Back = "/reports" }, 400);
            return PageRenderer.Result<ReportsView>(new { Filter = ReportContent.Defaults(filter!) });
        });
        routes.MapGet("/reports/{file}", (string file, HttpContext http, RenderCache cache) =>
        {
            var dot = file.LastIndexOf('.');
            var (name, format) = dot > 0 ? (file[..dot], file[(dot + 1)..]) : (file, "");
            var known = format switch
            {
                "html" or "pdf" or "json" or "zip" => name == "report",
                "csv" => CsvExport.Tables.Contains(name) || name == "dictionary",
                _ => false,
            };
            if (!known) return Results.Problem($"no report file '{file}' (report.html, report.pdf, report.json, report.zip, or {string.Join(", ", CsvExport.Tables.Append("dictionary").Select(t => t + ".csv"))})", statusCode: 404);
            if (!FilterQuery.TryRead(http, out var filter, out var error))
                return Results.Problem(error, statusCode: 400, title: "bad filter");
            ReportTables tables;
            try { tables = ReportTablesText.Parse(http.Request.Query["tables"].ToString(), "tables"); }
            catch (ArgumentException e) { return Results.Problem(e.Message, statusCode: 400, title: "bad parameter"); }
            var entry = cache.Get($"report:{file}:{filter!.CacheKey}:{tables.Name()}", connection =>
            {
                var report = ReportContent.Compute(connection, filter!);
                return format switch
                {
                    "html" => HtmlExport.Write(report, DateTimeOffset.UtcNow, tables: tables),
                    "pdf" => PdfExport.Write(report, DateTimeOffset.UtcNow, tables),
                    "json" => JsonExport.Write(report),
                    "zip" => ReportFiles.Zip(report, DateTimeOffset.UtcNow),
                    _ => name == "dictionary" ? CsvExport.Dictionary(report) : CsvExport.Table(report, name),
                };
            });
            if (format is "zip" or "csv" or "pdf") http.Response.Headers.ContentDisposition = $"attachment; filename=\"laborwatch-{name}.{format}\"";
            return CachedResponse.Send(http, entry, format switch
            {
                "html" => "text/html; charset=utf-8",
                "json" => "application/json; charset=utf-8",
                "zip" => "application/zip",
                "pdf" => "application/pdf",
                _ => "text/csv; charset=utf-8",
            });
        });
        return routes;
    }
}
