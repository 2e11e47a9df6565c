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
            var file = Path.Combine(app.Folder, "more.csv");
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
    public async Task Text_goes_compressed_to_a_client_that_accepts_it_each_form_with_its_own_etag()
    {
        await using var app = await TestApp.StartAsync(CsvRows.Csv(CsvRows.Workers("Alpha", 12)));
        var plain = await app.Client.GetAsync("/");
        var html = await plain.Content.ReadAsByteArrayAsync();
        Assert.IsNull(plain.Content.Headers.ContentEncoding.FirstOrDefault(), "no Accept-Encoding: as rendered");
        Assert.AreEqual("Accept-Encoding", plain.Headers.Vary.Single());
        foreach (var (accept, coding) in new[] { ("gzip, deflate, br", "br"), ("gzip", "gzip"), ("br;q=0, gzip;q=0.5", "gzip"), ("*", "br"), ("br;q=0, *", "gzip"), ("br;q=0, gzip;q=0", null) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/");
            request.Headers.TryAddWithoutValidation("Accept-Encoding", accept);
            var response = await app.Client.SendAsync(request);
            var bytes = await response.Content.ReadAsByteArrayAsync();
            Assert.AreEqual(coding, response.Content.Headers.ContentEncoding.FirstOrDefault(), accept);
            CollectionAssert.AreEqual(html, Decompress(bytes, coding), $"{accept}: the same page");
            if (coding is null) continue;
            Assert.IsTrue(bytes.Length * 3 < html.Length, $"{accept}: {bytes.Length} bytes of {html.Length}");
            Assert.AreNotEqual(plain.Headers.ETag, response.Headers.ETag, "each form its own ETag");
            using var again = new HttpRequestMessage(HttpMethod.Get, "/");
            again.Headers.TryAddWithoutValidation("Accept-Encoding", accept);
            again.Headers.IfNoneMatch.Add(response.Headers.ETag!);
            Assert.AreEqual(HttpStatusCode.NotModified, (await app.Client.SendAsync(again)).StatusCode, accept);
        }
        using var png = new HttpRequestMessage(HttpMethod.Get, "/charts/pay-trend.png");
        png.Headers.TryAddWithoutValidation("Accept-Encoding", "br, gzip");
        Assert.IsNull((await app.Client.SendAsync(png)).Content.Headers.ContentEncoding.FirstOrDefault(), "a PNG is compressed already");
    }

    static byte[] Decompress(byte[] bytes, string? coding)
    {
        if (coding is null) return bytes;
        using var input = new MemoryStream(bytes);
        using Stream stream = coding == "br" ? new System.IO.Compression.BrotliStream(input, System.IO.Compression.CompressionMode.Decompress) : new System.IO.Compression.GZipStream(input, System.IO.Compression.CompressionMode.Decompress);
        using var output = new MemoryStream();
        stream.CopyTo(output);
        return output.ToArray();
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
