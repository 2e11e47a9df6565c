using System.Globalization;
using AngleSharp.Html.Parser;
using LaborWatch.Charts;
using LaborWatch.Contracts;
using LaborWatch.Reports;
using PdfSharp.Pdf;

namespace LaborWatch.Exports;

/// <summary>
/// `report --out FILE.pdf`: the HTML report's document as a PDF, drawn with PDFsharp (MIT) in the shipped DejaVu Sans:
/// the first page with the findings, one figure a section (its chart as the PNG the dashboard serves, its caption and
/// n, its top rows), the tables, then suppression, the methodology and the reference tables; the release, the data
/// fingerprint and the page number in the footer of every page. A4.
/// </summary>
public static class PdfExport
{
    public static byte[] Write(ReportContent report, DateTimeOffset generatedAt, ReportTables tables = ReportTables.Top)
    {
        PdfFonts.Install();
        using var document = new PdfDocument();
        document.Info.Title = "LaborWatch report";
        document.Info.Creator = $"laborwatch {report.ToolVersion}";
        document.Info.CreationDate = generatedAt.UtcDateTime;
        document.Info.ModificationDate = generatedAt.UtcDateTime;
        var flow = new PdfFlow(document);
        var f = report.Filter;

        flow.Heading("LaborWatch report", PdfFlow.Title);
        foreach (var (name, value) in new[]
                 {
                     ("Generated", generatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)),
                     ("Filters", HtmlExport.Describe(f)), ("Tool", $"laborwatch {report.ToolVersion}"),
                     ("Data fingerprint", report.DataFingerprint), ("Reproduce", report.Command("report.pdf") + (tables == ReportTables.Top ? "" : " --tables " + tables.Name())),
                     ("Release", Release.Describe(report.Stats.Release, f.Exact)),
                 })
            flow.Paragraph($"{name}: {value}", PdfFlow.Body, after: 1);
        flow.Space(6);
        flow.Paragraph("How to cite: " + HtmlExport.Citation(report), PdfFlow.Body);
        if (report.Stats.Pay.SyntheticLogs > 0)
            flow.Paragraph($"Synthetic sample data. {report.Stats.Pay.SyntheticLogs:N0} of {report.Stats.Pay.Logs:N0} logs are invented for demonstration; no figure here describes a real platform.", PdfFlow.Bold);

        flow.Heading("Key findings", PdfFlow.Section);
        var findings = KeyFindings.Of(report);
        if (findings.Count == 0) flow.Paragraph(KeyFindings.None, PdfFlow.Body);
        for (var i = 0; i < findings.Count; i++)
            flow.Paragraph($"{i + 1}. {findings[i].Subject}{findings[i].Joiner}{findings[i].Text}", PdfFlow.Body, after: 2);
        if (!f.Exact) flow.Paragraph(StatsReport.ProtectionNote, PdfFlow.Small);
        var pay = report.Stats.Pay;
        flow.Heading("Summary", PdfFlow.Section);
        flow.Paragraph($"{pay.Logs:N0} approved contract logs were selected ({pay.Excluded:N0} of them left out of the dollar figures: no hours, or a currency without an exchange rate). " +
                       $"{pay.Groups.Count(g => !g.Suppressed)} of {pay.Groups.Count} pay groups are published; {pay.Groups.Count(g => g.Suppressed)} are suppressed to protect the workers in them. " +
                       $"{report.Postings.Count:N0} postings and {report.PayChanges.Count:N0} pay changes ({report.PayChanges.Count(c => c.Cut):N0} cuts) were recorded.", PdfFlow.Body);

        var number = 0;
        foreach (var chart in report.Charts) Figure(flow, chart, ++number, tables);
        if (tables != ReportTables.None)
        {
            flow.NewPage();
            var top = tables == ReportTables.Top;
            flow.Heading(top ? "Tables: the largest and smallest groups" : "Appendix: every table in full", PdfFlow.Section);
            if (top) flow.Paragraph("Each table shows the groups with the most logs and those with the fewest; every row is in the CSV and JSON exports.", PdfFlow.Body);
            foreach (var (table, caption, columns, rank) in HtmlTables.Printed(f))
            {
                var (headers, rows, total) = HtmlTables.Select(report, table, top, rank);
                var index = columns.Select(c => Array.IndexOf(headers, c)).Where(i => i >= 0 && headers[i] is not ("url" or "content_sha256" or "title")).ToArray();
                var suppressedAt = Array.IndexOf(headers, "suppressed");
                flow.Table($"{caption} ({(rows.Count == total ? $"{total} rows" : $"{rows.Count} of {total} rows")})", index.Select(i => headers[i]).ToArray(),
                    rows.Select(r => index.Select(i => HtmlTables.Cell(r[i], suppressedAt >= 0 && r[suppressedAt] is true)).ToArray()).ToList());
            }
        }

        flow.NewPage();
        var s = report.Stats;
        flow.Heading("Suppression", PdfFlow.Section);
        flow.Paragraph($"A figure is published only when at least k = {f.K} different workers stand behind it and no worker has more than 80% of its logs; where a line of a table would hold exactly one suppressed cell, the smallest other cell of the line is suppressed too. " +
                       $"In this report: {s.Pay.Groups.Count(g => g.Suppressed)} of {s.Pay.Groups.Count} pay groups, {s.Cancellation.Count(g => g.Suppressed)} of {s.Cancellation.Count} cancellation groups and {s.Misclassification.Count(g => g.Suppressed)} of {s.Misclassification.Count} misclassification groups are suppressed. Raw contract logs and notes are never exported.", PdfFlow.Body);
        flow.Heading("Methodology", PdfFlow.Section);
        Methodology(flow);
        flow.Heading("Reference data and its sources", PdfFlow.Section);
        flow.Table("Reference tables the figures use", ["table", "rows", "SHA-256"],
            ReportContent.ReferenceTables.Select(t => new[] { t.Name + ".tsv", t.Rows.Count.ToString(CultureInfo.InvariantCulture), t.Sha256[..16] + "…" }).ToList());

        flow.Finish($"LaborWatch · {Release.Describe(report.Stats.Release, f.Exact)} · data fingerprint {report.DataFingerprint[..16]}");
        using var output = new MemoryStream();
        document.Save(output, false);
        return output.ToArray();
    }

    /// <summary>A figure kept on one page: its caption with the n, the chart, and its top points (or all, or none).</summary>
    static void Figure(PdfFlow flow, ChartSpec chart, int number, ReportTables tables)
    {
        var rows = chart.Table().ToList();
        var shown = tables switch { ReportTables.None => [], ReportTables.All => rows, _ => rows.Count == 0 ? rows : HtmlTables.TopPoints(chart, rows) };
        var headers = chart.Kind == ChartKind.Heatmap ? new[] { "row", "column", "value" } : ["series", "point", "value", "low", "high", "n"];
        var caption = string.Join(" ", new[] { chart.Subtitle }.Concat(chart.Notes).Where(t => t is not null));
        var png = ChartRenderer.Png(chart);
        flow.KeepTogether(flow.HeightOf($"Figure {number}. {chart.Title}", PdfFlow.Bold) + flow.HeightOf(caption, PdfFlow.Small) + flow.ImageHeight(png, 0.8) + flow.TableHeight(Math.Min(shown.Count, 12)));
        flow.Paragraph($"Figure {number}. {chart.Title}", PdfFlow.Bold, after: 1);
        flow.Paragraph(caption, PdfFlow.Small);
        flow.Image(png, 0.8);
        if (rows.Count == 0) flow.Paragraph("No data to show for these filters.", PdfFlow.Body);
        else if (shown.Count > 0)
            flow.Table(shown.Count == rows.Count ? $"Figure {number}, data: all {rows.Count} points" : $"Figure {number}, data: {shown.Count} of {rows.Count} points, the largest and the smallest (every point is in the chart's CSV)", headers, shown);
        flow.Space(10);
    }

    /// <summary>The methodology's words, from the same HTML the dashboard and the HTML report show (its tables are in the HTML report).</summary>
    static void Methodology(PdfFlow flow)
    {
        var page = new HtmlParser().ParseDocument("<body>" + Reports.Methodology.Html() + "</body>");
        foreach (var element in page.Body!.QuerySelectorAll("h3, h4, p"))
        {
            var text = System.Text.RegularExpressions.Regex.Replace(element.TextContent, @"\s+", " ").Trim();
            if (text.Length == 0) continue;
            if (element.LocalName is "h3" or "h4") flow.Heading(text, PdfFlow.Subsection);
            else flow.Paragraph(text, PdfFlow.Body);
        }
    }
}
