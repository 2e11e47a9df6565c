using System.IO.Compression;
using System.Net;
using System.Text.Json;
using AngleSharp.Html.Parser;

namespace LaborWatch.Web.Tests;

[TestClass]
public sealed class ReportsPageTests
{
    [TestMethod]
    public async Task The_reports_page_links_every_export_for_its_filters_and_each_answers()
    {
        await using var app = await TestApp.StartAsync(CsvRows.Csv(CsvRows.Workers("Annotatrix", 12), CsvRows.Workers("Tinyco", 3, grossPerLog: 555, prefix: "t")));
        var page = new HtmlParser().ParseDocument(await app.Client.GetStringAsync("/reports?platform=Annotatrix,Tinyco&from=2025-01"));
        var links = page.QuerySelectorAll("ul.downloads a").Select(a => a.GetAttribute("href")!).ToList();
        // html, pdf, zip, json, then a CSV per table (pay, cancellation, misclassification, postings, pay_changes, promised_vs_paid) and the dictionary
        Assert.AreEqual(11, links.Count, string.Join("\n", links));
        foreach (var link in links)
        {
            StringAssert.Contains(link, "platform=Annotatrix%2CTinyco");
            StringAssert.Contains(link, "from=2025-01");
            var response = await app.Client.GetAsync(link);
            Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, link);
            Assert.IsNotNull(response.Headers.ETag, link);
            var body = await response.Content.ReadAsByteArrayAsync();
            if (link.Contains(".zip")) Assert.IsTrue(new ZipArchive(new MemoryStream(body)).Entries.Count > 20);
            else if (link.Contains(".pdf")) Assert.AreEqual("%PDF", System.Text.Encoding.ASCII.GetString(body, 0, 4), link);
            else Assert.IsFalse(System.Text.Encoding.UTF8.GetString(body).Contains("56.", StringComparison.Ordinal) && link.Contains("pay.csv"), "Tinyco is suppressed");
        }
        var json = JsonDocument.Parse(await app.Client.GetStringAsync("/reports/report.json?platform=Annotatrix")).RootElement;
        Assert.AreEqual("Annotatrix", json.GetProperty("pay")[0].GetProperty("platform").GetString());
        Assert.AreEqual(HttpStatusCode.NotFound, (await app.Client.GetAsync("/reports/secrets.csv")).StatusCode);
        Assert.AreEqual(HttpStatusCode.BadRequest, (await app.Client.GetAsync("/reports/pay.csv?from=2025-99")).StatusCode);
    }

    [TestMethod]
    public async Task Every_page_and_chart_links_an_export_with_its_filters()
    {
        await using var app = await TestApp.StartAsync(CsvRows.Csv(CsvRows.Many("Annotatrix", 150)));   // enough for a published monthly median
        foreach (var path in new[] { "/?platform=Annotatrix", "/platform/annotatrix?from=2025-01", "/postings?platform=Annotatrix" })
        {
            var page = new HtmlParser().ParseDocument(await app.Client.GetStringAsync(path));
            Assert.IsNotNull(page.QuerySelector("p.export a[href^='/reports?']"), path);
            foreach (var figure in page.QuerySelectorAll("figure"))
            {
                var csv = figure.QuerySelector("a[href*='.csv']")!.GetAttribute("href")!;
                var response = await app.Client.GetAsync(csv);
                Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, csv);
                var text = await response.Content.ReadAsStringAsync();
                Assert.IsTrue(text.StartsWith("series,point,value,low,high,n\r\n", StringComparison.Ordinal) || text.StartsWith("row,column,value\r\n", StringComparison.Ordinal), csv);
            }
        }
        var trend = await app.Client.GetStringAsync("/charts/pay-trend.csv");
        StringAssert.StartsWith(trend, "series,point,value,low,high,n\r\nAnnotatrix,2025-03,");
    }
}
