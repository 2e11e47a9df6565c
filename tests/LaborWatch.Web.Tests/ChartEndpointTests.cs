using System.Net;
using System.Xml.Linq;
using LaborWatch.Contracts;
using LaborWatch.Data;

namespace LaborWatch.Web.Tests;

[TestClass]
public sealed class ChartEndpointTests
{
    [TestMethod]
    public async Task Charts_are_served_with_an_etag_and_revalidated_until_the_data_changes()
    {
        await using var app = await TestApp.StartAsync(CsvRows.Csv(CsvRows.Workers("Alpha", 12)));

        var first = await app.Client.GetAsync("/charts/cancellations.svg");
        Assert.AreEqual(HttpStatusCode.OK, first.StatusCode);
        Assert.AreEqual("image/svg+xml", first.Content.Headers.ContentType!.MediaType);
        Assert.AreEqual("svg", XDocument.Parse(await first.Content.ReadAsStringAsync()).Root!.Name.LocalName);
        var etag = first.Headers.ETag!;

        using var again = new HttpRequestMessage(HttpMethod.Get, "/charts/cancellations.svg");
        again.Headers.IfNoneMatch.Add(etag);
        Assert.AreEqual(HttpStatusCode.NotModified, (await app.Client.SendAsync(again)).StatusCode);
        var lastModified = first.Content.Headers.LastModified;
        Assert.IsNotNull(lastModified, "Last-Modified beside the ETag");
        using var since = new HttpRequestMessage(HttpMethod.Get, "/charts/cancellations.svg");
        since.Headers.IfModifiedSince = lastModified;
        Assert.AreEqual(HttpStatusCode.NotModified, (await app.Client.SendAsync(since)).StatusCode);

        using (var connection = Database.OpenMigrated(app.DatabasePath))
        {
            var file = Path.Combine(Path.GetDirectoryName(app.DatabasePath)!, "more.csv");
            await File.WriteAllTextAsync(file, CsvRows.Csv(CsvRows.Workers("Beta", 12, prefix: "b")));
            ContractImporter.Import(connection, file);
        }
        // Public figures follow the release, not each write: until one is cut, the chart and its tags stay.
        using var beforeRelease = new HttpRequestMessage(HttpMethod.Get, "/charts/cancellations.svg");
        beforeRelease.Headers.IfNoneMatch.Add(etag);
        Assert.AreEqual(HttpStatusCode.NotModified, (await app.Client.SendAsync(beforeRelease)).StatusCode, "imported but not released: nothing public changed");
        using var sinceBefore = new HttpRequestMessage(HttpMethod.Get, "/charts/cancellations.svg");
        sinceBefore.Headers.IfModifiedSince = lastModified;
        Assert.AreEqual(HttpStatusCode.NotModified, (await app.Client.SendAsync(sinceBefore)).StatusCode, "Last-Modified follows the release too");
        Assert.IsNotNull(app.Release().Cut);
        using var after = new HttpRequestMessage(HttpMethod.Get, "/charts/cancellations.svg");
        after.Headers.IfNoneMatch.Add(etag);
        var changed = await app.Client.SendAsync(after);
        Assert.AreEqual(HttpStatusCode.OK, changed.StatusCode, "new data: a new chart, not 304");
        Assert.AreNotEqual(etag, changed.Headers.ETag);
        StringAssert.Contains(await changed.Content.ReadAsStringAsync(), "Beta");

        var png = await app.Client.GetByteArrayAsync("/charts/pay-trend.png?platform=alpha");
        CollectionAssert.AreEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, png[..4]);
    }

    [TestMethod]
    public async Task Unknown_charts_and_bad_filters_are_named_errors()
    {
        await using var app = await TestApp.StartAsync();
        var unknown = await app.Client.GetAsync("/charts/pie.svg");
        Assert.AreEqual(HttpStatusCode.NotFound, unknown.StatusCode);
        StringAssert.Contains(await unknown.Content.ReadAsStringAsync(), "no chart 'pie.svg'");
        var bad = await app.Client.GetAsync("/charts/pay-trend.svg?from=soon");
        Assert.AreEqual(HttpStatusCode.BadRequest, bad.StatusCode);
        StringAssert.Contains(await bad.Content.ReadAsStringAsync(), "from: 'soon' is not a month");
        var empty = await app.Client.GetStringAsync("/charts/contract-survival.svg");
        StringAssert.Contains(empty, "No data to show");
    }
}
