using System.Globalization;
using System.Text;
using LaborWatch.Data;
using LaborWatch.Charts;
using LaborWatch.Contracts;
using LaborWatch.Misclassification;
using LaborWatch.Postings;
using LaborWatch.Reports;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static LaborWatch.Web.Layout;

namespace LaborWatch.Web;

/// <summary>
/// One platform's scorecard: effective against advertised pay, unpaid time by kind, cancellations and survival,
/// misclassification signals, and its postings and pay changes, for the months in the query string.
/// </summary>
public static class PlatformPage
{
    public static IEndpointRouteBuilder MapPlatformPage(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/platform/{slug}", (string slug, HttpContext http, RenderCache cache) =>
        {
            if (!StatsApi.TryFilter(http, out var filter, out var error))
                return Results.Content(Page("Bad filter", $"<p role=\"alert\">{E(error!)}</p>"), "text/html; charset=utf-8", statusCode: 400);
            var entry = cache.Get($"page:/platform/{Uri.EscapeDataString(slug)}:{filter!.CacheKey}", connection =>
            {
                var scoped = filter! with { Platforms = [slug], By = ["platform"] };
                var rows = ContractRows.Load(connection, scoped);
                var report = StatsReport.Compute(rows, scoped, survival: true);
                var name = report.Pay.Groups.FirstOrDefault()?.Key.Platform ?? report.Cancellation.FirstOrDefault()?.Key.Platform;
                return name is null ? [] : Encoding.UTF8.GetBytes(Page(name, Body(connection, rows, scoped, report, name)));
            });
            return entry.Bytes.Length == 0
                ? Results.Content(Page("Not found", $"<p role=\"alert\">No contract logs for a platform '{E(slug)}'.</p><p><a href=\"/\">All platforms</a></p>"), "text/html; charset=utf-8", statusCode: 404)
                : ChartEndpoints.Cached(http, entry, "text/html; charset=utf-8");
        });
        return routes;
    }

    static string Body(Microsoft.Data.Sqlite.SqliteConnection connection, ContractRows.Loaded rows, StatsFilter filter, StatsReport report, string name)
    {
        var sb = new StringBuilder();
        var pay = report.Pay.Groups.Single();
        var cancel = report.Cancellation.FirstOrDefault();
        var survival = report.Survival!.FirstOrDefault();
        var signals = report.Misclassification.FirstOrDefault();
        if (report.Pay.SyntheticLogs > 0)
            sb.Append("<p class=\"synthetic\" role=\"note\"><strong>Synthetic sample data.</strong> This platform and its workers are invented for demonstration.</p>");
        sb.Append(ReleaseNote(report.Release));
        var parent = PlatformParents.ParentOf(name);
        if (parent is not null) sb.Append($"<p>Owned by {E(parent)} (source in data/reference/platform_parents.tsv).</p>");

        sb.Append("<section class=\"headline\" aria-label=\"scorecard\">");
        if (pay.Suppressed) sb.Append($"<div>Pay figures suppressed: about {pay.Submitters} workers (a perturbed count): fewer than {filter.K}, or too concentrated, to publish safely.</div>");
        else
        {
            sb.Append($"<div>Median effective pay<strong>{Dollars(pay.Median)}/h</strong>n = {pay.EhpN:N0} logs, {pay.Submitters:N0} workers</div>");
            sb.Append($"<div>Below what was advertised<strong>{Percent(pay.AdvertisedGap)}</strong>median gap, n = {pay.AdvertisedGapN:N0} hourly logs</div>");
            sb.Append($"<div>Hours unpaid<strong>{Percent(pay.UnpaidShare)}</strong>of all hours worked</div>");
            sb.Append($"<div>Paid after 30 days<strong>{Percent(pay.PaidAfter30DaysShare)}</strong>n = {pay.PaymentDelayN:N0}</div>");
        }
        if (cancel is { Suppressed: false })
            sb.Append($"<div>Ended by the platform<strong>{Percent(cancel.Rate)}</strong>of {cancel.Ended:N0} ended (95%: {Percent(cancel.CiLow)}–{Percent(cancel.CiHigh)}); {Percent(cancel.AbruptShare)} with under 24 h notice (n = {cancel.AbruptN:N0})</div>");
        if (survival is { Suppressed: false })
            sb.Append($"<div>Half of contracts ended by the platform within<strong>{(survival.MedianWeeks is { } w ? $"{w} weeks" : "—")}</strong>{(survival.MedianWeeks is null ? "more than half still running at the last published week" : "Kaplan-Meier median")}</div>");
        sb.Append("</section>");

        var query = Query(filter with { Platforms = [] });
        var platformQuery = (query.Length == 0 ? "?" : query + "&") + "platform=" + Uri.EscapeDataString(ContractValidator.Slug(name));
        sb.Append($"<p class=\"export\"><a href=\"/reports{E(platformQuery)}\">Export this platform's figures</a> (HTML, CSV, JSON or a ZIP bundle)</p>");
        OverviewPage.Chart(sb, ChartSpecs.PayTrend(StatsReport.Compute(rows, filter with { By = ["platform", "month"] })), platformQuery, ["platform", "month started", "median USD/h", "p25", "p75", "n"]);
        OverviewPage.Chart(sb, ChartSpecs.UnpaidTimeChart(connection, filter with { By = [] }), platformQuery, ["", "kind", "share of all hours", "", "", "logs (n)"]);
        OverviewPage.Chart(sb, ChartSpecs.Survival(report), platformQuery, ["platform", "week", "share still running", "", "", "at risk (n)"]);

        sb.Append($"<h3 id=\"signals\">Misclassification signals</h3><p><strong>{E(Rubric.Caveat)}</strong></p>");
        if (signals is { Indicators: { } indicators })
        {
            sb.Append($"<p>Reports bearing on California ABC prong A: {Percent(signals.AbcA)}, B: {Percent(signals.AbcB)}, C: {Percent(signals.AbcC)}; mean DOL factors {signals.DolFactorsMean:0.0} of 6; EU 2021 presumption met: {Percent(signals.EuProposalPresumptionShare)} (n = {signals.Logs:N0} logs).</p>");
            sb.Append("<div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\"table (scrolls sideways)\"><table id=\"indicators\"><caption>Conditions workers report</caption><thead><tr><th scope=\"col\">condition</th><th scope=\"col\">share reporting it</th><th scope=\"col\">answered (n)</th></tr></thead><tbody>");
            foreach (var (key, share) in indicators)
                sb.Append($"<tr><th scope=\"row\">{E(key.Replace('_', ' '))}</th><td>{Percent(share.Share)}</td><td>{share.Answered:N0}</td></tr>");
            sb.Append("</tbody></table></div>");
        }
        else sb.Append("<p>Suppressed: too few workers to publish safely.</p>");

        var postings = PostingQueries.List(connection, name);
        var changes = PostingQueries.Changes(connection, name);
        sb.Append($"<h3 id=\"postings\">What it advertises</h3><p>{postings.Count:N0} posting(s) on record, {changes.Count(c => c.Cut):N0} pay cut(s) among {changes.Count:N0} change(s). <a href=\"/postings?platform={Uri.EscapeDataString(name)}\">All its postings and pay changes</a>.</p>");
        PromisedVsPaidTable(sb, PromisedVsPaid.Compute(connection, rows, filter));
        return sb.ToString();
    }

    /// <summary>Per month: the median hourly rate advertised in its postings beside the median effective pay its workers logged.</summary>
    static void PromisedVsPaidTable(StringBuilder sb, List<PromisedVsPaidRow> months)
    {
        sb.Append("<div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\"promised against paid\"><table id=\"promised-vs-paid\"><caption>Promised in public against paid: median advertised hourly rate (postings) and median effective pay (worker logs, unpaid time counted), USD</caption>");
        sb.Append("<thead><tr><th scope=\"col\">month</th><th scope=\"col\">advertised</th><th scope=\"col\">postings (n)</th><th scope=\"col\">effective</th><th scope=\"col\">logs (n)</th><th scope=\"col\">gap</th></tr></thead><tbody>");
        foreach (var m in months)
            sb.Append($"<tr><th scope=\"row\">{E(m.Month)}</th><td>{Dollars(m.AdvertisedMedianUsd)}</td><td>{m.Postings:N0}</td><td>{(m.Suppressed ? "<span class=\"suppressed\">suppressed</span>" : Dollars(m.EffectiveMedianUsd))}</td><td>{m.Logs:N0}</td><td>{Percent(m.Gap)}</td></tr>");
        if (months.Count == 0) sb.Append("<tr><td colspan=\"6\">No postings or logs for these months.</td></tr>");
        sb.Append("</tbody></table></div>");
    }

}
