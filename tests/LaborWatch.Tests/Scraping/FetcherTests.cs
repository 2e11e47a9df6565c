using System.IO.Compression;
using Dapper;
using LaborWatch.Scraping;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace LaborWatch.Tests.Scraping;

/// <summary>The polite, safe fetcher against a real local server, hostile cases included.</summary>
[TestClass]
public sealed class FetcherTests
{
    static readonly FetchOptions Local = new() { AllowPrivateAddresses = true, DelayPerHost = TimeSpan.Zero, Timeout = TimeSpan.FromSeconds(5), MaxRetryWait = TimeSpan.FromSeconds(2) };

    static Task<LocalServer> Serve(string robots, Action<WebApplication>? more = null) => LocalServer.StartAsync(app =>
    {
        app.MapGet("/robots.txt", (HttpContext c) => LocalServer.Text(c, robots, "text/plain"));
        app.MapGet("/jobs/ok", (HttpContext c) => LocalServer.Text(c, "<html>ok</html>"));
        app.MapGet("/private/job", (HttpContext c) => LocalServer.Text(c, "<html>secret</html>"));
        more?.Invoke(app);
    });

    [TestMethod]
    public async Task Robots_disallow_is_obeyed_and_allow_is_not_blocked()
    {
        await using var server = await Serve("User-agent: *\nDisallow: /private\n\nUser-agent: otherbot\nDisallow: /\n");
        using var fetcher = new Fetcher(Local);
        Assert.IsTrue((await fetcher.FetchAsync(server.Url("/jobs/ok"))).Ok);
        var blocked = await fetcher.FetchAsync(server.Url("/private/job"));
        Assert.AreEqual("disallowed by robots.txt", blocked.Error);
        Assert.AreEqual(0, server.Count("/private/job"), "a disallowed page is never requested");
        Assert.AreEqual(1, server.Count("/robots.txt"), "robots.txt is cached");
    }

    [TestMethod]
    public async Task A_robots_txt_that_errors_with_5xx_disallows_everything_and_a_4xx_allows_everything()
    {
        await using (var failing = await LocalServer.StartAsync(app =>
        {
            app.MapGet("/robots.txt", (HttpContext c) => { c.Response.StatusCode = 503; return Task.CompletedTask; });
            app.MapGet("/jobs/ok", (HttpContext c) => LocalServer.Text(c, "ok"));
        }))
        {
            using var fetcher = new Fetcher(Local with { Retries = 0 });
            Assert.AreEqual("disallowed by robots.txt", (await fetcher.FetchAsync(failing.Url("/jobs/ok"))).Error);
        }
        await using var missing = await LocalServer.StartAsync(app => app.MapGet("/jobs/ok", (HttpContext c) => LocalServer.Text(c, "ok")));
        using var fetcher2 = new Fetcher(Local);
        Assert.IsTrue((await fetcher2.FetchAsync(missing.Url("/jobs/ok"))).Ok, "404 robots.txt: crawl freely");
    }

    [TestMethod]
    public async Task Crawl_delay_spaces_requests_to_one_host()
    {
        await using var server = await Serve("User-agent: *\nCrawl-delay: 1\n");
        using var fetcher = new Fetcher(Local);
        await fetcher.FetchAsync(server.Url("/jobs/ok"));
        await fetcher.FetchAsync(server.Url("/jobs/ok?second"));
        var times = server.Requests.Where(r => r.Path.StartsWith("/jobs/ok")).Select(r => r.At).ToList();
        Assert.AreEqual(2, times.Count);
        Assert.IsTrue(times[1] - times[0] >= TimeSpan.FromMilliseconds(950), $"gap was {(times[1] - times[0]).TotalMilliseconds} ms");
    }

    [TestMethod]
    public async Task A_429_is_retried_after_its_Retry_After()
    {
        var calls = 0;
        await using var server = await Serve("", app => app.MapGet("/busy", (HttpContext c) =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                c.Response.StatusCode = 429;
                c.Response.Headers.RetryAfter = "1";
                return Task.CompletedTask;
            }
            return LocalServer.Text(c, "<html>finally</html>");
        }));
        using var fetcher = new Fetcher(Local);
        var result = await fetcher.FetchAsync(server.Url("/busy"));
        Assert.IsTrue(result.Ok, result.Error);
        Assert.AreEqual(2, server.Count("/busy"));
        var times = server.Requests.Where(r => r.Path == "/busy").Select(r => r.At).ToList();
        Assert.IsTrue(times[1] - times[0] >= TimeSpan.FromMilliseconds(950), "waited for Retry-After");
    }

    [TestMethod]
    public async Task A_503_that_never_ends_gives_up_with_an_error()
    {
        await using var server = await Serve("", app => app.MapGet("/down", (HttpContext c) => { c.Response.StatusCode = 503; c.Response.Headers.RetryAfter = "0"; return Task.CompletedTask; }));
        using var fetcher = new Fetcher(Local with { Retries = 2 });
        var result = await fetcher.FetchAsync(server.Url("/down"));
        Assert.AreEqual("HTTP 503 after 3 attempts", result.Error);
        Assert.AreEqual(3, server.Count("/down"));
    }

    [TestMethod]
    public async Task A_100_MB_page_is_cut_off_at_the_cap()
    {
        await using var server = await Serve("", app => app.MapGet("/huge", async (HttpContext c) =>
        {
            c.Response.ContentType = "text/html";
            var chunk = new byte[1 << 20];
            for (var i = 0; i < 100 && !c.RequestAborted.IsCancellationRequested; i++) await c.Response.Body.WriteAsync(chunk, c.RequestAborted);
        }));
        using var fetcher = new Fetcher(Local);
        var result = await fetcher.FetchAsync(server.Url("/huge"));
        StringAssert.Contains(result.Error, "over the 10485760 byte limit");
    }

    [TestMethod]
    public async Task A_gzip_bomb_is_stopped_counting_decompressed_bytes()
    {
        var bomb = new MemoryStream();
        using (var gzip = new GZipStream(bomb, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var zeros = new byte[1 << 20];
            for (var i = 0; i < 64; i++) gzip.Write(zeros);     // 64 MiB of zeros in about 64 KiB
        }
        var compressed = bomb.ToArray();
        await using var server = await Serve("", app => app.MapGet("/bomb", (HttpContext c) =>
        {
            c.Response.ContentType = "text/html";
            c.Response.Headers.ContentEncoding = "gzip";
            return c.Response.Body.WriteAsync(compressed).AsTask();
        }));
        using var fetcher = new Fetcher(Local);
        Assert.IsLessThan(1_000_000, compressed.Length);
        StringAssert.Contains((await fetcher.FetchAsync(server.Url("/bomb"))).Error, "once decompressed");
    }

    [TestMethod]
    public async Task Redirect_loops_long_chains_and_non_http_targets_are_refused()
    {
        await using var server = await Serve("", app =>
        {
            app.MapGet("/a", (HttpContext c) => { c.Response.Redirect("/b"); return Task.CompletedTask; });
            app.MapGet("/b", (HttpContext c) => { c.Response.Redirect("/a"); return Task.CompletedTask; });
            app.MapGet("/chain/{n:int}", (HttpContext c, int n) => { c.Response.Redirect($"/chain/{n + 1}"); return Task.CompletedTask; });
            app.MapGet("/file", (HttpContext c) => { c.Response.Redirect("file:///etc/passwd"); return Task.CompletedTask; });
            app.MapGet("/moved", (HttpContext c) => { c.Response.Redirect("/jobs/ok", permanent: true); return Task.CompletedTask; });
        });
        using var fetcher = new Fetcher(Local);
        Assert.AreEqual("redirect loop", (await fetcher.FetchAsync(server.Url("/a"))).Error);
        Assert.AreEqual("more than 5 redirects", (await fetcher.FetchAsync(server.Url("/chain/1"))).Error);
        Assert.AreEqual("refused: file is not http(s)", (await fetcher.FetchAsync(server.Url("/file"))).Error);
        var moved = await fetcher.FetchAsync(server.Url("/moved"));
        Assert.IsTrue(moved.Ok);
        Assert.AreEqual("/jobs/ok", moved.FinalUrl.AbsolutePath);
    }

    [TestMethod]
    public async Task A_slow_server_times_out()
    {
        await using var server = await Serve("", app => app.MapGet("/slow", async (HttpContext c) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(10), c.RequestAborted);
            await LocalServer.Text(c, "too late");
        }));
        using var fetcher = new Fetcher(Local with { Timeout = TimeSpan.FromSeconds(1) });
        Assert.AreEqual("timed out after 1 s", (await fetcher.FetchAsync(server.Url("/slow"))).Error);
    }

    [TestMethod]
    public async Task Private_and_loopback_targets_are_refused_unless_allowed()
    {
        await using var server = await Serve("");
        using var fetcher = new Fetcher(Local with { AllowPrivateAddresses = false });
        var result = await fetcher.FetchAsync(server.Url("/jobs/ok"));
        StringAssert.Contains(result.Error, "not a public (global unicast) address");
        Assert.AreEqual(0, server.Requests.Count, "not even robots.txt was fetched");
        Assert.IsFalse(Fetcher.IsPublic(System.Net.IPAddress.Parse("10.1.2.3")));
        Assert.IsFalse(Fetcher.IsPublic(System.Net.IPAddress.Parse("169.254.169.254")), "cloud metadata address");
        Assert.IsFalse(Fetcher.IsPublic(System.Net.IPAddress.Parse("::ffff:192.168.1.1")));
        Assert.IsTrue(Fetcher.IsPublic(System.Net.IPAddress.Parse("93.184.216.34")));
    }

    [TestMethod]
    public async Task A_live_scrape_records_postings_from_the_fetched_bytes_and_goes_on_past_failures()
    {
        var day1 = Repo.File("data", "fixtures", "postings", "day1");
        await using var server = await Serve("User-agent: *\nDisallow: /private\n", app =>
        {
            app.MapGet("/rater", (HttpContext c) => LocalServer.Text(c, File.ReadAllText(Path.Combine(day1, "annotara", "rater.html"))));
            app.MapGet("/boards/rubricly/jobs", (HttpContext c) => LocalServer.Text(c, File.ReadAllText(Path.Combine(day1, "rubricly", "jobs.json")), "application/json"));
        });
        using var db = new TestDatabase();
        var sources = new List<SourceSpec>
        {
            new("Annotara", server.Url("/rater")), new("Rubricly", server.Url("/boards/rubricly/jobs")),
            new("Annotara", server.Url("/private/job")), new("Annotara", server.Url("/missing")),
        };
        var summary = await LiveScraper.ScrapeAsync(db.Connection, sources, Local, "2026-11-20");
        Assert.AreEqual(3, summary.Postings);
        CollectionAssert.AreEquivalent(new[] { "disallowed by robots.txt", "HTTP 404" }, summary.Errors.Select(e => e.Message).ToArray());
        Assert.AreEqual(2L, db.Connection.ExecuteScalar<long>("SELECT count(*) FROM raw_responses WHERE source_url LIKE 'http://127.0.0.1:%'"));
        Assert.AreEqual(2L, db.Connection.ExecuteScalar<long>("SELECT count(*) FROM scrape_errors"));
    }

    /// <summary>The address rule on the classifier itself: every range the rule names, and their neighbours that are public.</summary>
    [TestMethod]
    [DataRow("93.184.216.34", true)]
    [DataRow("8.8.8.8", true)]
    [DataRow("2606:4700:4700::1111", true, "global unicast IPv6")]
    [DataRow("2a00:1450:4001:82a::200e", true)]
    [DataRow("0.1.2.3", false)]
    [DataRow("10.1.2.3", false)]
    [DataRow("100.64.0.1", false, "carrier-grade NAT")]
    [DataRow("127.0.0.1", false)]
    [DataRow("169.254.169.254", false, "cloud metadata")]
    [DataRow("172.16.0.1", false)]
    [DataRow("172.31.255.255", false)]
    [DataRow("172.32.0.1", true, "just past 172.16/12")]
    [DataRow("192.0.0.8", false, "192.0.0.0/24")]
    [DataRow("192.0.2.10", false, "TEST-NET-1")]
    [DataRow("192.0.3.1", true, "just past TEST-NET-1")]
    [DataRow("192.88.99.1", false, "6to4 relay anycast")]
    [DataRow("192.168.1.1", false)]
    [DataRow("198.18.0.1", false, "benchmarking 198.18/15")]
    [DataRow("198.19.255.254", false, "benchmarking 198.18/15")]
    [DataRow("198.20.0.1", true, "just past 198.18/15")]
    [DataRow("198.51.100.7", false, "TEST-NET-2")]
    [DataRow("203.0.113.9", false, "TEST-NET-3")]
    [DataRow("224.0.0.1", false, "multicast")]
    [DataRow("240.0.0.1", false, "reserved")]
    [DataRow("255.255.255.255", false, "broadcast")]
    [DataRow("::", false)]
    [DataRow("::1", false)]
    [DataRow("::ffff:192.168.1.1", false, "IPv4-mapped private")]
    [DataRow("::ffff:8.8.8.8", true, "IPv4-mapped public: judged as 8.8.8.8")]
    [DataRow("::127.0.0.1", false, "IPv4-compatible")]
    [DataRow("::8.8.8.8", false, "IPv4-compatible is deprecated: refused whatever it carries")]
    [DataRow("64:ff9b::7f00:1", false, "NAT64 of 127.0.0.1")]
    [DataRow("64:ff9b::808:808", false, "NAT64 is a translator: refused whatever it carries")]
    [DataRow("2002:7f00:1::", false, "6to4 of 127.0.0.1")]
    [DataRow("2002:808:808::", false, "6to4 is refused whatever it carries")]
    [DataRow("2001:db8::1", false, "documentation")]
    [DataRow("2001::1", false, "Teredo")]
    [DataRow("3fff::1", false, "documentation (RFC 9637)")]
    [DataRow("fe80::1", false, "link-local")]
    [DataRow("fc00::1", false, "unique local")]
    [DataRow("fd12:3456::1", false, "unique local")]
    [DataRow("ff02::1", false, "multicast")]
    public void Only_global_unicast_addresses_may_be_dialled(string address, bool dialable, string why = "")
        => Assert.AreEqual(dialable, DialableAddress.IsGlobalUnicast(System.Net.IPAddress.Parse(address)), $"{address} {why}");

    [TestMethod]
    public void Ipv4_inside_ipv6_is_decoded()
    {
        Assert.AreEqual("127.0.0.1", DialableAddress.EmbeddedIPv4(System.Net.IPAddress.Parse("64:ff9b::7f00:1"))!.ToString());
        Assert.AreEqual("127.0.0.1", DialableAddress.EmbeddedIPv4(System.Net.IPAddress.Parse("2002:7f00:1::"))!.ToString());
        Assert.AreEqual("10.0.0.1", DialableAddress.EmbeddedIPv4(System.Net.IPAddress.Parse("::10.0.0.1"))!.ToString());
        Assert.AreEqual("192.168.1.1", DialableAddress.EmbeddedIPv4(System.Net.IPAddress.Parse("::ffff:192.168.1.1"))!.ToString());
        Assert.IsNull(DialableAddress.EmbeddedIPv4(System.Net.IPAddress.Parse("2606:4700::1")));
    }

    [TestMethod]
    public void Robots_rules_follow_RFC_9309_matching()
    {
        var robots = Robots.Parse(System.Text.Encoding.UTF8.GetBytes(
            "User-agent: LaborWatch\nUser-agent: other\nDisallow: /jobs/\nAllow: /jobs/public\nDisallow: /*.pdf$\n\nUser-agent: *\nDisallow: /\n"), "LaborWatch");
        Assert.IsFalse(robots.Allows("/jobs/42"));
        Assert.IsTrue(robots.Allows("/jobs/public/42"), "the longer allow wins");
        Assert.IsFalse(robots.Allows("/files/x.pdf"));
        Assert.IsTrue(robots.Allows("/files/x.pdf?download=1"), "$ anchors the end");
        Assert.IsTrue(robots.Allows("/about"), "our group has no rule for /about; the * group does not apply to us");
        Assert.IsTrue(robots.Allows("/robots.txt"));
    }

    [TestMethod]
    [Timeout(30_000)]   // a guard against a hang, not a speed target: the old recursive matcher never finished this
    public void A_robots_txt_full_of_wildcards_cannot_stall_matching()
    {
        var hostile = "User-agent: *\nDisallow: /" + string.Concat(Enumerable.Repeat("*a", 40)) + "*b$\n";
        var robots = Robots.Parse(System.Text.Encoding.UTF8.GetBytes(hostile), "LaborWatch");
        Assert.IsTrue(robots.Allows("/" + new string('a', 5000)), "no b at the end: not disallowed");
        Assert.IsFalse(robots.Allows("/" + new string('a', 60) + "b"));
        var simple = Robots.Parse(System.Text.Encoding.UTF8.GetBytes("User-agent: *\nDisallow: /a*c\nAllow: /ab\n"), "LaborWatch");
        Assert.IsFalse(simple.Allows("/axxc"));
        Assert.IsFalse(simple.Allows("/abc"), "disallow /a*c (4 characters) is longer than allow /ab (3): it wins");
        Assert.IsTrue(simple.Allows("/abd"), "only allow /ab matches");
    }
}
