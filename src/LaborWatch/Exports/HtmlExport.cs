using LaborWatch.Reports;
using System.Globalization;
using System.Net;
using System.Text;
using LaborWatch.Charts;
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
    /// <summary>
    /// On screen a readable column; on paper (A4 or US Letter, whichever the printer has) a first page with the findings,
    /// then one figure a section that never splits across pages, headings kept with what follows them, table headers
    /// repeated, and the release, the data fingerprint and the page number in the margin of every page.
    /// </summary>
    const string Styles = """
            body{font-family:system-ui,sans-serif;max-width:60rem;margin:0 auto;padding:1rem;color:#111;line-height:1.45}
            .sources a{display:inline-block;min-height:24px;min-width:24px;padding:.15rem .3rem}
            table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums;margin:.5rem 0;font-size:.9rem}
            th,td{padding:.25rem .4rem;border-bottom:1px solid #bbb;text-align:right;vertical-align:top}th:first-child,td:first-child{text-align:left}
            caption{text-align:left;font-weight:600;margin:.4rem 0}.suppressed{font-style:italic;color:#444}
            .synthetic{background:#fff3cd;border:1px solid #8a6d00;padding:.5rem}figure{margin:1rem 0}figure svg{max-width:100%;height:auto}
            figcaption span{display:block}dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dl.meta dt{font-weight:600}code{word-break:break-all}
            .scroll{overflow-x:auto}td.url{text-align:left;word-break:break-all;max-width:22rem}td.url a{display:inline-block;min-height:24px;padding:.15rem 0}
            @media print{body{max-width:none;font-size:9pt;padding:0}.scroll{overflow:visible}a{color:inherit}
            h2,h3,figcaption,caption{break-after:avoid}section.figure,tr,dl.meta,li{break-inside:avoid}thead{display:table-header-group}
            section.figure svg{display:block;width:78%;margin:0 auto}section.tables,section.appendix,section.about{break-before:page}
            table{font-size:8pt}th,td{padding:.1rem .3rem}}
        """;

    static string E(object? s) => WebUtility.HtmlEncode(Convert.ToString(s, CultureInfo.InvariantCulture) ?? "");

    public static byte[] Write(ReportContent report, DateTimeOffset generatedAt, IReadOnlyDictionary<string, string>? svgs = null, ReportTables tables = ReportTables.Top)
    {
        var f = report.Filter;
        var sb = new StringBuilder();
        sb.Append($$"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
            <title>LaborWatch report{{(f.Platforms.Count > 0 ? ": " + E(string.Join(", ", f.Platforms)) : "")}}</title>
            <style>{{Styles}}{{PageMargins(report)}}</style></head><body>
            <h1>LaborWatch report</h1>
            <dl class="meta">
            <dt>Generated</dt><dd>{{E(generatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture))}}</dd>
            <dt>Filters</dt><dd>{{E(Describe(f))}}</dd>
            <dt>Tool</dt><dd>laborwatch {{E(report.ToolVersion)}}</dd>
            <dt>Data fingerprint</dt><dd><code>{{E(report.DataFingerprint)}}</code> (SHA-256 of the data behind every figure)</dd>
            <dt>Reproduce</dt><dd><code>{{E(report.Command("report.html") + (tables == ReportTables.Top ? "" : " --tables " + tables.Name()))}}</code></dd>
            <dt>Release</dt><dd>{{E(Release.Describe(report.Stats.Release, f.Exact))}}</dd>
            </dl>
            """);
        sb.Append($"<p class=\"cite\"><strong>How to cite:</strong> {E(Citation(report))}</p>");
        if (report.Stats.Pay.SyntheticLogs > 0)
            sb.Append($"<p class=\"synthetic\"><strong>Synthetic sample data.</strong> {report.Stats.Pay.SyntheticLogs:N0} of {report.Stats.Pay.Logs:N0} logs are invented for demonstration; no figure here describes a real platform.</p>");
        Findings(sb, report, links: tables != ReportTables.None);
        Summary(sb, report);
        var number = 0;
        foreach (var chart in report.Charts)
            HtmlTables.Figure(sb, chart, svgs?.GetValueOrDefault(chart.Name) ?? ChartRenderer.Svg(chart), ++number, tables);
        HtmlTables.Tables(sb, report, tables);
        sb.Append("<section class=\"about\">");
        Suppression(sb, report);
        sb.Append("<h2>Methodology</h2>").Append(Methodology.Html());
        References(sb);
        sb.Append("</section></body></html>\n");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    /// <summary>The printed page's margins: the release and the data fingerprint on the left of every page, its number on the right.</summary>
    static string PageMargins(ReportContent report)
    {
        static string Css(string text) => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("<", "\\3C ") + "\"";
        var footer = $"LaborWatch · {Release.Describe(report.Stats.Release, report.Filter.Exact)} · data fingerprint {report.DataFingerprint[..16]}";
        return $"@page{{margin:14mm 14mm 16mm;@bottom-left{{content:{Css(footer)};font:7pt system-ui,sans-serif;color:#333}}" +
               "@bottom-right{content:\"page \" counter(page) \" of \" counter(pages);font:7pt system-ui,sans-serif;color:#333}}";
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

    /// <summary>The key findings (<see cref="KeyFindings"/>), each linking the table behind it when the report prints tables.</summary>
    static void Findings(StringBuilder sb, ReportContent report, bool links)
    {
        var items = KeyFindings.Of(report).Select(f =>
            $"<strong>{E(f.Subject)}</strong>{f.Joiner}{E(f.Text)}{(links ? $" <a href=\"#table-{f.Table}\">{f.TableName}</a>" : "")}").ToList();
        sb.Append("<h2 class=\"first\" id=\"findings\">Key findings</h2>");
        if (items.Count == 0) sb.Append($"<p>{KeyFindings.None}</p>");
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
        if (best.Count > 10)
        {
            sb.Append($"<p>The ten published groups with the lowest median effective pay, of {best.Count}:</p>");
            best = best.Take(10).ToList();
        }
        if (best.Count > 0)
        {
            sb.Append("<ul>");
            foreach (var g in best)
                sb.Append($"<li>{E(string.Join(", ", report.Filter.By.Select(d => g.Key[d])))}: median effective pay ${StatsReport.Money(g.Median!.Value):0.00} an hour (n = {g.EhpN}); unpaid share {(g.UnpaidShare is { } u ? (u * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "–")}</li>");
            sb.Append("</ul>");
        }
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
