using System.Net;
using System.Text.Json;
using AngleSharp.Html.Parser;
using LaborWatch.Scraping;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace LaborWatch.Web.Tests;

[TestClass]
public sealed class PostingsPageTests
{
    static string Fixtures(string day)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "LaborWatch.sln"))) return Path.Combine(dir.FullName, "data", "fixtures", "postings", day);
        throw new InvalidOperationException("repository root not found");
    }

    static Task<TestApp> WithTwoScrapes() => TestApp.StartAsync(setup: (connection, _) =>
    {
        OfflineScraper.Scrape(connection, Fixtures("day1"), "2026-10-05");
        OfflineScraper.Scrape(connection, Fixtures("day2"), "2026-11-05");
    });

    [TestMethod]
    public async Task The_api_lists_postings_and_their_pay_changes()
    {
        await using var app = await WithTwoScrapes();
        using var list = JsonDocument.Parse(await app.Client.GetStringAsync("/api/postings"));
        Assert.AreEqual(11, list.RootElement.GetArrayLength());
        using var rubricly = JsonDocument.Parse(await app.Client.GetStringAsync("/api/postings?platform=Rubricly"));
        Assert.AreEqual(2, rubricly.RootElement.GetArrayLength());
        using var changes = JsonDocument.Parse(await app.Client.GetStringAsync("/api/postings?changes=1"));
        Assert.AreEqual(2, changes.RootElement.GetArrayLength());
        Assert.AreEqual(1, changes.RootElement.EnumerateArray().Count(c => c.GetProperty("cut").GetBoolean()));
    }

    [TestMethod]
    public async Task Pay_changes_are_a_valid_atom_feed_a_reader_can_follow_by_platform_or_parent()
    {
        await using var app = await TestApp.StartAsync(setup: (connection, _) =>
        {
            var feeds = Path.Combine(Fixtures("day1"), "..", "..", "feeds");
            OfflineScraper.Scrape(connection, Path.Combine(feeds, "day1"), "2026-10-01");
            OfflineScraper.Scrape(connection, Path.Combine(feeds, "day2"), "2026-10-02");
        });
        var response = await app.Client.GetAsync("/postings/changes.atom");
        Assert.AreEqual("application/atom+xml", response.Content.Headers.ContentType!.MediaType);
        System.ServiceModel.Syndication.SyndicationFeed Parse(string xml)
        {
            using var reader = System.Xml.XmlReader.Create(new StringReader(xml));
            var formatter = new System.ServiceModel.Syndication.Atom10FeedFormatter();
            Assert.IsTrue(formatter.CanRead(reader), "an Atom 1.0 document");
            formatter.ReadFrom(reader);
            return formatter.Feed;
        }
        var feed = Parse(await response.Content.ReadAsStringAsync());
        var items = feed.Items.ToList();
        Assert.AreEqual(9, items.Count, "eight cuts and one raise in the feed fixtures");
        var cut = items.Single(i => i.Title.Text.Contains("ratewell", StringComparison.Ordinal));
        StringAssert.StartsWith(cut.Title.Text, "Pay cut: ratewell, USD 45–60 per hour -> USD 45–55 per hour");
        Assert.AreEqual("https://work.mercor.com/jobs/lst_fx1", cut.Links.Single().Uri.AbsoluteUri, "the entry links the posting");
        StringAssert.Matches(((System.ServiceModel.Syndication.TextSyndicationContent)cut.Content).Text, new System.Text.RegularExpressions.Regex("SHA-256 [0-9a-f]{64}"));
        Assert.AreEqual(items.Count, items.Select(i => i.Id).Distinct().Count(), "each change its own id");
        Assert.AreEqual(new DateTimeOffset(2026, 10, 2, 0, 0, 0, TimeSpan.Zero), cut.LastUpdatedTime);

        Assert.AreEqual(1, Parse(await app.Client.GetStringAsync("/postings/changes.atom?platform=ratewell")).Items.Count());
        Assert.AreEqual(0, Parse(await app.Client.GetStringAsync("/postings/changes.atom?parent=Nobody")).Items.Count(), "an empty feed is still a feed");
        StringAssert.Contains(await app.Client.GetStringAsync("/postings"), "/postings/changes.atom");
    }

    [TestMethod]
    public async Task Source_errors_are_an_atom_feed_a_maintainer_can_follow()
    {
        const string reason = "the answer had 120 record(s), and its reader (ashby) read 0: the feed's shape may have changed";
        await using var app = await TestApp.StartAsync(setup: (connection, _) => Dapper.SqlMapper.Execute(connection,
            "INSERT INTO source_runs(platform, url, run_at, postings, error, with_pay) VALUES ('Ashbyco', 'https://api.ashbyhq.com/posting-api/job-board/ashbyco', '2026-10-02T06:00:00Z', 0, @reason, 0), " +
            "('Ashbyco', 'https://api.ashbyhq.com/posting-api/job-board/ashbyco', '2026-10-01T06:00:00Z', 2, NULL, 2)", new { reason }));
        var response = await app.Client.GetAsync("/postings/sources.atom");
        Assert.AreEqual("application/atom+xml", response.Content.Headers.ContentType!.MediaType);
        using var reader = System.Xml.XmlReader.Create(new StringReader(await response.Content.ReadAsStringAsync()));
        var formatter = new System.ServiceModel.Syndication.Atom10FeedFormatter();
        Assert.IsTrue(formatter.CanRead(reader));
        formatter.ReadFrom(reader);
        var item = formatter.Feed.Items.Single();
        Assert.AreEqual("Source error: Ashbyco", item.Title.Text);
        StringAssert.Contains(((System.ServiceModel.Syndication.TextSyndicationContent)item.Content).Text, reason);
        Assert.AreEqual(new DateTimeOffset(2026, 10, 2, 6, 0, 0, TimeSpan.Zero), item.LastUpdatedTime);
        var page = await app.Client.GetStringAsync("/postings");
        StringAssert.Contains(page, "shape may have changed", "the source health shows the reason");
        StringAssert.Contains(page, "/postings/sources.atom", "and links the feed");
    }

    [TestMethod]
    public async Task Serve_scrapes_on_its_schedule_and_the_page_shows_each_source_s_health()
    {
        var feeds = Path.Combine(Fixtures("day1"), "..", "..", "feeds", "day1");
        var builder = Microsoft.AspNetCore.Builder.WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        await using var feed = builder.Build();
        feed.MapGet("/robots.txt", () => "");
        feed.MapGet("/jobs.json", () => Microsoft.AspNetCore.Http.Results.Text(File.ReadAllText(Path.Combine(feeds, "imark", "imerit-jobs.json")), "application/json"));
        await feed.StartAsync();
        var folder = Directory.CreateTempSubdirectory("laborwatch-sources-").FullName;
        var sources = Path.Combine(folder, "sources.json");
        await File.WriteAllTextAsync(sources, JsonSerializer.Serialize(new
        {
            allowPrivateAddresses = true, delaySeconds = 0,
            sources = new object[] { new { platform = "Imark", url = feed.Urls.First() + "/jobs.json" }, new { platform = "Gone", url = feed.Urls.First() + "/missing" } },
        }));
        await using var app = await TestApp.StartAsync(options: new LaborWatch.Web.Submissions.WebOptions
        {
            ReviewToken = TestApp.ReviewToken, ScrapeEvery = TimeSpan.FromHours(24), SourcesFile = sources,
        });
        // The schedule's first run is due at once (no run yet): wait for it, without a deadline on its speed.
        for (var i = 0; i < 300 && !(await app.Client.GetStringAsync("/postings")).Contains("imark.example", StringComparison.Ordinal); i++) await Task.Delay(100);
        var page = new HtmlParser().ParseDocument(await app.Client.GetStringAsync("/postings"));
        var rows = page.QuerySelectorAll("#source-health tbody tr").Select(r => r.TextContent).ToList();
        Assert.AreEqual(2, rows.Count, string.Join(" / ", rows));
        StringAssert.Contains(rows.Single(r => r.StartsWith("Imark", StringComparison.Ordinal)), "3");
        StringAssert.Contains(rows.Single(r => r.StartsWith("Gone", StringComparison.Ordinal)), "HTTP 404");
        StringAssert.Contains(rows.Single(r => r.StartsWith("Gone", StringComparison.Ordinal)), "never", "never succeeded");
        Directory.Delete(folder, recursive: true);
    }

    [TestMethod]
    public async Task The_page_shows_the_cut_and_every_posting()
    {
        await using var app = await WithTwoScrapes();
        var response = await app.Client.GetAsync("/postings");
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        var page = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        var cut = page.QuerySelectorAll("#pay-changes tbody tr").Single(r => r.TextContent.Contains("cut"));
        StringAssert.Contains(cut.TextContent, "USD 21 per hour");
        StringAssert.Contains(cut.TextContent, "USD 16 per hour");
        Assert.AreEqual(11, page.QuerySelectorAll("#postings tbody tr").Length);
        StringAssert.Contains(page.QuerySelectorAll("#postings tbody tr").Single(r => r.TextContent.Contains("Code Reviewer")).TextContent, "$38.94", "81,000 a year / 2,080 hours");
    }

    [TestMethod]
    public async Task A_scraped_javascript_url_never_becomes_a_link()
    {
        await using var app = await TestApp.StartAsync(setup: (connection, folder) =>
        {
            var pages = Directory.CreateDirectory(Path.Combine(folder, "pages", "evil")).FullName;
            File.WriteAllText(Path.Combine(pages, "job.html"), """
                <html><head><script type="application/ld+json">{"@type":"JobPosting","title":"<img src=x onerror=alert(1)>",
                "url":"javascript:alert(document.cookie)","baseSalary":20}</script></head></html>
                """);
            OfflineScraper.Scrape(connection, Path.Combine(folder, "pages"), "2026-11-01");
        });
        var page = new HtmlParser().ParseDocument(await app.Client.GetStringAsync("/postings"));
        Assert.IsFalse(page.QuerySelectorAll("a").Any(a => (a.GetAttribute("href") ?? "").StartsWith("javascript", StringComparison.OrdinalIgnoreCase)));
        Assert.AreEqual(0, page.QuerySelectorAll("img").Count(i => !(i.GetAttribute("src") ?? "").StartsWith("/charts/", StringComparison.Ordinal)), "no image but the page's charts");
        StringAssert.Contains(page.QuerySelector("#postings tbody th")!.TextContent, "<img src=x onerror=alert(1)>");
    }

    [TestMethod]
    public async Task Api_stats_is_cached_with_an_etag()
    {
        await using var app = await TestApp.StartAsync(CsvRows.Csv(CsvRows.Workers("Alpha", 12)));
        var first = await app.Client.GetAsync("/api/stats");
        using var again = new HttpRequestMessage(HttpMethod.Get, "/api/stats");
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        Assert.AreEqual(HttpStatusCode.NotModified, (await app.Client.SendAsync(again)).StatusCode);
    }
}
