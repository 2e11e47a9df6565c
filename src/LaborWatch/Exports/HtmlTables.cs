using System.Globalization;
using System.Net;
using System.Text;
using LaborWatch.Charts;
using LaborWatch.Contracts;

namespace LaborWatch.Exports;

/// <summary>
/// The HTML report's figures and tables: each figure with its caption and n, and, as <see cref="ReportTables"/> says,
/// the five rows that matter most (the largest groups and the smallest), every row in an appendix, or none.
/// </summary>
public static class HtmlTables
{
    /// <summary>How many rows a table shows under <see cref="ReportTables.Top"/>: three largest, two smallest.</summary>
    public const int TopRows = 5;

    static string E(object? s) => WebUtility.HtmlEncode(Convert.ToString(s, CultureInfo.InvariantCulture) ?? "");

    public static void Figure(StringBuilder sb, ChartSpec chart, string svg, int number, ReportTables tables)
    {
        var id = "chart-" + chart.Name;
        sb.Append($"<section class=\"figure\"><figure id=\"{id}\" aria-labelledby=\"{id}-caption\"><figcaption id=\"{id}-caption\"><strong>Figure {number}. {E(chart.Title)}</strong>");
        if (chart.Subtitle is { } subtitle) sb.Append($"<span>{E(subtitle)}</span>");
        if (chart.Notes.Count > 0) sb.Append($"<span>{E(string.Join(" ", chart.Notes))}</span>");
        sb.Append("</figcaption>");
        sb.Append($"<div role=\"img\" aria-label=\"{E(chart.Title)}: the table below gives its points\">{svg}</div>");
        var rows = chart.Table().ToList();
        if (rows.Count == 0) sb.Append("<p>No data to show for these filters.</p>");
        else if (tables != ReportTables.None)
        {
            var shown = tables == ReportTables.All ? rows : TopPoints(chart, rows);
            var what = shown.Count == rows.Count ? $"all {rows.Count} points" : $"{shown.Count} of {rows.Count} points: the largest and the smallest (every point is in the chart's CSV)";
            var headers = chart.Kind == ChartKind.Heatmap ? new[] { "row", "column", "value" } : ["series", "point", "value", "low", "high", "n"];
            sb.Append($"<div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\"{E(chart.Title)}: data (scrolls sideways)\"><table><caption>Figure {number}, data: {E(what)}</caption><thead><tr>");
            foreach (var h in headers) sb.Append($"<th scope=\"col\">{h}</th>");
            sb.Append("</tr></thead><tbody>");
            foreach (var row in shown) sb.Append("<tr>").Append(string.Concat(row.Select(c => $"<td>{E(c)}</td>"))).Append("</tr>");
            sb.Append("</tbody></table></div>");
        }
        sb.Append("</figure></section>");
    }

    /// <summary>A chart's points that matter most: by n, the three largest and the two smallest; a heatmap's five highest cells.</summary>
    internal static List<string[]> TopPoints(ChartSpec chart, List<string[]> rows)
    {
        if (chart.Kind == ChartKind.Heatmap)
            return rows.Where(r => r[2] != "-").OrderByDescending(r => double.Parse(r[2], CultureInfo.InvariantCulture)).Take(TopRows).ToList();
        var byN = rows.OrderByDescending(r => int.Parse(r[5], CultureInfo.InvariantCulture)).ToList();
        return LargestAndSmallest(byN);
    }

    /// <summary>From rows ordered largest first: the three first and the two last, each once.</summary>
    static List<T> LargestAndSmallest<T>(List<T> ordered)
    {
        if (ordered.Count <= TopRows) return ordered;
        return [.. ordered.Take(TopRows - 2), .. ordered.Skip(ordered.Count - 2)];
    }

    /// <summary>The report's tables: the top rows of each (the default), every row in an appendix, or a line saying where they are.</summary>
    public static void Tables(StringBuilder sb, ReportContent report, ReportTables tables)
    {
        if (tables == ReportTables.None)
        {
            sb.Append("<p class=\"tables-note\">The tables are left out of this report (<code>--tables none</code>); the CSV and JSON exports carry every row.</p>");
            return;
        }
        var top = tables == ReportTables.Top;
        sb.Append(top
            ? "<section class=\"tables\"><h2 id=\"tables\">Tables: the largest and smallest groups</h2><p>Each table shows the groups with the most logs and those with the fewest; every row is in the CSV and JSON exports (and in this report with <code>--tables all</code>).</p>"
            : "<section class=\"appendix\"><h2 id=\"tables\">Appendix: every table in full</h2>");
        foreach (var (table, caption, columns, rank) in Printed(report.Filter))
        {
            if (table == "misclassification") sb.Append($"<p><strong>{E(Misclassification.Rubric.Caveat)}</strong></p>");
            if (table == "postings") sb.Append("<h3>Postings and where they came from</h3><p>Postings are public and not suppressed. Each is traced to the SHA-256 of the page or API response its pay was read from.</p>");
            Table(sb, report, table, caption, columns, top, rank);
            if (table == "misclassification") sb.Append("<p>Each indicator's share is in misclassification.csv of the bundle.</p>");
        }
        if (!top)
        {
            sb.Append("<h3>Every point of every figure</h3>");
            var number = 0;
            foreach (var chart in report.Charts)
            {
                number++;
                var rows = chart.Table().ToList();
                if (rows.Count == 0) continue;
                var headers = chart.Kind == ChartKind.Heatmap ? new[] { "row", "column", "value" } : ["series", "point", "value", "low", "high", "n"];
                sb.Append($"<div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Figure {number}: every point (scrolls sideways)\"><table><caption>Figure {number}. {E(chart.Title)}: every point</caption><thead><tr>");
                foreach (var h in headers) sb.Append($"<th scope=\"col\">{h}</th>");
                sb.Append("</tr></thead><tbody>");
                foreach (var row in rows) sb.Append("<tr>").Append(string.Concat(row.Select(c => $"<td>{E(c)}</td>"))).Append("</tr>");
                sb.Append("</tbody></table></div>");
            }
        }
        sb.Append("</section>");
    }

    /// <param name="rank">the column that says which rows matter most: a group's size, a posting's last sighting, a change being a cut</param>
    /// <summary>A table's rows as the report prints them: all, or the <see cref="TopRows"/> that <paramref name="rank"/> says matter most.</summary>
    internal static (string[] Headers, List<object?[]> Rows, int Total) Select(ReportContent report, string table, bool top, string rank)
    {
        var (headers, all) = CsvExport.Grid(report, table);
        var rows = all.ToList();
        if (top)
        {
            var at = Array.IndexOf(headers, rank);
            var ordered = at < 0 ? rows : rows.OrderByDescending(r => r[at] is null ? "" : Convert.ToString(r[at], CultureInfo.InvariantCulture) ?? "", Comparer<string>.Create(CompareValues)).ToList();
            rows = rank is "logs" or "ended" ? LargestAndSmallest(ordered) : ordered.Take(TopRows).ToList();
        }
        return (headers, rows, all.Count);
    }

    /// <summary>A cell as the report prints it: null is "suppressed" in a suppressed row, else a dash; numbers to four places.</summary>
    internal static string Cell(object? value, bool suppressed) =>
        value is null ? (suppressed ? "suppressed" : "–") : value is double d ? d.ToString("0.####", CultureInfo.InvariantCulture) : Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";

    /// <summary>The tables the report prints, in order: name, caption, the columns shown, and the column that ranks the rows.</summary>
    internal static IEnumerable<(string Table, string Caption, string[] Columns, string Rank)> Printed(StatsFilter filter) =>
    [
        ("pay", "Pay (effective hourly pay in USD, unpaid time, minimum wage, advertised gap)",
            [.. filter.By, "logs", "submitters", "ehp_usd_p25", "ehp_usd_median", "ehp_usd_p75", "ehp_usd_pooled", "ehp_usd_n", "unpaid_share", "below_minimum_wage_share", "below_minimum_wage_n", "advertised_gap", "advertised_gap_n"], "logs"),
        ("cancellation", "Cancellations (by month ended)", [.. filter.By, "ended", "submitters", "platform_ended", "rate", "ci95_low", "ci95_high", "abrupt_share", "abrupt_n"], "ended"),
        ("misclassification", "Misclassification signals", [.. filter.By, "logs", "submitters", "abc_a", "abc_b", "abc_c", "abc_any", "dol_factors_mean", "irs_factors_mean", "eu_proposal_presumption_share"], "logs"),
        ("postings", "Postings (latest pay)", ["platform", "title", "pay_min", "pay_max", "pay_currency", "pay_unit", "hourly_min", "hourly_max", "first_seen", "last_seen", "url", "content_sha256"], "last_seen"),
        ("pay_changes", "Pay changes", ["platform", "observed_at", "before_min", "before_max", "before_unit", "after_min", "after_max", "after_unit", "cut", "url"], "cut"),
        ("promised_vs_paid", "Advertised against paid (per platform and month: postings' hourly pay beside the published effective pay of logs started that month)",
            ["platform", "month", "advertised_postings", "advertised_median_usd", "logs", "suppressed", "effective_median_usd", "gap"], "logs"),
    ];

    static void Table(StringBuilder sb, ReportContent report, string table, string caption, IReadOnlyList<string> columns, bool top, string rank)
    {
        var (headers, rows, total) = Select(report, table, top, rank);
        var index = columns.Select(c => Array.IndexOf(headers, c)).Where(i => i >= 0).ToArray();
        var suppressedAt = Array.IndexOf(headers, "suppressed");
        var count = rows.Count == total ? $"{total} rows" : $"{rows.Count} of {total} rows";
        sb.Append($"<div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\"{E(caption)} (scrolls sideways)\"><table id=\"table-{table}\"><caption>{E(caption)} ({count})</caption><thead><tr>");
        foreach (var i in index) sb.Append($"<th scope=\"col\">{E(headers[i])}</th>");
        sb.Append("</tr></thead><tbody>");
        foreach (var row in rows)
        {
            var suppressed = suppressedAt >= 0 && row[suppressedAt] is true;
            sb.Append(suppressed ? "<tr class=\"suppressed\">" : "<tr>");
            foreach (var i in index)
            {
                var value = row[i];
                var text = Cell(value, suppressed);
                sb.Append(headers[i] == "url" && value is string url && Uri.TryCreate(url, UriKind.Absolute, out var u) && u.Scheme is "http" or "https"
                    ? $"<td class=\"url\"><a href=\"{E(url)}\">{E(url)}</a></td>"
                    : headers[i] is "url" or "content_sha256" ? $"<td class=\"url\">{E(text)}</td>" : $"<td>{E(text)}</td>");
            }
            sb.Append("</tr>");
        }
        sb.Append("</tbody></table></div>");
    }

    /// <summary>Numbers by value, anything else (dates as YYYY-MM-DD, True/False) by its text.</summary>
    static int CompareValues(string? a, string? b) =>
        double.TryParse(a, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && double.TryParse(b, NumberStyles.Float, CultureInfo.InvariantCulture, out var y)
            ? x.CompareTo(y) : string.CompareOrdinal(a, b);
}
