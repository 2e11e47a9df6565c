using LaborWatch.Reports;
using System.Globalization;
using System.Net;
using System.Text;
using LaborWatch.Charts;
using LaborWatch.Privacy;
using LaborWatch.Contracts;

namespace LaborWatch.Exports;

/// <summary>
/// The HTML report: one self-contained file (charts inline as SVG, styles inline, a CSP that forbids loading
/// anything) that reads on screen and prints: summary, charts with their tables, the tables, postings with
/// their sources, suppression notes, methodology, the reference data with sources, the filters and when and
/// from what data it was made.
/// </summary>
public static class HtmlExport
{
    const string Styles = """
            body{font-family:system-ui,sans-serif;max-width:60rem;margin:0 auto;padding:1rem;color:#111;line-height:1.45}
            .sources a{display:inline-block;min-height:24px;min-width:24px;padding:.15rem .3rem}
            table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums;margin:.5rem 0;font-size:.9rem}
            th,td{padding:.25rem .4rem;border-bottom:1px solid #bbb;text-align:right;vertical-align:top}th:first-child,td:first-child{text-align:left}
            caption{text-align:left;font-weight:600;margin:.4rem 0}.suppressed{font-style:italic;color:#444}
            .synthetic{background:#fff3cd;border:1px solid #8a6d00;padding:.5rem}figure{margin:1rem 0;break-inside:avoid}figure svg{max-width:100%;height:auto}
            dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dl.meta dt{font-weight:600}code{word-break:break-all}
            .scroll{overflow-x:auto}td.url{text-align:left;word-break:break-all;max-width:22rem}td.url a{display:inline-block;min-height:24px;padding:.15rem 0}
            @media print{body{max-width:none;font-size:10pt}.scroll{overflow:visible}h2{break-before:page}h2.first{break-before:auto}a{color:inherit}thead{display:table-header-group}tr{break-inside:avoid}}
        """;

    static string E(object? s) => WebUtility.HtmlEncode(Convert.ToString(s, CultureInfo.InvariantCulture) ?? "");

    public static byte[] Write(ReportContent report, DateTimeOffset generatedAt, IReadOnlyDictionary<string, string>? svgs = null)
    {
        var f = report.Filter;
        var sb = new StringBuilder();
        sb.Append($$"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
            <title>LaborWatch report{{(f.Platforms.Count > 0 ? ": " + E(string.Join(", ", f.Platforms)) : "")}}</title>
            <style>{{Styles}}</style></head><body>
            <h1>LaborWatch report</h1>
            <dl class="meta">
            <dt>Generated</dt><dd>{{E(generatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture))}}</dd>
            <dt>Filters</dt><dd>{{E(Describe(f))}}</dd>
            <dt>Tool</dt><dd>laborwatch {{E(report.ToolVersion)}}</dd>
            <dt>Data fingerprint</dt><dd><code>{{E(report.DataFingerprint)}}</code> (SHA-256 of the data behind every figure)</dd>
            <dt>Reproduce</dt><dd><code>{{E(report.Command("report.html"))}}</code></dd>
            <dt>Release</dt><dd>{{E(Release.Describe(report.Stats.Release, f.Exact))}}</dd>
            </dl>
            """);
        sb.Append($"<p class=\"cite\"><strong>How to cite:</strong> {E(Citation(report))}</p>");
        if (report.Stats.Pay.SyntheticLogs > 0)
            sb.Append($"<p class=\"synthetic\"><strong>Synthetic sample data.</strong> {report.Stats.Pay.SyntheticLogs:N0} of {report.Stats.Pay.Logs:N0} logs are invented for demonstration; no figure here describes a real platform.</p>");
        Findings(sb, report);
        Summary(sb, report);
        sb.Append("<h2>Charts</h2>");
        var number = 0;
        foreach (var chart in report.Charts) Chart(sb, chart, svgs?.GetValueOrDefault(chart.Name) ?? ChartRenderer.Svg(chart), ++number);
        sb.Append("<h2>Tables</h2>");
        Table(sb, report, "pay", "Pay (effective hourly pay in USD, unpaid time, minimum wage, advertised gap)",
            [.. f.By, "logs", "submitters", "ehp_usd_p25", "ehp_usd_median", "ehp_usd_p75", "ehp_usd_pooled", "ehp_usd_n", "unpaid_share", "below_minimum_wage_share", "below_minimum_wage_n", "advertised_gap", "advertised_gap_n"]);
        Table(sb, report, "cancellation", "Cancellations (by month ended)", [.. f.By, "ended", "submitters", "platform_ended", "rate", "ci95_low", "ci95_high", "abrupt_share", "abrupt_n"]);
        sb.Append($"<p><strong>{E(Misclassification.Rubric.Caveat)}</strong></p>");
        Table(sb, report, "misclassification", "Misclassification signals", [.. f.By, "logs", "submitters", "abc_a", "abc_b", "abc_c", "abc_any", "dol_factors_mean", "irs_factors_mean", "eu_proposal_presumption_share"]);
        sb.Append("<p>Each indicator's share is in misclassification.csv of the bundle.</p>");
        sb.Append("<h2>Postings and where they came from</h2><p>Postings are public and not suppressed. Each is traced to the SHA-256 of the page or API response its pay was read from.</p>");
        Table(sb, report, "postings", "Postings (latest pay)", ["platform", "title", "pay_min", "pay_max", "pay_currency", "pay_unit", "hourly_min", "hourly_max", "first_seen", "last_seen", "url", "content_sha256"]);
        Table(sb, report, "pay_changes", "Pay changes", ["platform", "observed_at", "before_min", "before_max", "before_unit", "after_min", "after_max", "after_unit", "cut", "url"]);
        Table(sb, report, "promised_vs_paid", "Advertised against paid (per platform and month: postings' hourly pay beside the published effective pay of logs started that month)",
            ["platform", "month", "advertised_postings", "advertised_median_usd", "logs", "suppressed", "effective_median_usd", "gap"]);
        Suppression(sb, report);
        sb.Append("<h2>Methodology</h2>").Append(Methodology.Html());
        References(sb);
        sb.Append("</body></html>\n");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    public static string Describe(StatsFilter f) =>
        $"platforms: {(f.Platforms.Count == 0 ? "all" : string.Join(", ", f.Platforms))}; " +
        (f.Parents.Count > 0 ? $"parent companies: {string.Join(", ", f.Parents)}; " : "") +
        (f.TaskTypes.Count > 0 ? $"task types: {string.Join(", ", f.TaskTypes)}; " : "") +
        (f.Countries.Count > 0 ? $"countries: {string.Join(", ", f.Countries)}; " : "") +
        $"months: {f.From ?? "first"} to {f.To ?? "latest"}; " +
        $"grouped by {string.Join(", ", f.By)}; k = {f.K}";

    /// <summary>"LaborWatch, release 3 (cut …), data fingerprint …, laborwatch report …": enough to find the same figures again.</summary>
    public static string Citation(ReportContent report) =>
        $"LaborWatch, {Release.Describe(report.Stats.Release, report.Filter.Exact)}, " +
        $"{Describe(report.Filter)}; data fingerprint {report.DataFingerprint[..16]}…; reproduce with: {report.Command("report.html")}";

    /// <summary>
    /// The findings a reader wants first, each computed from the published figures of the tables below, with its n
    /// and a link to its table: the groups most often paid below the local minimum wage, the largest gaps between
    /// advertised and effective pay, the highest cancellation rates with their 95% intervals, and the pay cuts seen
    /// in postings. Suppressed groups never appear; every figure is the protected one.
    /// </summary>
    static void Findings(StringBuilder sb, ReportContent report)
    {
        static string Pct(double v) => (v * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";
        string Name(GroupKey key) => string.Join(", ", report.Filter.By.Select(d => key[d] ?? "(unknown)"));
        var pay = report.Stats.Pay.Groups.Where(g => !g.Suppressed).ToList();
        var items = new List<string>();
        foreach (var g in pay.Where(g => g.BelowMinimumWageShare is > 0 && g.BelowMinimumWageN > 0).OrderByDescending(g => g.BelowMinimumWageShare).Take(3))
            items.Add($"<strong>{E(Name(g.Key))}</strong>: {Pct(g.BelowMinimumWageShare!.Value)} of logs paid below the local minimum wage once unpaid time is counted (n = {g.BelowMinimumWageN:N0} logs with a known wage). <a href=\"#table-pay\">Pay table</a>");
        foreach (var g in pay.Where(g => g.AdvertisedGap is > 0 && g.AdvertisedGapN > 0).OrderByDescending(g => g.AdvertisedGap).Take(3))
            items.Add($"<strong>{E(Name(g.Key))}</strong>: effective pay {Pct(g.AdvertisedGap!.Value)} below the advertised hourly rate (median gap, n = {g.AdvertisedGapN:N0} hourly logs). <a href=\"#table-pay\">Pay table</a>");
        foreach (var c in report.Stats.Cancellation.Where(c => !c.Suppressed && c.Rate is not null).OrderByDescending(c => c.Rate).Take(3))
            items.Add($"<strong>{E(Name(c.Key))}</strong>: {Pct(c.Rate!.Value)} of ended contracts ended by the platform (95% interval {Pct(c.CiLow ?? 0)}–{Pct(c.CiHigh ?? 0)}, n = {c.Ended:N0} ended). <a href=\"#table-cancellation\">Cancellation table</a>");
        var cuts = report.PayChanges.Where(c => c.Cut).ToList();
        if (cuts.Count > 0)
        {
            var deepest = cuts.OrderBy(c => (c.After.Level ?? 0) / (c.Before.Level ?? 1)).First();
            items.Add($"<strong>{cuts.Count:N0} pay cut(s)</strong> seen in public postings (n = {report.Postings.Count:N0} postings watched); the deepest at {E(deepest.Platform)}: {E(deepest.Before.Describe())} to {E(deepest.After.Describe())} ({E(deepest.ObservedAt)}). <a href=\"#table-pay_changes\">Pay changes</a>");
        }
        sb.Append("<h2 class=\"first\" id=\"findings\">Key findings</h2>");
        if (items.Count == 0) sb.Append("<p>No finding can be published for these filters: too few workers in every group, or no data.</p>");
        else sb.Append("<ol class=\"findings\">").Append(string.Concat(items.Select(i => $"<li>{i}</li>"))).Append("</ol>");
        if (!report.Filter.Exact) sb.Append($"<p class=\"protection\">{E(StatsReport.ProtectionNote)}</p>");
    }

    static void Summary(StringBuilder sb, ReportContent report)
    {
        var pay = report.Stats.Pay;
        var published = pay.Groups.Count(g => !g.Suppressed);
        sb.Append($"<h2>Summary</h2><p>{pay.Logs:N0} approved contract logs were selected ({pay.Excluded:N0} of them left out of the dollar figures: no hours, or a currency without an exchange rate). ");
        sb.Append($"{published} of {pay.Groups.Count} pay groups are published; {pay.Groups.Count - published} are suppressed to protect the workers in them. ");
        sb.Append($"{report.Postings.Count:N0} postings and {report.PayChanges.Count:N0} pay changes ({report.PayChanges.Count(c => c.Cut):N0} cuts) were recorded.</p>");
        var best = pay.Groups.Where(g => !g.Suppressed && g.Median is not null).OrderBy(g => g.Median).ToList();
        if (best.Count > 0)
        {
            sb.Append("<ul>");
            foreach (var g in best)
                sb.Append($"<li>{E(string.Join(", ", report.Filter.By.Select(d => g.Key[d])))}: median effective pay ${StatsReport.Money(g.Median!.Value):0.00} an hour (n = {g.EhpN}); unpaid share {(g.UnpaidShare is { } u ? (u * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "–")}</li>");
            sb.Append("</ul>");
        }
    }

    static void Chart(StringBuilder sb, ChartSpec chart, string svg, int number)
    {
        var id = "chart-" + chart.Name;
        sb.Append($"<figure id=\"{id}\" aria-labelledby=\"{id}-caption\"><figcaption id=\"{id}-caption\"><strong>Figure {number}. {E(chart.Title)}</strong>{(chart.Notes.Count > 0 ? " " + E(string.Join(" ", chart.Notes)) : "")}</figcaption>");
        sb.Append($"<div role=\"img\" aria-label=\"{E(chart.Title)}: the table below gives every point\">{svg}</div>");
        var rows = chart.Table().ToList();
        if (rows.Count == 0) sb.Append("<p>No data to show for these filters.</p>");
        else
        {
            var headers = chart.Kind == ChartKind.Heatmap ? new[] { "row", "column", "value" } : ["series", "point", "value", "low", "high", "n"];
            sb.Append($"<div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\"{E(chart.Title)}: data (scrolls sideways)\"><table><caption>{E(chart.Title)}: data</caption><thead><tr>");
            foreach (var h in headers) sb.Append($"<th scope=\"col\">{h}</th>");
            sb.Append("</tr></thead><tbody>");
            foreach (var row in rows) sb.Append("<tr>").Append(string.Concat(row.Select(c => $"<td>{E(c)}</td>"))).Append("</tr>");
            sb.Append("</tbody></table></div>");
        }
        sb.Append("</figure>");
    }

    static void Table(StringBuilder sb, ReportContent report, string table, string caption, IReadOnlyList<string> columns)
    {
        var (headers, rows) = CsvExport.Grid(report, table);
        var index = columns.Select(c => Array.IndexOf(headers, c)).Where(i => i >= 0).ToArray();
        var suppressedAt = Array.IndexOf(headers, "suppressed");
        sb.Append($"<div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\"{E(caption)} (scrolls sideways)\"><table id=\"table-{table}\"><caption>{E(caption)} ({rows.Count} rows)</caption><thead><tr>");
        foreach (var i in index) sb.Append($"<th scope=\"col\">{E(headers[i])}</th>");
        sb.Append("</tr></thead><tbody>");
        foreach (var row in rows)
        {
            var suppressed = suppressedAt >= 0 && row[suppressedAt] is true;
            sb.Append(suppressed ? "<tr class=\"suppressed\">" : "<tr>");
            foreach (var i in index)
            {
                var value = row[i];
                var text = value is null ? (suppressed ? "suppressed" : "–") : value is double d ? d.ToString("0.####", CultureInfo.InvariantCulture) : Convert.ToString(value, CultureInfo.InvariantCulture);
                sb.Append(headers[i] == "url" && value is string url && Uri.TryCreate(url, UriKind.Absolute, out var u) && u.Scheme is "http" or "https"
                    ? $"<td class=\"url\"><a href=\"{E(url)}\">{E(url)}</a></td>"
                    : headers[i] is "url" or "content_sha256" ? $"<td class=\"url\">{E(text)}</td>" : $"<td>{E(text)}</td>");
            }
            sb.Append("</tr>");
        }
        sb.Append("</tbody></table></div>");
    }

    static void Suppression(StringBuilder sb, ReportContent report)
    {
        var s = report.Stats;
        int Count<T>(IEnumerable<T> groups, Func<T, bool> suppressed) => groups.Count(suppressed);
        sb.Append($"""
            <h2>Suppression</h2>
            <p>A figure is published only when at least k = {report.Filter.K} different workers stand behind it and no worker has more than
            80% of its logs; where a line of a table would hold exactly one suppressed cell, the smallest other cell of the line is suppressed too,
            so no hidden figure can be recovered by subtraction. A suppressed row keeps its keys and sizes; its figures are empty.
            In this report: {Count(s.Pay.Groups, g => g.Suppressed)} of {s.Pay.Groups.Count} pay groups, {Count(s.Cancellation, g => g.Suppressed)} of
            {s.Cancellation.Count} cancellation groups and {Count(s.Misclassification, g => g.Suppressed)} of {s.Misclassification.Count} misclassification
            groups are suppressed. Charts leave suppressed points out and say how many. Raw contract logs and notes are never exported.</p>
            """);
    }

    static void References(StringBuilder sb)
    {
        sb.Append("<h2>Reference data and its sources</h2><div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Reference tables (scrolls sideways)\"><table id=\"table-references\"><caption>Reference tables the figures use</caption><thead><tr><th scope=\"col\">table</th><th scope=\"col\">rows</th><th scope=\"col\">SHA-256</th><th scope=\"col\">sources</th></tr></thead><tbody>");
        foreach (var table in ReportContent.ReferenceTables)
        {
            var column = table.Header.ToList().IndexOf("source");
            var sources = column < 0 ? [] : table.Rows.SelectMany(r => r[column].Split(" ; ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct().ToList();
            var links = string.Join(" ", sources.Take(25).Select(src => Uri.TryCreate(src, UriKind.Absolute, out var u) && u.Scheme is "http" or "https" ? $"<a href=\"{E(src)}\">{E(u.Host)}</a>" : E(src)));
            sb.Append($"<tr><td>{E(table.Name)}.tsv</td><td>{table.Rows.Count}</td><td class=\"url\"><code>{E(table.Sha256)}</code></td><td class=\"url\">{(sources.Count > 25 ? links + $" and {sources.Count - 25} more" : links.Length > 0 ? links : "(structural table)")}</td></tr>");
        }
        sb.Append("</tbody></table></div>");
    }
}
