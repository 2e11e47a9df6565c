using Dapper;
using Microsoft.Extensions.DependencyInjection;
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
            await File.WriteAllTextAsync(file, CsvRows.Csv(CsvRows.Many("Beta", 80, prefix: "b")));   // enough ended logs for a published rate
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

    /// <summary>
    /// A page shows its charts as images it drew with itself: each image URL it links is then served from memory,
    /// not drawn again (no Server-Timing: that header comes with a drawing), and its bytes are what a server that
    /// never showed the page draws for that URL (figures, filters and clip ids alike).
    /// </summary>
    [TestMethod]
    public async Task A_pages_charts_are_served_as_drawn_with_the_page_and_as_the_chart_endpoint_draws_them()
    {
        var timed = new Submissions.WebOptions { ReviewToken = TestApp.ReviewToken, ServerTiming = true };   // the header says a chart was drawn
        await using var app = await TestApp.StartAsync(CsvRows.Csv(CsvRows.Workers("Alpha", 12), CsvRows.Workers("Beta", 12, 400, "b")), options: timed);
        await using var other = WebApp.Build(app.DatabasePath, "http://127.0.0.1:0", timed);
        await other.StartAsync();
        using var fresh = new HttpClient { BaseAddress = new Uri(other.Urls.First()) };
        var charts = 0;
        foreach (var page in new[] { "/", "/?platform=beta&k=12", "/platform/alpha", "/postings" })
        {
            var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await app.Client.GetStringAsync(page));
            var images = document.QuerySelectorAll("figure img").Select(i => i.GetAttribute("src")!).ToList();
            Assert.IsNotEmpty(images, page);
            foreach (var src in images)
            {
                StringAssert.StartsWith(src, "/charts/", page);
                using var served = await app.Client.GetAsync(src);
                Assert.AreEqual(HttpStatusCode.OK, served.StatusCode, src);
                Assert.AreEqual("image/svg+xml", served.Content.Headers.ContentType!.MediaType, src);
                Assert.IsFalse(served.Headers.Contains("Server-Timing"), $"{src}: drawn again instead of served as the page drew it");
                using var drawn = await fresh.GetAsync(src);
                Assert.IsTrue(drawn.Headers.Contains("Server-Timing"), $"{src}: the other server draws it");
                Assert.AreEqual(await drawn.Content.ReadAsStringAsync(), await served.Content.ReadAsStringAsync(), $"{src} on {page}");
                charts++;
            }
        }
        Assert.AreEqual(4 + 4 + 3 + 2, charts);
    }

    /// <summary>
    /// A phone gets the narrow drawing through the page's picture element: 340 px wide, so the smallest text (11 px) is
    /// about 11 CSS px on a 390-px screen; a chart of more than four series stacks its panels in one column.
    /// </summary>
    [TestMethod]
    public async Task Pages_offer_a_narrow_drawing_for_a_phone_and_small_multiples_stack_there()
    {
        var platforms = Enumerable.Range(0, 6).Select(i => CsvRows.Many($"Plat{i}", 150, prefix: $"p{i}-")).ToArray();
        await using var app = await TestApp.StartAsync(CsvRows.Csv(platforms));
        var page = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await app.Client.GetStringAsync("/"));
        var sources = page.QuerySelectorAll("figure picture source").ToList();
        Assert.IsGreaterThanOrEqualTo(2, sources.Count, "the overview's charts each offer a narrow drawing");
        foreach (var source in sources)
        {
            StringAssert.Contains(source.GetAttribute("srcset"), ".narrow.svg");
            StringAssert.Contains(source.GetAttribute("media"), "max-width");
        }
        var wide = XDocument.Parse(await app.Client.GetStringAsync("/charts/pay-trend.svg"));
        var narrow = XDocument.Parse(await app.Client.GetStringAsync("/charts/pay-trend.narrow.svg"));
        Assert.AreEqual("900", wide.Root!.Attribute("width")!.Value);
        Assert.AreEqual(LaborWatch.Charts.ChartRenderer.NarrowWidth.ToString(), narrow.Root!.Attribute("width")!.Value);
        Assert.IsGreaterThan(int.Parse(wide.Root.Attribute("height")!.Value) * 2, int.Parse(narrow.Root.Attribute("height")!.Value),
            "six platforms' panels stacked in one column run down the page");
        var png = await app.Client.GetByteArrayAsync("/charts/cancellations.narrow.png");
        Assert.AreEqual(LaborWatch.Charts.ChartRenderer.NarrowWidth, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)));
        Assert.AreEqual(HttpStatusCode.NotFound, (await app.Client.GetAsync("/charts/pay-trend.narrow.csv")).StatusCode, "the data is the same: one CSV");
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

    /// <summary>
    /// The second GET of a target is answered before routing (ResponseShortcuts): it must be exactly what the endpoint
    /// sends, headers and all, and never outlive a release.
    /// </summary>
    [TestMethod]
    public async Task A_cached_response_sent_before_routing_is_the_one_its_endpoint_sends()
    {
        await using var app = await TestApp.StartAsync(CsvRows.Csv(CsvRows.Workers("Alpha", 12), CsvRows.Workers("Beta", 12, prefix: "b")));
        var shortcuts = app.Services.GetRequiredService<ResponseShortcuts>();
        var targets = new[] { "/", "/?platform=alpha", "/api/stats?by=platform", "/charts/pay-trend.csv", "/charts/pay-trend.png", "/reports/report.json", "/postings" };
        foreach (var gzip in new[] { false, true })
            foreach (var target in targets)
            {
                var (first, firstBody) = await Get(app, target, gzip);
                var (second, secondBody) = await Get(app, target, gzip);
                Assert.AreEqual(HttpStatusCode.OK, first.StatusCode, target);
                Assert.AreEqual(Headers(first), Headers(second), $"{target}: the same headers from the shortcut (gzip: {gzip})");
                CollectionAssert.AreEqual(firstBody, secondBody, target);
            }
        Assert.AreEqual(targets.Length, shortcuts.Count, "each target remembered once");
        var (csv, _) = await Get(app, "/charts/pay-trend.csv", gzip: false);
        StringAssert.Contains(csv.Content.Headers.ContentDisposition!.ToString(), "pay-trend.csv", "the download name kept");
        Assert.IsNotNull(csv.Headers.GetValues("Content-Security-Policy").Single(), "the security headers on a shortcut answer");

        // A release: the remembered target must give the new figures at once, not the cached ones.
        var before = await app.Client.GetStringAsync("/api/stats?by=platform");
        using (var connection = Database.OpenMigrated(app.DatabasePath))
        {
            var file = Path.Combine(app.Folder, "more.csv");
            await File.WriteAllTextAsync(file, CsvRows.Csv(CsvRows.Workers("Gamma", 12, prefix: "g")));
            ContractImporter.Import(connection, file);
        }
        Assert.IsNotNull(app.Release().Cut);
        var after = await app.Client.GetStringAsync("/api/stats?by=platform");
        Assert.AreNotEqual(before, after, "the new release's figures");
        StringAssert.Contains(after, "Gamma");

        // A platform page remembered, then its platform's logs gone in a new release: the endpoint's 404, every time
        // (the new version's entry is empty, which only the endpoint knows means "not found").
        Assert.AreEqual(HttpStatusCode.OK, (await app.Client.GetAsync("/platform/beta")).StatusCode);
        Assert.AreEqual(HttpStatusCode.OK, (await app.Client.GetAsync("/platform/beta")).StatusCode);
        using (var connection = Database.OpenMigrated(app.DatabasePath))
        {
            connection.Execute("DELETE FROM contracts WHERE platform_id IN (SELECT id FROM platforms WHERE name = 'Beta')");
            var file = Path.Combine(app.Folder, "delta.csv");   // something new, so that a release is cut
            await File.WriteAllTextAsync(file, CsvRows.Csv(CsvRows.Workers("Delta", 12, prefix: "d")));
            ContractImporter.Import(connection, file);
        }
        Assert.IsNotNull(app.Release().Cut);
        for (var i = 0; i < 3; i++)
            Assert.AreEqual(HttpStatusCode.NotFound, (await app.Client.GetAsync("/platform/beta")).StatusCode, $"request {i + 1} after the release");

        // Errors are not remembered: a bad filter stays a 400 with its message.
        for (var i = 0; i < 2; i++)
            Assert.AreEqual(HttpStatusCode.BadRequest, (await app.Client.GetAsync("/api/stats?from=someday")).StatusCode);
        Assert.AreEqual(HttpStatusCode.MethodNotAllowed, (await app.Client.PostAsync("/api/stats?by=platform", null)).StatusCode, "only GET is shortcut");

        static async Task<(HttpResponseMessage, byte[])> Get(TestApp app, string target, bool gzip)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, target);
            if (gzip) request.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip");
            var response = await app.Client.SendAsync(request);
            return (response, await response.Content.ReadAsByteArrayAsync());
        }
        static string Headers(HttpResponseMessage r) => string.Join("\n", r.Headers.Concat(r.Content.Headers)
            .Where(h => h.Key is not ("Date" or "Server-Timing")).OrderBy(h => h.Key).Select(h => $"{h.Key}: {string.Join(",", h.Value)}"));
    }

    [TestMethod]
    public void Many_distinct_targets_never_grow_the_shortcuts_past_their_bound()
    {
        WithCache(RenderCache.DefaultMaxBytes, cache =>
        {
            var shortcuts = new ResponseShortcuts(cache);
            var entry = cache.Get("k", _ => [1, 2, 3]);
            for (var i = 0; i < ResponseShortcuts.MaxTargets * 2 + 5; i++)
            {
                var http = new Microsoft.AspNetCore.Http.DefaultHttpContext();
                http.Request.Method = "GET";
                http.Request.Path = "/api/stats";
                http.Request.QueryString = new Microsoft.AspNetCore.Http.QueryString($"?k={i}");
                shortcuts.Remember(http, entry, "application/json");
                Assert.IsTrue(shortcuts.Count <= ResponseShortcuts.MaxTargets);
            }
            Assert.IsTrue(shortcuts.Count > 0);
        });
    }

    /// <summary>The cache's bound holds what it keeps: rendered bytes and every compressed form made of them.</summary>
    [TestMethod]
    public void The_cache_counts_compressed_forms_against_its_bound()
    {
        const long bound = 100_000;
        WithCache(bound, cache =>
        {
            var random = new Random(7);
            byte[] Page() => System.Text.Encoding.UTF8.GetBytes(string.Join(" ", Enumerable.Range(0, 5000).Select(_ => random.Next(1000).ToString())));
            var first = cache.Get("a", _ => Page());
            var second = cache.Get("b", _ => Page());
            Assert.AreEqual(first.Bytes.Length + second.Bytes.Length, cache.Bytes, "the rendered bytes");
            foreach (var entry in new[] { first, second })
            {
                entry.For("br");
                entry.For("gzip");
                entry.For("br");   // made once: counted once
            }
            Assert.IsTrue(first.Size > first.Bytes.Length, "compressed forms held beside the bytes");
            Assert.AreEqual(first.Size + second.Size, cache.Bytes, "and counted");
            var third = cache.Get("c", _ => Page());
            third.For("gzip");
            Assert.IsTrue(cache.Bytes <= bound, $"{cache.Bytes} bytes held, bound {bound}");
            Assert.AreEqual(2, cache.Count, "the least recently used went");
            Assert.AreNotSame(first, cache.Get("a", _ => Page()), "the first entry was the one evicted: rendered again");
            Assert.IsTrue(cache.Bytes <= bound, $"{cache.Bytes} bytes held, bound {bound}");
        });
    }

    /// <summary>A render cache of <paramref name="bound"/> bytes over a throwaway database (of the test run's store), removed after.</summary>
    static void WithCache(long bound, Action<RenderCache> test)
    {
        var folder = Directory.CreateTempSubdirectory("laborwatch-cache-").FullName;
        var path = LaborWatch.Tests.TestStore.NewTarget(folder, "cache.db");
        try
        {
            using (Database.OpenMigrated(path)) { }
            using var cache = new RenderCache(new DatabaseFile(path), bound);
            test(cache);
        }
        finally
        {
            LaborWatch.Tests.TestStore.Drop(path);
            Directory.Delete(folder, recursive: true);
        }
    }
}
