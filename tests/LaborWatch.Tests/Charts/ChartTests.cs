using System.Xml.Linq;
using LaborWatch.Charts;
using LaborWatch.Contracts;
using LaborWatch.Reports;

namespace LaborWatch.Tests.Charts;

[TestClass]
public sealed class ChartTests
{
    static readonly string SampleFile = Repo.File("data", "sample", "synthetic_contracts.csv");
    static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    [TestMethod]
    public void Every_chart_renders_for_the_sample_and_for_an_empty_database()
    {
        using var sample = new TestDatabase();
        ContractImporter.Import(sample.Connection, SampleFile);
        foreach (var (day, date) in new[] { ("day1", "2026-10-05"), ("day2", "2026-11-05") })
            LaborWatch.Scraping.OfflineScraper.Scrape(sample.Connection, Repo.File("data", "fixtures", "postings", day), date);
        using var empty = new TestDatabase();
        var output = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "charts")).FullName;
        foreach (var name in ChartSpecs.Names)
        {
            foreach (var (db, label) in new[] { (sample, "sample"), (empty, "empty") })
            {
                var spec = ChartSpecs.Build(db.Connection, name, new StatsFilter { Exact = true });
                Assert.AreEqual(label == "empty", spec.IsEmpty, $"{name} {label}");
                var png = ChartRenderer.Png(spec);
                CollectionAssert.AreEqual(PngSignature, png[..8], $"{name} {label}: a PNG");
                // Width and height sit in the IHDR chunk, big-endian, at bytes 16-23.
                Assert.AreEqual(ChartRenderer.Width, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)));
                Assert.AreEqual(SmallMultiples.Height(spec, ChartRenderer.Width, ChartRenderer.Height), System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
                var svg = XDocument.Parse(ChartRenderer.Svg(spec));
                Assert.AreEqual("svg", svg.Root!.Name.LocalName);
                Assert.AreEqual($"0 0 {ChartRenderer.Width} {SmallMultiples.Height(spec, ChartRenderer.Width, ChartRenderer.Height)}", svg.Root.Attribute("viewBox")?.Value, "scalable on a phone");
                StringAssert.Contains(svg.ToString(), label == "empty" ? (name.StartsWith("posting-") ? "No postings recorded" : "No data to show") : spec.Title.Split(' ')[0]);
                File.WriteAllBytes(Path.Combine(output, $"{name}-{label}.png"), png);   // for people to look at
            }
        }
    }

    [TestMethod]
    public void Every_chart_renders_when_its_published_figures_are_too_few_to_say()
    {
        // Twelve released logs: published, not suppressed, but too few for the synopsis to say a share or a median, so
        // every cell of the misclassification heatmap is empty (ScottPlot refused a colour range without one real number).
        using var db = new TestDatabase();
        ContractImporter.Import(db.Connection, db.WriteFile("logs.csv", Rows.Csv([.. Enumerable.Range(1, 12).Select(i => Rows.Valid($"w{i}"))])));
        LaborWatch.Privacy.Releases.Cut(db.Connection, 1, DateTimeOffset.UnixEpoch);
        foreach (var name in ChartSpecs.Names)
        {
            var spec = ChartSpecs.Build(db.Connection, name, new StatsFilter());
            Assert.AreEqual("svg", XDocument.Parse(ChartRenderer.Svg(spec)).Root!.Name.LocalName, name);
            CollectionAssert.AreEqual(PngSignature, ChartRenderer.Png(spec)[..8], name);
        }
    }

    /// <summary>The compacted SVG is ScottPlot's, element for element and text for text, its numbers within half a hundredth of a pixel.</summary>
    [TestMethod]
    public void The_compacted_svg_draws_what_scottplot_wrote()
    {
        var raw = """
            <?xml version="1.0" encoding="utf-8" ?>
            <svg xmlns="http://www.w3.org/2000/svg" width="900" height="520">
            	<path stroke-opacity="0.098039217" d="M130.012 440.812L-0.0012 59.9219"/>
            	<text transform="translate(785.014 78.9062)" x="0, 8.2089844, " title="a > b 1.23456">
            				Annotara 12.34567 $14.205
            		</text>
            </svg>
            """;
        var compact = ChartRenderer.Compact(raw);
        Assert.IsFalse(compact.StartsWith("<?xml"), compact);
        Assert.IsFalse(System.Text.RegularExpressions.Regex.IsMatch(compact, @">\s+<"), "no indentation between tags");
        StringAssert.Contains(compact, "d=\"M130.01 440.81L0 59.92\"");
        StringAssert.Contains(compact, "stroke-opacity=\"0.1\"");
        StringAssert.Contains(compact, "x=\"0, 8.21, \"");
        StringAssert.Contains(compact, "title=\"a > b 1.23\"", "a quoted '>' does not end the tag");
        StringAssert.Contains(compact, "Annotara 12.34567 $14.205", "text between tags as written");

        using var db = new TestDatabase();
        ContractImporter.Import(db.Connection, SampleFile);
        foreach (var name in new[] { "pay-trend", "cancellations", "pay-distribution" })
        {
            var spec = ChartSpecs.Build(db.Connection, name, new StatsFilter { Exact = true });
            var shown = XDocument.Parse(ChartRenderer.Svg(spec)).Descendants().ToList();
            var written = XDocument.Parse(ChartRenderer.ScottPlotSvg(spec)).Descendants().ToList();
            Assert.AreEqual(written.Count, shown.Count, name);
            for (var i = 0; i < shown.Count; i++)
            {
                Assert.AreEqual(written[i].Name, shown[i].Name, name);
                if (!written[i].HasElements) Assert.AreEqual(written[i].Value, shown[i].Value, $"{name}: text as written");
                foreach (var attribute in written[i].Attributes().Where(a => a.Name.LocalName is not ("id" or "clip-path")))   // clip ids count renders
                {
                    var numbers = Numbers(attribute.Value);
                    var compacted = Numbers(shown[i].Attribute(attribute.Name)!.Value);
                    Assert.AreEqual(numbers.Count, compacted.Count, $"{name} {attribute.Name}");
                    for (var n = 0; n < numbers.Count; n++) Assert.AreEqual(numbers[n], compacted[n], 0.005 + 1e-9, $"{name} {attribute.Name}");
                }
            }
        }

        static List<double> Numbers(string text) => System.Text.RegularExpressions.Regex.Matches(text, @"-?\d+(\.\d+)?")
            .Select(m => double.Parse(m.Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
    }

    /// <summary>Our PNG is ScottPlot's picture pixel for pixel, sent as opaque RGB (colour type 2) and smaller.</summary>
    [TestMethod]
    public void The_png_is_scottplots_picture_as_smaller_opaque_rgb()
    {
        using var db = new TestDatabase();
        ContractImporter.Import(db.Connection, SampleFile);
        foreach (var name in ChartSpecs.Names)
        {
            var spec = ChartSpecs.Build(db.Connection, name, new StatsFilter { Exact = true });
            var ours = ChartRenderer.Png(spec);
            var theirs = ChartRenderer.ScottPlotPng(spec);
            Assert.AreEqual(2, ours[25], $"{name}: IHDR colour type RGB");
            Assert.IsLessThan(theirs.Length, ours.Length, $"{name}: {ours.Length} bytes against {theirs.Length}");
            using var a = SkiaSharp.SKBitmap.Decode(ours).Copy(SkiaSharp.SKColorType.Rgba8888);
            using var b = SkiaSharp.SKBitmap.Decode(theirs).Copy(SkiaSharp.SKColorType.Rgba8888);
            Assert.AreEqual(b.Width, a.Width, name);
            Assert.AreEqual(b.Height, a.Height, name);
            CollectionAssert.AreEqual(b.Bytes, a.Bytes, $"{name}: the same pixels");
        }
    }

    /// <summary>
    /// The same figures draw the same SVG (ScottPlot's clip ids count drawings: a re-render changed the bytes and so
    /// the ETag), and each chart's ids are its own, so the report's nine charts on one page never use each other's
    /// clip paths or images.
    /// </summary>
    [TestMethod]
    public void The_same_figures_draw_the_same_svg_and_each_chart_names_its_own_ids()
    {
        using var db = new TestDatabase();
        ContractImporter.Import(db.Connection, SampleFile);
        var ids = new List<string>();
        foreach (var name in ChartSpecs.Names)
        {
            var spec = ChartSpecs.Build(db.Connection, name, new StatsFilter { Exact = true });
            var first = ChartRenderer.Svg(spec);
            ChartRenderer.Svg(ChartSpecs.Build(db.Connection, "pay-trend", new StatsFilter { Exact = true }));   // another drawing between
            Assert.AreEqual(first, ChartRenderer.Svg(spec), $"{name}: drawn twice, the same bytes");
            var own = XDocument.Parse(first).Descendants().Select(e => e.Attribute("id")?.Value).OfType<string>().ToList();
            foreach (var id in own) StringAssert.StartsWith(id, name + "-", name);
            foreach (System.Text.RegularExpressions.Match used in System.Text.RegularExpressions.Regex.Matches(first, @"(?:url\(#|href=""#)([^)""]+)"))
                CollectionAssert.Contains(own, used.Groups[1].Value, $"{name}: every id used is defined in the same chart");
            ids.AddRange(own);
        }
        Assert.IsGreaterThan(0, ids.Count, "the charts clip their plot areas");
        Assert.IsTrue(ids.Any(i => i.StartsWith("misclassification-", StringComparison.Ordinal)), "the heatmap names its images");
        Assert.AreEqual(ids.Count, ids.Distinct().Count(), "no id is shared between charts");
    }

    [TestMethod]
    public void Charts_use_the_shipped_font_the_colour_blind_palette_and_formatted_axes()
    {
        using var db = new TestDatabase();
        ContractImporter.Import(db.Connection, SampleFile);
        var spec = ChartSpecs.Build(db.Connection, "pay-trend", new StatsFilter { Exact = true });
        var svg = ChartRenderer.Svg(spec);
        StringAssert.Contains(svg, ChartStyle.FontName, "the font shipped in data/fonts, not the machine's");
        // One colour per platform, in palette order, so a platform keeps its colour between charts.
        foreach (var colour in ChartStyle.Palette.Take(spec.Series.Count))
            StringAssert.Contains(svg.ToUpperInvariant(), colour == "#000000" ? "BLACK" : colour, $"palette colour {colour}");  // SkiaSharp names black
        StringAssert.Contains(svg, "$20", "money axis in dollars");
        StringAssert.Contains(svg, spec.Subtitle!, "subtitle says which logs are counted");
        StringAssert.Contains(svg, "Source: LaborWatch", "source line under the chart");
        var share = ChartRenderer.Svg(ChartSpecs.Build(db.Connection, "cancellations", new StatsFilter { Exact = true }));
        StringAssert.Contains(share, "%", "share axis in per cent");
    }

    [TestMethod]
    public void Posting_charts_count_postings_and_take_the_median_hourly_midpoint()
    {
        using var db = new TestDatabase();
        LaborWatch.Scraping.OfflineScraper.Scrape(db.Connection, Repo.File("data", "fixtures", "postings", "day1"), "2026-10-05");
        LaborWatch.Scraping.OfflineScraper.Scrape(db.Connection, Repo.File("data", "fixtures", "postings", "day2"), "2026-11-05");
        var volume = ChartSpecs.Build(db.Connection, "posting-volume", new StatsFilter { Exact = true });
        var rubricly = volume.Series.Single(s => s.Name == "Rubricly");
        CollectionAssert.AreEqual(new[] { 2.0, 2.0 }, rubricly.Points.Select(p => p.Y).ToArray(), "two postings seen in each month");
        var pay = ChartSpecs.Build(db.Connection, "posting-pay", StatsFilter.Parse(null, "rubricly", null, null, null, exact: true));
        // October: 21/h and 95,000-120,000/yr (51.68/h midpoint) -> median 36.34; November: 16/h and 51.68/h -> 33.84
        var points = pay.Series.Single().Points;
        Assert.AreEqual((21 + 107500 / 2080.0) / 2, points[0].Y, 1e-9);
        Assert.AreEqual((16 + 107500 / 2080.0) / 2, points[1].Y, 1e-9);
        Assert.AreEqual(2, points[1].N);
    }

    [TestMethod]
    public void Pay_distribution_bands_are_cells_under_disclosure_control()
    {
        using var db = new TestDatabase();
        // 11 workers at $20/h (band $20-25), 12 at $40/h (band $40-45), 2 at $70/h (band $70-75: too few).
        var rows = Enumerable.Range(0, 11).Select(i => Rows.Valid("a" + i, ("gross_pay", "200")))
            .Concat(Enumerable.Range(0, 12).Select(i => Rows.Valid("b" + i, ("gross_pay", "400"))))
            .Concat(Enumerable.Range(0, 2).Select(i => Rows.Valid("c" + i, ("gross_pay", "700"))))
            .ToArray();
        ContractImporter.Import(db.Connection, db.WriteFile("logs.csv", Rows.Csv(rows)));
        var spec = ChartSpecs.Build(db.Connection, "pay-distribution", new StatsFilter { Exact = true });
        var bands = spec.Series[0].Points;
        // The $70 band is withheld, and with it the smallest other band ($20, 11 logs), so the total minus the
        // published bands cannot give the $70 band's count.
        Assert.AreEqual(1, bands.Count);
        Assert.AreEqual(("$40-45", 12.0), (bands[0].Label, bands[0].Y));
        StringAssert.StartsWith(spec.Notes[0], "2 pay band(s) suppressed");
        var wage = spec.Series[1].Points.Single();
        Assert.AreEqual(16.5, wage.X, "US-CA minimum wage for 2025, the logs' start year");
        Assert.AreEqual(25, wage.N);
    }

    [TestMethod]
    public void Png_is_byte_stable_for_the_same_data()
    {
        using var db = new TestDatabase();
        ContractImporter.Import(db.Connection, SampleFile);
        var spec = ChartSpecs.Build(db.Connection, "cancellations", new StatsFilter { Exact = true });
        CollectionAssert.AreEqual(ChartRenderer.Png(spec), ChartRenderer.Png(ChartSpecs.Build(db.Connection, "cancellations", new StatsFilter { Exact = true })));
    }

    [TestMethod]
    public void Suppressed_points_are_left_out_and_counted_in_a_note()
    {
        const int K = 100;
        using var db = new TestDatabase();
        ContractImporter.Import(db.Connection, SampleFile);
        // A k above some platform-months' workers (the sample has about 100 a platform and month) suppresses those.
        var report = StatsReport.Compute(db.Connection, StatsFilter.Parse("platform,month", null, null, null, K, exact: true));
        var spec = ChartSpecs.PayTrend(report);
        Assert.IsTrue(report.Pay.Groups.Any(g => !g.Suppressed), "and publishes the others");
        var suppressed = report.Pay.Groups.Count(g => g.Suppressed);
        Assert.IsGreaterThan(0, suppressed, "the sample has small platform-months");
        Assert.AreEqual(report.Pay.Groups.Count(g => !g.Suppressed && g.Median is not null), spec.Series.Sum(s => s.Points.Count));
        StringAssert.StartsWith(spec.Notes[0], $"{suppressed} platform-months suppressed");
        StringAssert.Contains(string.Join(" ", spec.Notes), "SYNTHETIC");
        var rows = spec.Table().ToList();
        Assert.AreEqual(spec.Series.Sum(s => s.Points.Count), rows.Count);
        Assert.IsTrue(rows.All(r => int.Parse(r[^1]) >= 1), "every point carries its n");
    }

    [TestMethod]
    public void The_misclassification_chart_says_it_shows_signals_not_findings()
    {
        using var db = new TestDatabase();
        ContractImporter.Import(db.Connection, SampleFile);
        var spec = ChartSpecs.Build(db.Connection, "misclassification", new StatsFilter { Exact = true });
        Assert.AreEqual(LaborWatch.Misclassification.Rubric.Caveat, spec.Notes[0]);
        Assert.AreEqual(8, spec.Categories!.Count);
        StringAssert.Contains(ChartRenderer.Svg(spec), "not legal findings");
    }

    [TestMethod]
    public void The_chart_verb_writes_the_file_and_refuses_bad_names()
    {
        using var db = new TestDatabase();
        var svg = Path.Combine(db.Folder, "c.svg");
        var ok = LaborWatch.Tests.Cli.Cli.Run(db.Path, "chart", "cancellations", "--out", svg);
        Assert.AreEqual(0, ok.ExitCode, ok.Stderr);
        StringAssert.Contains(ok.Stdout, "(no data for these filters)");
        Assert.IsTrue(File.Exists(svg));
        var unknown = LaborWatch.Tests.Cli.Cli.Run(db.Path, "chart", "pie", "--out", svg);
        StringAssert.Contains(unknown.Stderr, "unknown chart 'pie'");
        var extension = LaborWatch.Tests.Cli.Cli.Run(db.Path, "chart", "pay-trend", "--out", Path.Combine(db.Folder, "c.gif"));
        StringAssert.Contains(extension.Stderr, "must end in .png or .svg");
    }
}
