using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace LaborWatch.Web.Tests;

/// <summary>
/// The HTML report as a journalist saves it to attach to a story: printed from Chromium to PDF on A4 and on US Letter,
/// then read back with pdftotext page by page, the way a reader meets it. The page images stay beside the browser
/// screenshots (browser-screenshots/report-A4-N.png).
/// </summary>
[TestClass]
public sealed class PrintedReportTests
{
    /// <summary>The most pages the report of the demo sample may take with its default tables.</summary>
    const int MaxPages = 12;

    [TestMethod]
    [DataRow("A4")]
    [DataRow("Letter")]
    public async Task The_printed_report_is_a_few_full_pages_each_figure_with_its_caption_and_n_and_a_footer_on_every_page(string format)
    {
        await using var app = await TestApp.StartAsync(BrowserTests.SampleCsv());
        var (playwright, browser) = await BrowserTests.Launch();
        using (playwright)
        await using (browser)
        {
            var page = await browser.NewPageAsync();
            var response = await page.GotoAsync(app.Client.BaseAddress + "reports/report.html");
            Assert.AreEqual(200, response!.Status);
            var pdf = Path.Combine(BrowserTests.Screenshots, $"report-{format}.pdf");
            // As a browser's own "Save as PDF" does: the page's @page rules give the margins and the footer.
            await page.PdfAsync(new PagePdfOptions { Path = pdf, Format = format, PreferCSSPageSize = true });
            var pages = Pages(pdf);
            Images(pdf, $"report-{format}");

            Assert.IsLessThanOrEqualTo(MaxPages, pages.Count, $"{pages.Count} pages on {format}");
            for (var i = 0; i < pages.Count; i++)
            {
                var text = pages[i];
                StringAssert.Contains(text, "data fingerprint", $"page {i + 1}: the footer names the data");
                StringAssert.Contains(text, $"page {i + 1} of {pages.Count}", $"page {i + 1}: numbered");
                var body = Regex.Replace(text, @"LaborWatch · .*data fingerprint \S+|page \d+ of \d+", "");
                var words = Regex.Matches(body, @"\p{L}{2,}").Count;
                Assert.IsGreaterThan(40, words, $"page {i + 1} is (nearly) blank or a heading alone:\n{body}");
            }
            var figures = Regex.Matches(string.Join("\n", pages), @"Figure (\d+)\. ").Select(m => m.Groups[1].Value).Distinct().Count();
            Assert.AreEqual(LaborWatch.Charts.ChartSpecs.Names.Length, figures, "every figure is printed");
            for (var n = 1; n <= figures; n++)
            {
                var on = pages.FindIndex(p => p.Contains($"Figure {n}. ", StringComparison.Ordinal));
                StringAssert.Contains(pages[on], "n = ", $"figure {n}'s n is on its page ({on + 1})");
            }
            StringAssert.Contains(pages[0], "Key findings", "the findings are on the first page");
            StringAssert.Contains(pages[0], "How to cite", "so is the citation");
        }
    }

    [TestMethod]
    public async Task The_pdf_export_is_the_same_few_pages_with_each_figure_its_n_and_the_footer()
    {
        await using var app = await TestApp.StartAsync(BrowserTests.SampleCsv());
        var response = await app.Client.GetAsync("reports/report.pdf");
        Assert.AreEqual(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.AreEqual("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var pdf = Path.Combine(BrowserTests.Screenshots, "report-export.pdf");
        await File.WriteAllBytesAsync(pdf, await response.Content.ReadAsByteArrayAsync());
        var pages = Pages(pdf);
        Images(pdf, "report-export");
        Assert.IsLessThanOrEqualTo(MaxPages, pages.Count, $"{pages.Count} pages");
        for (var i = 0; i < pages.Count; i++)
        {
            StringAssert.Contains(pages[i], "data fingerprint", $"page {i + 1}: the footer names the data");
            StringAssert.Contains(pages[i], $"page {i + 1} of {pages.Count}", $"page {i + 1}: numbered");
            var body = Regex.Replace(pages[i], @"LaborWatch · .*data fingerprint \S+|page \d+ of \d+", "");
            Assert.IsGreaterThan(40, Regex.Matches(body, @"\p{L}{2,}").Count, $"page {i + 1} is (nearly) blank or a heading alone:\n{body}");
        }
        for (var n = 1; n <= LaborWatch.Charts.ChartSpecs.Names.Length; n++)
        {
            var on = pages.FindIndex(p => p.Contains($"Figure {n}. ", StringComparison.Ordinal));
            Assert.IsGreaterThanOrEqualTo(0, on, $"figure {n} is in the PDF");
            StringAssert.Contains(pages[on], "n = ", $"figure {n}'s n is on its page ({on + 1})");
        }
        StringAssert.Contains(pages[0], "Key findings");
        StringAssert.Contains(pages[0], "How to cite");
    }

    /// <summary>Each page's text, as pdftotext reads it.</summary>
    static List<string> Pages(string pdf)
    {
        var info = Run("pdfinfo", pdf);
        var count = int.Parse(Regex.Match(info, @"Pages:\s+(\d+)").Groups[1].Value);
        return Enumerable.Range(1, count).Select(p => Run("pdftotext", "-f", p.ToString(), "-l", p.ToString(), "-layout", pdf, "-")).ToList();
    }

    /// <summary>The pages as small images, kept as the test's artifacts.</summary>
    static void Images(string pdf, string name) =>
        Run("pdftoppm", "-png", "-r", "40", pdf, Path.Combine(BrowserTests.Screenshots, name));

    static string Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        Process process;
        try { process = Process.Start(start)!; }
        catch (System.ComponentModel.Win32Exception)
        {
            Assert.Fail($"{program} is not installed: scripts/test.sh installs Debian's poppler-utils");
            throw;
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEnd();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.AreEqual(0, process.ExitCode, $"{program} {string.Join(' ', args)}: {error}");
            return output;
        }
    }
}
