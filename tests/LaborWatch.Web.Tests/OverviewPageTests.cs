using System.Net;
using AngleSharp.Html.Parser;

namespace LaborWatch.Web.Tests;

[TestClass]
public sealed class OverviewPageTests
{
    [TestMethod]
    public async Task The_overview_shows_each_platform_with_its_n_and_suppressed_rows_as_suppressed()
    {
        await using var app = await TestApp.StartAsync(CsvRows.Csv(
            CsvRows.Many("Alpha", 150), CsvRows.Workers("Beta", 3, prefix: "b"), CsvRows.Workers("Delta", 3, prefix: "d")));

        var response = await app.Client.GetAsync("/");

        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        var document = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        var rows = document.QuerySelectorAll("#pay-by-platform tbody tr").ToList();
        Assert.AreEqual(3, rows.Count);
        var alpha = rows[0].QuerySelectorAll("th, td").Select(c => c.TextContent).ToList();
        // Published: the counts and the median carry the synopsis' noise.
        Assert.AreEqual("Alpha", alpha[0]);
        Near.Count(150, int.Parse(alpha[1], System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture));
        Near.Count(150, int.Parse(alpha[2], System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture));
        Near.Magnitude(16.75, double.Parse(alpha[3].TrimStart('$'), System.Globalization.CultureInfo.InvariantCulture));
        var beta = rows[1];
        Assert.AreEqual("Beta", beta.QuerySelector("th")!.TextContent);
        StringAssert.Contains(beta.QuerySelector(".suppressed")!.TextContent, "suppressed");
        Assert.IsNull(document.QuerySelector(".synthetic"), "real (non-sample) data carries no synthetic banner");
    }

    [TestMethod]
    public async Task A_cell_suppressed_alone_takes_its_smallest_neighbour_with_it()
    {
        // Beta alone is too small; with Alpha and the overall total published, Beta = total - Alpha. So the
        // smallest published cell is withheld too: Alpha (12) or Gamma (20), whichever the synopsis publishes as smaller.
        await using var app = await TestApp.StartAsync(CsvRows.Csv(
            CsvRows.Workers("Alpha", 12), CsvRows.Workers("Beta", 3, prefix: "b"), CsvRows.Workers("Gamma", 20, prefix: "g")));
        var document = new HtmlParser().ParseDocument(await app.Client.GetStringAsync("/"));
        var suppressed = document.QuerySelectorAll("#pay-by-platform tbody tr").Where(r => r.QuerySelector(".suppressed") is not null)
            .Select(r => r.QuerySelector("th")!.TextContent).ToArray();
        Assert.AreEqual(2, suppressed.Length, string.Join(", ", suppressed));
        Assert.AreEqual("Beta", suppressed.Single(p => p != "Alpha" && p != "Gamma"), "Beta, and one partner");
    }

    [TestMethod]
    public async Task Platform_names_are_escaped_not_executed()
    {
        const string hostile = "<script>alert(1)</script><img src=x onerror=alert(2)>";
        await using var app = await TestApp.StartAsync(CsvRows.Csv(CsvRows.Workers(hostile, 11)));

        var html = await app.Client.GetStringAsync("/");

        var document = new HtmlParser().ParseDocument(html);
        Assert.AreEqual(0, document.QuerySelectorAll("script, foreignObject").Length, "no injected element");
        Assert.AreEqual(0, document.QuerySelectorAll("img").Count(i => !(i.GetAttribute("src") ?? "").StartsWith("/charts/", StringComparison.Ordinal)), "no image but the page's charts");
        Assert.IsFalse(document.QuerySelectorAll("*").Any(e => e.Attributes.Any(a => a.Name.StartsWith("on"))), "no event handler attribute");
        Assert.AreEqual(hostile, document.QuerySelector("#pay-by-platform tbody th")!.TextContent);
    }

    [TestMethod]
    public async Task Synthetic_data_is_labelled_on_the_page()
    {
        var csv = CsvRows.Csv(CsvRows.Workers("Alpha", 11)).Replace("unpaid_idle_hours\n", "unpaid_idle_hours,synthetic\n").Replace(",2\n", ",2,1\n");
        await using var app = await TestApp.StartAsync(csv);
        var document = new HtmlParser().ParseDocument(await app.Client.GetStringAsync("/"));
        StringAssert.Contains(document.QuerySelector(".synthetic")!.TextContent, "Synthetic sample data");
    }

    [TestMethod]
    public async Task The_overview_shows_charts_with_data_tables_and_filters_change_the_figures()
    {
        await using var app = await TestApp.StartAsync(CsvRows.Csv(CsvRows.Many("Alpha", 150), CsvRows.Many("Beta", 150, 400, "b")));
        var all = new HtmlParser().ParseDocument(await app.Client.GetStringAsync("/"));
        var figure = all.QuerySelector("figure[aria-labelledby='pay-trend-caption']")!;
        Assert.AreEqual("/charts/pay-trend.svg", figure.QuerySelector("img")?.GetAttribute("src"), "the chart, as an image");
        StringAssert.Contains(figure.QuerySelector("img")!.GetAttribute("alt"), "the same figures are in the table below");
        Assert.AreEqual(2, figure.QuerySelectorAll("details tbody tr").Length, "one point per platform-month, each in the data table");
        Assert.IsNotNull(all.QuerySelector("form.filters input[name=platform]"));
        Near.CountIn(all.QuerySelector(".headline")!.TextContent, "n = ", 300, " logs");

        var beta = new HtmlParser().ParseDocument(await app.Client.GetStringAsync("/?platform=beta"));
        Near.CountIn(beta.QuerySelector(".headline")!.TextContent, "n = ", 150, " logs");
        Assert.AreEqual("beta", beta.QuerySelector("form.filters input[name=platform]")!.GetAttribute("value"), "the form keeps the filter");
        StringAssert.Contains(beta.QuerySelector("a[download]")!.GetAttribute("href"), "?platform=beta", "downloads carry the filters");
        Assert.AreEqual("/charts/pay-trend.svg?platform=beta", beta.QuerySelector("figure img")!.GetAttribute("src"), "and so do the charts");
    }

    [TestMethod]
    public async Task The_methodology_page_states_the_rules_the_code_applies()
    {
        await using var app = await TestApp.StartAsync();
        var text = new HtmlParser().ParseDocument(await app.Client.GetStringAsync("/methodology")).Body!.TextContent;
        StringAssert.Contains(text, "k = 11");
        StringAssert.Contains(text, LaborWatch.Stats.Wilson.Z95.ToString(System.Globalization.CultureInfo.InvariantCulture));
        StringAssert.Contains(text, LaborWatch.Misclassification.Rubric.Caveat);
        foreach (var test in LaborWatch.Misclassification.Rubric.Shipped.Tests) StringAssert.Contains(text, test.InForceFrom);
    }

    [TestMethod]
    [DataRow("/")]
    [DataRow("/methodology")]
    [DataRow("/api/stats")]
    [DataRow("/charts/pay-trend.svg")]
    [DataRow("/no-such-page")]
    public async Task Every_response_carries_the_security_headers(string path)
    {
        await using var app = await TestApp.StartAsync();
        var response = await app.Client.GetAsync(path);
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        StringAssert.Contains(csp, "default-src 'none'");
        StringAssert.Contains(csp, "object-src 'none'");
        StringAssert.Contains(csp, "base-uri 'none'");
        StringAssert.Contains(csp, "frame-ancestors 'none'");
        Assert.AreEqual("nosniff", string.Join("", response.Headers.GetValues("X-Content-Type-Options")));
        Assert.AreEqual("no-referrer", string.Join("", response.Headers.GetValues("Referrer-Policy")));
    }
}
