using System.Globalization;
using System.Text;
using LaborWatch.Data;
using LaborWatch.Charts;
using LaborWatch.Reports;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static LaborWatch.Web.Layout;

namespace LaborWatch.Web;

/// <summary>
/// The overview: headline figures with their n, the pay-trend and cancellation charts (inline SVG, each with
/// its data table and a PNG download), and pay by platform, all for the filters in the query string.
/// Server-rendered, no script.
/// </summary>
public static class OverviewPage
{
    public static IEndpointRouteBuilder MapOverviewPage(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/", (HttpContext http, RenderCache cache) =>
        {
            if (!StatsApi.TryFilter(http, out var filter, out var error))
                return Results.Content(Page("Bad filter", $"<p role=\"alert\">{E(error!)}</p><p><a href=\"/\">Back to all data</a></p>"), "text/html; charset=utf-8", statusCode: 400);
            var entry = cache.Get($"page:/:{filter!.CacheKey}", connection =>
                Encoding.UTF8.GetBytes(Page("What AI-training gig work really pays", Body(connection, filter!))));
            return ChartEndpoints.Cached(http, entry, "text/html; charset=utf-8");
        });
        return routes;
    }

    static string Body(Microsoft.Data.Sqlite.SqliteConnection connection, StatsFilter filter)
    {
        var rows = LaborWatch.Contracts.ContractRows.Load(connection, filter);   // once for the three groupings below
        // The three groupings read the same rows and share nothing else: computed side by side on the cores.
        StatsReport overall = null!, byPlatform = null!, trend = null!;
        Parallel.Invoke(
            () => overall = StatsReport.Compute(rows, filter with { By = [] }),
            () => byPlatform = StatsReport.Compute(rows, filter with { By = ["platform"] }),
            () => trend = StatsReport.Compute(rows, filter with { By = ["platform", "month"] }));
        var sb = new StringBuilder();
        if (overall.Pay.SyntheticLogs > 0)
            sb.Append($"<p class=\"synthetic\" role=\"note\"><strong>Synthetic sample data.</strong> {overall.Pay.SyntheticLogs:N0} of {overall.Pay.Logs:N0} logs are invented for demonstration; no figure here describes a real platform.</p>");
        sb.Append(ReleaseNote(overall.Release));
        sb.Append(FilterForm(filter, "/"));
        Headline(sb, overall);
        var query = Query(filter);
        Chart(sb, ChartSpecs.PayTrend(trend), query, ["platform", "month started", "median USD/h", "p25", "p75", "n"]);
        Chart(sb, ChartSpecs.PayDistribution(rows, filter), query, ["", "band", "logs", "", "", "n"]);
        Chart(sb, ChartSpecs.AdvertisedVsEffective(byPlatform), query, ["", "platform", "median USD/h", "", "", "hourly logs (n)"]);
        Chart(sb, ChartSpecs.Cancellations(byPlatform), query, ["", "platform", "rate", "95% low", "95% high", "ended (n)"]);
        PayTable(sb, byPlatform);
        sb.Append($"<p><a href=\"/api/stats{(query.Length > 0 ? query + "&" : "?")}by=platform\">These figures as JSON</a> · <a href=\"/methodology\">How every number is computed</a></p>");
        return sb.ToString();
    }

    static void Headline(StringBuilder sb, StatsReport overall)
    {
        var pay = overall.Pay.Groups.FirstOrDefault();
        var cancel = overall.Cancellation.FirstOrDefault();
        sb.Append("<section class=\"headline\" aria-label=\"headline figures\">");
        if (pay is null || pay.Suppressed)
            sb.Append("<div>Too few workers for these filters to publish figures safely.</div>");
        else
        {
            sb.Append($"<div>Median effective pay<strong>{Dollars(pay.Median)}/h</strong>n = {pay.EhpN:N0} logs, {pay.Submitters:N0} workers</div>");
            sb.Append($"<div>Hours unpaid<strong>{Percent(pay.UnpaidShare)}</strong>of all hours worked</div>");
            sb.Append($"<div>Below the local minimum wage<strong>{Percent(pay.BelowMinimumWageShare)}</strong>n = {pay.BelowMinimumWageN:N0} logs with a known wage</div>");
        }
        if (cancel is { Suppressed: false })
            sb.Append($"<div>Ended by the platform<strong>{Percent(cancel.Rate)}</strong>of {cancel.Ended:N0} ended contracts (95%: {Percent(cancel.CiLow)}–{Percent(cancel.CiHigh)})</div>");
        sb.Append("</section>");
    }

    public static void Chart(StringBuilder sb, ChartSpec spec, string query, string[] columns)
    {
        sb.Append($"<figure aria-labelledby=\"{spec.Name}-caption\"><figcaption id=\"{spec.Name}-caption\"><strong>{E(spec.Title)}</strong>");
        foreach (var note in spec.Notes) sb.Append($"<br><small>{E(note)}</small>");
        sb.Append($"</figcaption><div role=\"img\" aria-label=\"{E(spec.Title)}; the same figures are in the table below\">");
        sb.Append(ChartRenderer.Svg(spec));
        sb.Append($"</div><p><a href=\"/charts/{spec.Name}.png{query}\" download>Download PNG</a> · <a href=\"/charts/{spec.Name}.svg{query}\">SVG</a> · <a href=\"/charts/{spec.Name}.csv{query}\">Data (CSV)</a> · <a href=\"/reports{query}\">Export a report</a></p>");
        var count = spec.Table().Count();
        sb.Append($"<details><summary>Data table ({count} point{(count == 1 ? "" : "s")})</summary><div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\"table (scrolls sideways)\"><table><thead><tr>");
        foreach (var c in columns) sb.Append($"<th scope=\"col\">{E(c)}</th>");
        sb.Append("</tr></thead><tbody>");
        foreach (var row in spec.Table()) sb.Append("<tr>" + string.Concat(row.Select((cell, i) => i == 0 ? $"<th scope=\"row\">{E(cell)}</th>" : $"<td>{E(cell)}</td>")) + "</tr>");
        sb.Append("</tbody></table></div></details></figure>");
    }

    static void PayTable(StringBuilder sb, StatsReport report)
    {
        var pay = report.Pay;
        sb.Append($"<p>Effective hourly pay counts unpaid onboarding, assessments, guidelines, idle time, rework and timer overrun; USD at yearly average rates. {pay.Excluded:N0} log(s) left out of the USD figures. A row needs at least {report.Filter.K} distinct workers, none above 80% of its logs.</p>");
        sb.Append("<div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\"table (scrolls sideways)\"><table id=\"pay-by-platform\"><caption>Effective hourly pay by platform (USD)</caption><thead><tr><th scope=\"col\">platform</th>");
        sb.Append("<th scope=\"col\">logs</th><th scope=\"col\">workers</th><th scope=\"col\">median</th><th scope=\"col\">p25–p75</th><th scope=\"col\">pooled</th><th scope=\"col\">unpaid share</th><th scope=\"col\">below minimum wage (n)</th></tr></thead><tbody>");
        foreach (var g in pay.Groups)
        {
            sb.Append($"<tr><th scope=\"row\"><a href=\"/platform/{Uri.EscapeDataString(LaborWatch.Contracts.ContractValidator.Slug(g.Key.Platform ?? ""))}\">{E(g.Key.Platform ?? "(unknown)")}</a></th><td>{g.Logs:N0}</td><td>{g.Submitters:N0}</td>");
            if (g.Suppressed) sb.Append("<td colspan=\"5\" class=\"suppressed\">suppressed (too few workers to publish safely)</td>");
            else
                sb.Append($"<td>{Dollars(g.Median)}</td><td>{Dollars(g.P25)}–{Dollars(g.P75)}</td><td>{Dollars(g.Pooled)}</td><td>{Percent(g.UnpaidShare)}</td><td>{Percent(g.BelowMinimumWageShare)} ({g.BelowMinimumWageN:N0})</td>");
            sb.Append("</tr>");
        }
        sb.Append("</tbody></table></div>");
    }

}
