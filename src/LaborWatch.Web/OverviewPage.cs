using System.Globalization;
using System.Net;
using System.Text;
using LaborWatch.Reports;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace LaborWatch.Web;

/// <summary>
/// The overview page: effective hourly pay per platform with every n shown and small cells suppressed.
/// Server-rendered, no script. The full dashboard (charts, platform pages, filters) builds on this.
/// </summary>
public static class OverviewPage
{
    public static IEndpointRouteBuilder MapOverviewPage(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/", (HttpContext http, DatabaseFile db) =>
        {
            if (!StatsApi.TryFilter(http.Request.Query, out var filter, out var error))
                return Results.Content(Page("Bad filter", $"<p role=\"alert\">{E(error!)}</p>"), "text/html; charset=utf-8", statusCode: 400);
            if (filter!.By.Count == 0) filter = filter with { By = ["platform"] };
            using var connection = db.Open();
            var report = StatsReport.Compute(connection, filter);
            return Results.Content(Page("Effective hourly pay", Body(report)), "text/html; charset=utf-8");
        });
        return routes;
    }

    static string Body(StatsReport report)
    {
        var pay = report.Pay;
        var sb = new StringBuilder();
        if (pay.SyntheticLogs > 0)
            sb.Append($"<p class=\"synthetic\" role=\"note\"><strong>Synthetic sample data.</strong> {pay.SyntheticLogs:N0} of {pay.Logs:N0} logs are invented for demonstration; no figure here describes a real platform.</p>");
        sb.Append($"<p>Effective hourly pay counts unpaid onboarding, assessments, guidelines, idle, rework and timer overrun. "
                + $"USD at yearly average rates. {pay.Excluded:N0} log(s) left out of the USD figures. A row needs at least {report.Filter.K} distinct workers, none above 80% of its logs.</p>");
        sb.Append("<table><caption>Effective hourly pay by platform (USD)</caption><thead><tr>");
        foreach (var d in report.Filter.By) sb.Append($"<th scope=\"col\">{E(d)}</th>");
        sb.Append("<th scope=\"col\">logs</th><th scope=\"col\">workers</th><th scope=\"col\">median</th><th scope=\"col\">p25–p75</th><th scope=\"col\">pooled</th><th scope=\"col\">unpaid share</th><th scope=\"col\">below minimum wage (n)</th></tr></thead><tbody>");
        foreach (var g in pay.Groups)
        {
            sb.Append("<tr>");
            foreach (var d in report.Filter.By) sb.Append($"<th scope=\"row\">{E(g.Key[d] ?? "(unknown)")}</th>");
            sb.Append($"<td>{g.Logs:N0}</td><td>{g.Submitters:N0}</td>");
            if (g.Suppressed) sb.Append("<td colspan=\"5\" class=\"suppressed\">suppressed (too few workers to publish safely)</td>");
            else
                sb.Append($"<td>{M(g.Median)}</td><td>{M(g.P25)}–{M(g.P75)}</td><td>{M(g.Pooled)}</td><td>{P(g.UnpaidShare)}</td><td>{P(g.BelowMinimumWageShare)} ({g.BelowMinimumWageN:N0})</td>");
            sb.Append("</tr>");
        }
        sb.Append("</tbody></table><p><a href=\"/api/stats?by=platform\">These figures as JSON</a></p>");
        return sb.ToString();
    }

    static string Page(string title, string body) => $$"""
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{E(title)}} · LaborWatch</title>
        <style>
        body{font-family:system-ui,sans-serif;margin:1rem auto;max-width:70rem;padding:0 1rem;color:#111;line-height:1.45}
        table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}th,td{padding:.3rem .5rem;border-bottom:1px solid #ccc;text-align:right}
        th[scope=row],thead th:first-child{text-align:left}caption{text-align:left;font-weight:600;margin:.5rem 0}
        .synthetic{background:#fff3cd;border:1px solid #b58900;padding:.5rem}.suppressed{color:#555;font-style:italic;text-align:center}
        </style></head>
        <body><header><h1>LaborWatch</h1></header><main><h2>{{E(title)}}</h2>{{body}}</main></body></html>
        """;

    static string E(string s) => WebUtility.HtmlEncode(s);
    static string M(double? v) => v is null ? "–" : "$" + Math.Round(v.Value, 2).ToString("0.00", CultureInfo.InvariantCulture);
    static string P(double? v) => v is null ? "–" : Math.Round(v.Value * 100, 1).ToString("0.0", CultureInfo.InvariantCulture) + "%";
}
