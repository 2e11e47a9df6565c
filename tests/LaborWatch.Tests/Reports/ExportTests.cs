using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AngleSharp.Html.Parser;
using CsvHelper;
using LaborWatch.Contracts;
using LaborWatch.Exports;
using LaborWatch.Scraping;

namespace LaborWatch.Tests.Reports;

[TestClass]
public sealed class ExportTests
{
    static readonly string[] FormulaNames = ["=SUM(A1)", "+1+1", "-2+3 Labs", "@SUM(1)"];
    const string TinyGross = "777.77";   // the suppressed platform's pay: 77.777 an hour, to look for in every export

    /// <summary>Alpha: 12 workers (published); Tiny: 3 workers (suppressed); one worker on each formula-named platform; two days of postings.</summary>
    /// <param name="alphaLogs">Alpha's workers: 12 for the exact figures' tests; enough for the synopsis to publish its figures (150) for the published report's</param>
    static TestDatabase Known(int alphaLogs = 12)
    {
        var db = new TestDatabase();
        var rows = Enumerable.Range(1, alphaLogs).Select(i => Rows.Valid($"a{i}", ("gross_pay", (200 + i).ToString(CultureInfo.InvariantCulture))))
            .Concat(Enumerable.Range(1, 3).Select(i => Rows.Valid($"t{i}", ("platform", "Tiny"), ("gross_pay", TinyGross))))
            .Concat(FormulaNames.Select((name, i) => Rows.Valid($"f{i}", ("platform", name))))
            .ToArray();
        ContractImporter.Import(db.Connection, db.WriteFile("logs.csv", Rows.Csv(rows)));
        OfflineScraper.Scrape(db.Connection, Repo.File("data", "fixtures", "postings", "day1"), "2026-10-05");
        OfflineScraper.Scrape(db.Connection, Repo.File("data", "fixtures", "postings", "day2"), "2026-10-12");
        return db;
    }

    static List<string[]> ReadCsv(byte[] bytes)
    {
        using var reader = new CsvReader(new StreamReader(new MemoryStream(bytes)), CultureInfo.InvariantCulture);
        var rows = new List<string[]>();
        while (reader.Read()) rows.Add(reader.Parser.Record!);
        return rows;
    }

    [TestMethod]
    public void Csv_tables_parse_back_with_the_figures_their_n_and_suppressed_rows_empty()
    {
        using var db = Known();
        var report = ReportContent.Compute(db.Connection, new StatsFilter { Exact = true });
        var files = CsvExport.Files(report).ToDictionary(f => f.Name, f => f.Bytes);
        CollectionAssert.AreEquivalent(new[] { "pay.csv", "cancellation.csv", "misclassification.csv", "postings.csv", "pay_changes.csv", "promised_vs_paid.csv", "dictionary.csv" }, files.Keys.ToArray());

        var pay = ReadCsv(files["pay.csv"]);
        var header = pay[0].ToList();
        var alpha = pay.Single(r => r[0] == "Alpha");
        Assert.AreEqual("12", alpha[header.IndexOf("logs")]);
        Assert.AreEqual("20.65", alpha[header.IndexOf("ehp_usd_median")], "median of 20.1 .. 21.2");
        Assert.AreEqual("12", alpha[header.IndexOf("ehp_usd_n")]);
        var tiny = pay.Single(r => r[0] == "Tiny");
        Assert.AreEqual(("3", "true", ""), (tiny[header.IndexOf("logs")], tiny[header.IndexOf("suppressed")], tiny[header.IndexOf("ehp_usd_median")]));
        Assert.IsTrue(Encoding.UTF8.GetString(files["pay.csv"]).Contains("\r\n"), "RFC 4180 line ends");

        var postings = ReadCsv(files["postings.csv"]);
        var ph = postings[0].ToList();
        Assert.IsTrue(postings.Count > 5);
        Assert.IsTrue(postings.Skip(1).All(p => p[ph.IndexOf("url")].Length > 0 && p[ph.IndexOf("content_sha256")].Length == 64), "every posting with its source URL and page hash");
        Assert.IsTrue(ReadCsv(files["pay_changes.csv"]).Skip(1).Any(), "the fixtures hold pay changes between the two days");
    }

    [TestMethod]
    public void The_dictionary_describes_every_column_of_every_table_and_the_formula_rule()
    {
        using var db = Known();
        var report = ReportContent.Compute(db.Connection, new StatsFilter { Exact = true });
        var dictionary = ReadCsv(CsvExport.Dictionary(report)).Skip(1).ToList();
        foreach (var table in CsvExport.Tables)
        {
            var columns = ReadCsv(CsvExport.Table(report, table))[0];
            var described = dictionary.Where(d => d[0] == table).Select(d => d[1]).ToArray();
            CollectionAssert.AreEqual(columns, described, $"dictionary of {table}");
            Assert.IsTrue(dictionary.Where(d => d[0] == table).All(d => d[2].Length > 0), $"every column of {table} has a meaning");
        }
        Assert.IsTrue(dictionary.Any(d => d[2] == CsvExport.FormulaRule));
        StringAssert.Contains(dictionary.Single(d => d[1] == "(protection)")[2], "NOT FOR PUBLICATION", "an exact export says so");

        LaborWatch.Privacy.Releases.Cut(db.Connection, 1, DateTimeOffset.UnixEpoch, force: true);
        var published = ReadCsv(CsvExport.Dictionary(ReportContent.Compute(db.Connection, new StatsFilter()))).Skip(1).ToList();
        var protection = published.Single(d => d[1] == "(protection)")[2];
        StringAssert.Contains(protection, "noisy synopsis");
        StringAssert.Contains(protection, "release 1");
    }

    [TestMethod]
    [DataRow("=1+2", "'=1+2")]
    [DataRow("+1", "'+1")]
    [DataRow("-1+2 Labs", "'-1+2 Labs")]
    [DataRow("@SUM(A1)", "'@SUM(A1)")]
    [DataRow("\tcmd", "'\tcmd")]
    [DataRow("\rcmd", "'\rcmd")]
    [DataRow("Alpha = Beta", "Alpha = Beta")]
    public void Each_formula_prefix_is_neutralised(string text, string written) => Assert.AreEqual(written, ReadCsv(Written(text)).Single().Single());

    [TestMethod]
    public void Numbers_booleans_and_nulls_pass_the_formula_guard_unaltered()
    {
        Assert.AreEqual("-0.5,true,false,20.65,0.1,,12,'-x\r\n", Encoding.UTF8.GetString(Written(-0.5, true, false, 20.65, 0.1, null, 12L, "-x")),
            "a negative number is a number; booleans as in the JSON; null is an empty cell");
    }

    [TestMethod]
    public void A_line_break_inside_a_cell_keeps_its_row_whole()
    {
        var written = Written("a\nb", "c\rd", "e\r\nf", "g");
        Assert.AreEqual("\"a\nb\",\"c\rd\",\"e\r\nf\",g\r\n", Encoding.UTF8.GetString(written), "every field with a CR or LF is quoted; rows end in CRLF");
        CollectionAssert.AreEqual(new[] { "a\nb", "c\rd", "e\r\nf", "g" }, ReadCsv(written).Single());
    }

    /// <summary>One row written as every export writes its cells: CsvHelper with LaborWatch's converters.</summary>
    static byte[] Written(params object?[] row)
    {
        using var buffer = new MemoryStream();
        using (var text = new StreamWriter(buffer))
        using (var csv = CsvExport.Writer(text))
        {
            foreach (var value in row) csv.WriteField(value);
            csv.NextRecord();
        }
        return buffer.ToArray();
    }

    [TestMethod]
    public void No_text_cell_of_any_csv_could_run_as_a_formula_and_numbers_stay_numbers()
    {
        using var db = Known();
        var report = ReportContent.Compute(db.Connection, new StatsFilter { Exact = true });
        var names = new List<string>();
        foreach (var (name, bytes) in CsvExport.Files(report))
            foreach (var row in ReadCsv(bytes))
                foreach (var cell in row)
                {
                    if (cell.Length == 0 || double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out _)) continue;
                    Assert.IsFalse(cell[0] is '=' or '+' or '-' or '@' or '\t' or '\r', $"{name}: '{cell}'");
                    names.Add(cell);
                }
        foreach (var formula in FormulaNames) CollectionAssert.Contains(names, "'" + formula, "the formula-named platforms are exported, neutralised");
    }

    [TestMethod]
    public void No_figure_of_a_suppressed_cell_appears_in_any_export()
    {
        using var db = Known();
        var folder = Path.Combine(db.Folder, "out");
        var written = new[] { "r.csv", "r.json", "r.html", "r.zip" }
            .SelectMany(f => ReportFiles.Write(db.Connection, new StatsFilter { Exact = true }, Path.Combine(folder, f), DateTimeOffset.UnixEpoch)).ToList();
        // Markup is searched as the text it shows (SVG coordinates are numbers too, not figures).
        static string Shown(string name, string content) => name.EndsWith(".html", StringComparison.Ordinal) || name.EndsWith(".svg", StringComparison.Ordinal)
            ? new HtmlParser().ParseDocument(content).DocumentElement.TextContent + string.Concat(new HtmlParser().ParseDocument(content).QuerySelectorAll("[aria-label],[title]").Select(e => e.GetAttribute("aria-label") + e.GetAttribute("title")))
            : content;
        var texts = written.Where(f => !f.EndsWith(".zip", StringComparison.Ordinal)).Select(f => Shown(f, File.ReadAllText(f))).ToList();
        using (var zip = ZipFile.OpenRead(written.Single(f => f.EndsWith(".zip", StringComparison.Ordinal))))
            foreach (var entry in zip.Entries.Where(e => !e.Name.EndsWith(".png", StringComparison.Ordinal)))
                texts.Add(Shown(entry.Name, new StreamReader(entry.Open()).ReadToEnd()));
        // Tiny's logs pay 77.777 an hour; the unsuppressed Alpha logs pay 20.1 to 21.2.
        foreach (var figure in new[] { "77.78", "77.77", "777.77", "77.8" })
            foreach (var text in texts)
                if (text.IndexOf(figure, StringComparison.Ordinal) is var at and >= 0)
                    Assert.Fail($"the suppressed figure {figure} leaked: ...{text[Math.Max(0, at - 200)..Math.Min(text.Length, at + 60)]}...");
        Assert.IsTrue(texts.Any(t => t.Contains("20.65", StringComparison.Ordinal)), "the published figure is there");
        Assert.IsFalse(texts.Any(t => t.Contains("\"submitter\"", StringComparison.Ordinal) || System.Text.RegularExpressions.Regex.IsMatch(t, @"\ba11\b")), "no raw log is exported (the submitter id a11 as a word: hex hashes may hold the letters)");
    }

    [TestMethod]
    public void A_published_fingerprint_cannot_be_recomputed_from_guessed_values()
    {
        // One worker alone in a selection: its figures are suppressed, but a fingerprint of its values alone
        // would let anyone confirm a guess of its pay offline. The published one also covers secret record keys.
        using var first = Known();
        using var second = Known();
        foreach (var db in new[] { first, second }) LaborWatch.Privacy.Releases.Cut(db.Connection, 1, DateTimeOffset.UnixEpoch, force: true);
        var lonely = StatsFilter.Parse("platform", "Tiny", null, null, null);
        var published = ReportContent.Fingerprint(first.Connection, lonely);
        Assert.AreNotEqual(ReportContent.Fingerprint(first.Connection, lonely with { Exact = true }), published, "not a hash of the values alone");
        Assert.AreNotEqual(ReportContent.Fingerprint(second.Connection, lonely), published, "the same values in another file give another fingerprint");
        Assert.AreEqual(published, ReportContent.Fingerprint(first.Connection, lonely), "stable within one database");
    }

    [TestMethod]
    public void Same_data_and_filters_give_identical_csv_json_and_charts_and_the_same_fingerprint_in_another_database()
    {
        using var first = Known();
        using var second = Known();   // the same rows imported into a new file: another secret, other row ids
        var filter = StatsFilter.Parse("platform", "Alpha,Tiny", "2025-01", null, null, exact: true);
        var a = ReportContent.Compute(first.Connection, filter);
        var b = ReportContent.Compute(second.Connection, filter);
        CollectionAssert.AreEqual(JsonExport.Write(a), JsonExport.Write(b));
        foreach (var ((name, x), (_, y)) in CsvExport.Files(a).Zip(CsvExport.Files(b))) CollectionAssert.AreEqual(x, y, name);
        // The bundle's charts too: ScottPlot's SVG ids counted drawings in the process, so no two SVGs were alike.
        foreach (var (x, y) in a.Charts.Zip(b.Charts))
        {
            Assert.AreEqual(LaborWatch.Charts.ChartRenderer.Svg(x), LaborWatch.Charts.ChartRenderer.Svg(y), x.Name);
            CollectionAssert.AreEqual(LaborWatch.Charts.ChartRenderer.Png(x), LaborWatch.Charts.ChartRenderer.Png(y), x.Name);
        }
        Assert.AreEqual(a.DataFingerprint, b.DataFingerprint);
        CollectionAssert.AreEqual(JsonExport.Write(a), JsonExport.Write(ReportContent.Compute(first.Connection, filter)), "again on the same file");

        // New data changes the fingerprint; a filter that excludes the new data does not.
        ContractImporter.Import(first.Connection, first.WriteFile("more.csv", Rows.Csv(Rows.Valid("z1", ("platform", "Gamma")))));
        Assert.AreEqual(a.DataFingerprint, ReportContent.Compute(first.Connection, filter).DataFingerprint);
        Assert.AreNotEqual(ReportContent.Compute(second.Connection, new StatsFilter { Exact = true }).DataFingerprint, ReportContent.Compute(first.Connection, new StatsFilter { Exact = true }).DataFingerprint);
    }

    [TestMethod]
    public void The_json_export_is_the_stats_json_plus_postings_pay_changes_and_provenance()
    {
        using var db = Known();
        var report = ReportContent.Compute(db.Connection, new StatsFilter { Exact = true });
        var json = JsonDocument.Parse(JsonExport.Write(report)).RootElement;
        var alpha = json.GetProperty("pay").EnumerateArray().Single(g => g.GetProperty("platform").GetString() == "Alpha");
        Assert.AreEqual(20.65, alpha.GetProperty("ehpUsd").GetProperty("median").GetDouble());
        Assert.AreEqual(JsonValueKind.Null, json.GetProperty("pay").EnumerateArray().Single(g => g.GetProperty("platform").GetString() == "Tiny").GetProperty("ehpUsd").ValueKind);
        Assert.IsTrue(json.GetProperty("postings").GetArrayLength() > 5);
        Assert.IsTrue(json.GetProperty("payChanges").GetArrayLength() > 0);
        Assert.AreEqual(report.DataFingerprint, json.GetProperty("report").GetProperty("dataFingerprint").GetString());
        StringAssert.StartsWith(json.GetProperty("report").GetProperty("command").GetString(), "laborwatch --db DATABASE report --out report.json");
        Assert.IsTrue(json.TryGetProperty("survival", out _));
    }

    [TestMethod]
    public void The_bundle_manifest_lists_every_file_with_a_hash_that_recomputes()
    {
        using var db = Known();
        var report = ReportContent.Compute(db.Connection, StatsFilter.Parse(null, null, null, null, 5, exact: true));
        using var zip = new ZipArchive(new MemoryStream(ReportFiles.Zip(report, DateTimeOffset.UnixEpoch)));
        var manifest = JsonDocument.Parse(zip.GetEntry("manifest.json")!.Open()).RootElement;
        var listed = manifest.GetProperty("files").EnumerateArray().ToDictionary(f => f.GetProperty("path").GetString()!, f => f.GetProperty("sha256").GetString());
        CollectionAssert.AreEquivalent(zip.Entries.Select(e => e.FullName).Where(n => n != "manifest.json").ToArray(), listed.Keys.ToArray());
        foreach (var entry in zip.Entries.Where(e => e.FullName != "manifest.json"))
        {
            using var stream = entry.Open();
            Assert.AreEqual(listed[entry.FullName], Convert.ToHexStringLower(SHA256.HashData(stream)), entry.FullName);
        }
        foreach (var chart in LaborWatch.Charts.ChartSpecs.Names)
        {
            Assert.IsNotNull(zip.GetEntry($"charts/{chart}.png"));
            Assert.IsNotNull(zip.GetEntry($"charts/{chart}.svg"));
        }
        Assert.AreEqual(report.DataFingerprint, manifest.GetProperty("dataFingerprint").GetString());
        Assert.AreEqual(5, manifest.GetProperty("filters").GetProperty("k").GetInt32());
        Assert.AreEqual("laborwatch --db DATABASE report --out report.zip --k 5", manifest.GetProperty("command").GetString());
        Assert.AreEqual(ReportContent.Version, manifest.GetProperty("version").GetString());
    }

    [TestMethod]
    public void The_html_report_opens_with_findings_each_with_its_n_and_a_link_to_its_table()
    {
        using var db = Known(alphaLogs: 150);
        LaborWatch.Privacy.Releases.Cut(db.Connection, 1, DateTimeOffset.UnixEpoch, force: true);
        var report = ReportContent.Compute(db.Connection, new StatsFilter());
        var page = new HtmlParser().ParseDocument(Encoding.UTF8.GetString(HtmlExport.Write(report, DateTimeOffset.UnixEpoch)));
        var first = page.QuerySelectorAll("h2").First();
        Assert.AreEqual("Key findings", first.TextContent, "the findings come first");
        var findings = page.QuerySelectorAll("ol.findings li").ToList();
        Assert.IsTrue(findings.Count >= 2, $"{findings.Count} findings");
        foreach (var finding in findings)
        {
            StringAssert.Contains(finding.TextContent, "n = ", finding.TextContent);
            var target = finding.QuerySelector("a")!.GetAttribute("href")!;
            Assert.IsNotNull(page.GetElementById(target.TrimStart('#')), $"{target} exists");
        }
        Assert.IsFalse(findings.Any(f => f.TextContent.Contains("Tiny", StringComparison.Ordinal)), "a suppressed group is never a finding");
        StringAssert.Contains(page.QuerySelector("p.protection")!.TextContent, "noisy synopsis");
        var captions = page.QuerySelectorAll("figcaption strong").Select(c => c.TextContent).ToList();
        for (var i = 0; i < captions.Count; i++) StringAssert.StartsWith(captions[i], $"Figure {i + 1}. ");
        var cite = page.QuerySelector("p.cite")!.TextContent;
        StringAssert.Contains(cite, "release 1");
        StringAssert.Contains(cite, report.DataFingerprint[..16]);
        StringAssert.Contains(cite, "laborwatch --db DATABASE report");
    }

    [TestMethod]
    public void The_html_report_is_self_contained_and_holds_every_part()
    {
        using var db = Known();
        var report = ReportContent.Compute(db.Connection, new StatsFilter { Exact = true });
        var html = Encoding.UTF8.GetString(HtmlExport.Write(report, new DateTimeOffset(2026, 11, 23, 9, 30, 0, TimeSpan.Zero), tables: ReportTables.All));
        var page = new HtmlParser().ParseDocument(html);
        Assert.AreEqual(0, page.QuerySelectorAll("script, link, iframe, object, embed, img[src^=http], [style*='url(']").Length, "nothing is loaded from anywhere");
        StringAssert.Contains(page.QuerySelector("meta[http-equiv=Content-Security-Policy]")!.GetAttribute("content"), "default-src 'none'");
        Assert.AreEqual(LaborWatch.Charts.ChartSpecs.Names.Length, page.QuerySelectorAll("figure").Length);
        foreach (var figure in page.QuerySelectorAll("figure"))
            Assert.IsTrue(figure.QuerySelector("svg") is not null && (figure.QuerySelector("table") is not null || figure.TextContent.Contains("No data")), figure.Id);
        StringAssert.Contains(page.QuerySelector("dl.meta")!.TextContent, "2026-11-23 09:30 UTC");
        StringAssert.Contains(page.QuerySelector("dl.meta")!.TextContent, report.DataFingerprint);
        Assert.IsNotNull(page.QuerySelector("h3#pay"), "the methodology");
        Assert.AreEqual(ReportContent.ReferenceTables.Count, page.QuerySelectorAll("#table-references tbody tr").Length);
        Assert.IsTrue(page.QuerySelectorAll("#table-pay tr.suppressed").Length >= 5, "suppressed rows are marked");
        StringAssert.Contains(page.QuerySelector("#table-pay tr.suppressed")!.TextContent, "suppressed");
        Assert.IsTrue(page.QuerySelectorAll("#table-postings td.url a[href^=http]").Length > 0, "postings link their source");
        Assert.IsTrue(html.Contains("=SUM(A1)", StringComparison.Ordinal), "names are shown as they are (HTML is not a spreadsheet)");
    }

    /// <summary>
    /// The printed report's tables: by default the five rows that matter most (the largest groups and the smallest) beside
    /// each figure and in each table, every row only in the appendix of --tables all, and none with --tables none.
    /// </summary>
    [TestMethod]
    public void The_html_report_prints_the_top_rows_by_default_every_row_with_all_and_none_with_none()
    {
        using var db = Known();
        var report = ReportContent.Compute(db.Connection, new StatsFilter { Exact = true });
        AngleSharp.Dom.IDocument Page(ReportTables tables) => new HtmlParser().ParseDocument(Encoding.UTF8.GetString(HtmlExport.Write(report, DateTimeOffset.UnixEpoch, tables: tables)));
        var (_, payRows) = CsvExport.Grid(report, "pay");
        Assert.IsGreaterThan(HtmlTables.TopRows, payRows.Count, "a table longer than its top rows");
        var top = Page(ReportTables.Top);
        Assert.AreEqual(HtmlTables.TopRows, top.QuerySelectorAll("#table-pay tbody tr").Length);
        StringAssert.Contains(top.QuerySelector("#table-pay caption")!.TextContent, $"{HtmlTables.TopRows} of {payRows.Count} rows");
        var logs = top.QuerySelectorAll("#table-pay tbody tr").Select(r => int.Parse(r.Children[1].TextContent, CultureInfo.InvariantCulture)).ToList();
        var sizes = payRows.Select(r => Convert.ToInt32(r[Array.IndexOf(CsvExport.Grid(report, "pay").Headers, "logs")], CultureInfo.InvariantCulture)).OrderDescending().ToList();
        CollectionAssert.AreEqual(sizes.Take(3).Concat(sizes.TakeLast(2)).ToList(), logs, "the three largest groups, then the two smallest");
        Assert.IsNull(top.QuerySelector("section.appendix"));
        foreach (var figure in top.QuerySelectorAll("section.figure figure"))
            Assert.IsTrue(figure.QuerySelector("table") is null || figure.QuerySelectorAll("tbody tr").Length <= HtmlTables.TopRows, figure.Id);
        var all = Page(ReportTables.All);
        Assert.AreEqual(payRows.Count, all.QuerySelectorAll("#table-pay tbody tr").Length);
        Assert.IsNotNull(all.QuerySelector("section.appendix"));
        var none = Page(ReportTables.None);
        Assert.AreEqual(0, none.QuerySelectorAll("table").Length - none.QuerySelectorAll("#table-references, #wage-coverage, .about table").Length, "no figure or data table");
        Assert.AreEqual(LaborWatch.Charts.ChartSpecs.Names.Length, none.QuerySelectorAll("figure svg").Length, "the figures stay");
    }

    [TestMethod]
    public void The_reports_charts_drawn_from_one_read_equal_each_chart_built_alone()
    {
        using var db = Known();
        var filter = StatsFilter.Parse("platform", null, null, null, 5, exact: true);
        var report = ReportContent.Compute(db.Connection, filter);
        CollectionAssert.AreEqual(LaborWatch.Charts.ChartSpecs.Names, report.Charts.Select(c => c.Name).ToArray());
        foreach (var chart in report.Charts)
        {
            var alone = LaborWatch.Charts.ChartSpecs.Build(db.Connection, chart.Name, filter);
            CollectionAssert.AreEqual(alone.Table().Select(r => string.Join("|", r)).ToList(), chart.Table().Select(r => string.Join("|", r)).ToList(), chart.Name);
            CollectionAssert.AreEqual(alone.Notes.ToList(), chart.Notes.ToList(), chart.Name);
        }
    }
}
