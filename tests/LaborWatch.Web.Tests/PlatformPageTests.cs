using System.Net;
using AngleSharp.Html.Parser;

namespace LaborWatch.Web.Tests;

[TestClass]
public sealed class PlatformPageTests
{
    [TestMethod]
    public async Task The_scorecard_shows_the_platform_s_figures_with_their_n()
    {
        await using var app = await TestApp.StartAsync(CsvRows.Csv(CsvRows.Workers("Alpha Labs", 12), CsvRows.Workers("Beta", 12, 400, "b")));
        var response = await app.Client.GetAsync("/platform/alpha-labs");
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        var page = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        Assert.AreEqual("Alpha Labs", page.QuerySelector("main h2")!.TextContent);
        var headline = page.QuerySelector(".headline")!.TextContent;
        StringAssert.Contains(headline, "n = 12 logs, 12 workers");
        StringAssert.Contains(headline, "$17.21/h", "(200 + 6.5) / 12 hours: Beta's logs are not mixed in");
        Assert.AreEqual(16, page.QuerySelectorAll("#indicators tbody tr").Length, "every indicator, with its n");
        var unpaid = page.QuerySelector("figure[aria-labelledby='unpaid-time-caption']")!;
        var idle = unpaid.QuerySelectorAll("details tbody tr").Single(r => r.TextContent.Contains("idle"));
        StringAssert.Contains(idle.TextContent, "0.167", "2 idle hours of 12");
        StringAssert.Contains(page.QuerySelector("#signals + p")!.TextContent, "not legal findings");
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
