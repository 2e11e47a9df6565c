using System.Net;
using AngleSharp.Html.Parser;

namespace LaborWatch.Web.Tests;

[TestClass]
public sealed class PlatformPageTests
{
    [TestMethod]
    public async Task The_scorecard_shows_the_platform_s_figures_with_their_n()
    {
        await using var app = await TestApp.StartAsync(CsvRows.Csv(CsvRows.Many("Alpha Labs", 150), CsvRows.Many("Beta", 150, 400, "b")));
        var response = await app.Client.GetAsync("/platform/alpha-labs");
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        var page = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        Assert.AreEqual("Alpha Labs", page.QuerySelector("main h2")!.TextContent);
        var headline = page.QuerySelector(".headline")!.TextContent;
        Near.CountIn(headline, "n = ", 150, " logs");
        Near.CountIn(headline, " logs, ", 150, " workers");
        var median = System.Text.RegularExpressions.Regex.Match(headline, @"\$(\d+\.\d\d)/h").Groups[1].Value;
        Near.Magnitude(16.75, double.Parse(median, System.Globalization.CultureInfo.InvariantCulture), "201 / 12 hours: Beta's logs are not mixed in");
        Assert.AreEqual(16, page.QuerySelectorAll("#indicators tbody tr").Length, "every indicator, with its n");
        var unpaid = page.QuerySelector("figure[aria-labelledby='unpaid-time-caption']")!;
        var idle = unpaid.QuerySelectorAll("details tbody tr").Single(r => r.TextContent.Contains("idle"));
        var share = double.Parse(idle.QuerySelectorAll("td")[1].TextContent, System.Globalization.CultureInfo.InvariantCulture);
        // A sum of a few hours a log is protected by noise of a whole capped log (100 hours) a cell: at 150 logs the share
        // of idle time is rough, so only its range is checked here (the library's accuracy tests measure it).
        Assert.IsTrue(share is >= 0 and <= 1, $"idle share {share}");
        StringAssert.Contains(page.QuerySelector("#signals + p")!.TextContent, "not legal findings");
        Assert.IsNotNull(page.QuerySelector("#promised-vs-paid caption"), "postings meet logs on the scorecard");
    }

    [TestMethod]
    public async Task A_small_platform_says_its_figures_are_suppressed_and_an_unknown_one_is_404()
    {
        await using var app = await TestApp.StartAsync(CsvRows.Csv(CsvRows.Workers("Tiny", 3)));
        var page = new HtmlParser().ParseDocument(await app.Client.GetStringAsync("/platform/tiny"));
        StringAssert.Contains(page.QuerySelector(".headline")!.TextContent, "Pay figures suppressed");
        Assert.IsNull(page.QuerySelector("#indicators"));
        Assert.AreEqual(HttpStatusCode.NotFound, (await app.Client.GetAsync("/platform/nope")).StatusCode);
    }
}
