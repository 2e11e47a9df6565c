using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using LaborWatch.Postings;
using LaborWatch.Scraping;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace LaborWatch.Tests.Scraping;

/// <summary>
/// Sources that must be asked in a particular way (POST with a JSON body, pages in the query, the body or a
/// cursor, a detail request per posting), through the real fetch path against a local server that checks
/// what it is sent; and the shipped catalog of real sources, each pointed at the local server in its shape.
/// </summary>
[TestClass]
public sealed class LiveFeedTests
{
    static string Fixture(int day, string file) => Directory.GetFiles(Repo.File("data", "fixtures", "feeds", $"day{day}"), file, SearchOption.AllDirectories).Single();

    static async Task<JsonObject> Body(HttpContext c) => JsonNode.Parse(await new StreamReader(c.Request.Body).ReadToEndAsync())!.AsObject();

    static Task Json(HttpContext c, string json) => LocalServer.Text(c, json, "application/json");

    static string SourcesFile(TestDatabase db, params object[] sources) =>
        db.WriteFile("sources.json", JsonSerializer.Serialize(new { allowPrivateAddresses = true, delaySeconds = 0, sources }));

    static async Task<ScrapeSummary> Scrape(TestDatabase db, string file, string day = "2026-10-01", params string[] platforms)
    {
        var (sources, options) = LiveScraper.ReadSources(file, platforms);
        return await LiveScraper.ScrapeAsync(db.Connection, sources, options with { Timeout = TimeSpan.FromSeconds(5) }, day);
    }

    [TestMethod]
    public async Task Posts_with_a_json_body_page_through_the_query_and_the_body_until_an_empty_page()
    {
        var micro1 = new List<string>();
        var telus = new List<int>();
        await using var server = await LocalServer.StartAsync(app =>
        {
            app.MapGet("/robots.txt", (HttpContext c) => LocalServer.Text(c, "User-agent: *\nAllow: /\n", "text/plain"));
            app.MapPost("/api/v1/job/portal", async (HttpContext c) =>
            {
                var body = await Body(c);
                Assert.AreEqual("get_all_jobs", (string?)body["action"], "the body is sent as given");
                Assert.AreEqual("application/json", c.Request.ContentType);
                Assert.AreEqual("https://www.micro1.ai", c.Request.Headers.Origin.ToString(), "the source's headers are sent");
                StringAssert.StartsWith(c.Request.Headers.UserAgent.ToString(), "LaborWatch/", "the User-Agent stays ours");
                var page = c.Request.Query["page"].ToString();
                micro1.Add(page + "/" + c.Request.Query["limit"]);
                var json = JsonNode.Parse(File.ReadAllText(Fixture(1, "micro1-portal.json")))!;
                if (page != "1" && page != "2") json["data"] = new JsonArray();
                else foreach (var job in json["data"]!.AsArray()) job!["job_id"] = $"{job["job_id"]}-p{page}";
                await Json(c, json.ToJsonString());
            });
            app.MapPost("/apapi/v1/list-job-posts", async (HttpContext c) =>
            {
                var body = await Body(c);
                Assert.IsTrue((bool)body["is_global"]!);
                var page = (int)body["page"]!;
                Assert.AreEqual(100, (int)body["limit"]!, "page size in the body, as a number");
                telus.Add(page);
                await Json(c, page == 1 ? File.ReadAllText(Fixture(1, "telus-job-posts.json")) : """{"data":{"job_posts":[]}}""");
            });
        });
        using var db = new TestDatabase();
        var file = SourcesFile(db,
            new { platform = "Microtasq", url = server.Url("/api/v1/job/portal?keyword=").AbsoluteUri, method = "POST", body = new { action = "get_all_jobs" },
                  headers = new Dictionary<string, string> { ["Origin"] = "https://www.micro1.ai", ["User-Agent"] = "spoofed" },
                  paging = new { kind = "page", param = "page", start = 1, size = 100, sizeParam = "limit", maxPages = 10 } },
            new { platform = "Telvera", url = server.Url("/apapi/v1/list-job-posts").AbsoluteUri, method = "POST", body = new { is_global = true },
                  paging = new { kind = "page", param = "page", @in = "body", start = 1, size = 100, sizeParam = "limit", maxPages = 10 } });

        var summary = await Scrape(db, file);

        Assert.AreEqual(0, summary.Errors.Count, string.Join("; ", summary.Errors.Select(e => e.Message)));
        CollectionAssert.AreEqual(new[] { "1/100", "2/100", "3/100" }, micro1, "pages until the first empty one");
        CollectionAssert.AreEqual(new[] { 1, 2 }, telus);
        Assert.AreEqual(6, summary.Postings, "two micro1 pages of two, one TELUS page of two");
        Assert.AreEqual(5L, db.Connection.ExecuteScalar<long>("SELECT count(*) FROM raw_responses"), "every answer kept, the empty ones too");
    }

    [TestMethod]
    public async Task Offsets_and_cursors_advance_and_a_source_that_ignores_paging_or_never_ends_is_stopped()
    {
        var offsets = new List<string>();
        var tokens = new List<string?>();
        var endless = 0;
        await using var server = await LocalServer.StartAsync(app =>
        {
            app.MapGet("/robots.txt", (HttpContext c) => LocalServer.Text(c, "", "text/plain"));
            app.MapGet("/api/jobs", (HttpContext c) =>
            {
                var offset = c.Request.Query["offset"].ToString();
                offsets.Add(offset);
                var json = JsonNode.Parse(File.ReadAllText(Fixture(1, "alignerr-jobs.json")))!;
                if (offset != "0") json["jobs"] = new JsonArray();
                return Json(c, json.ToJsonString());
            });
            app.MapPost("/cursor", async (HttpContext c) =>
            {
                var token = (string?)(await Body(c))["token"];
                tokens.Add(token);
                var json = JsonNode.Parse(File.ReadAllText(Fixture(1, "workable-widget.json")))!;
                json["jobs"]![0]!["shortcode"] = "S" + (token ?? "0");
                if (token is null) json["nextPage"] = "t1";
                else if (token == "t1") json["nextPage"] = "t2";
                await Json(c, json.ToJsonString());
            });
            app.MapGet("/same", (HttpContext c) => Json(c, File.ReadAllText(Fixture(1, "imerit-jobs.json"))));
            app.MapGet("/endless", (HttpContext c) =>
            {
                var json = JsonNode.Parse(File.ReadAllText(Fixture(1, "imerit-jobs.json")))!;
                json["generated_at"] = $"page {++endless}";
                return Json(c, json.ToJsonString());
            });
        });
        using var db = new TestDatabase();
        var file = SourcesFile(db,
            new { platform = "Alignwise", url = server.Url("/api/jobs").AbsoluteUri, paging = new { kind = "offset", size = 120, sizeParam = "limit", maxPages = 10 } },
            new { platform = "Mindcraft", url = server.Url("/cursor").AbsoluteUri, method = "POST", body = new { }, paging = new { kind = "cursor", @in = "body", param = "token", cursorField = "nextPage" } },
            new { platform = "Same", url = server.Url("/same").AbsoluteUri, paging = new { kind = "page", maxPages = 10 } },
            new { platform = "Endless", url = server.Url("/endless").AbsoluteUri, paging = new { kind = "page", maxPages = 3 } });

        var summary = await Scrape(db, file);

        Assert.AreEqual(0, summary.Errors.Count, string.Join("; ", summary.Errors.Select(e => e.Message)));
        CollectionAssert.AreEqual(new[] { "0", "120" }, offsets);
        CollectionAssert.AreEqual(new[] { null, "t1", "t2" }, tokens, "a cursor read from each answer, until none");
        Assert.AreEqual(2, server.Count("/same?page=2") + server.Count("/same?page=1"), "the same answer twice: stop");
        Assert.AreEqual(3, endless, "maxPages caps a source that never runs dry");
        Assert.AreEqual(3L, db.Connection.ExecuteScalar<long>("SELECT count(*) FROM postings p WHERE p.platform = 'Mindcraft'"));
    }

    [TestMethod]
    public async Task A_list_without_pay_asks_for_each_job_up_to_the_cap_and_robots_rules_bind_posts_too()
    {
        var details = new List<string>();
        await using var server = await LocalServer.StartAsync(app =>
        {
            app.MapGet("/robots.txt", (HttpContext c) => LocalServer.Text(c, "User-agent: *\nDisallow: /internal/\n", "text/plain"));
            app.MapGet("/v1/boards/board/jobs", (HttpContext c) => Json(c, JsonSerializer.Serialize(new
            {
                jobs = Enumerable.Range(1, 5).Select(i => new { id = 7700000 + i, title = $"Job {i} (FICTIONAL)", absolute_url = $"https://boardwise.example/jobs/{7700000 + i}" }),
            })));
            app.MapGet("/v1/boards/board/jobs/{id}", (string id, HttpContext c) =>
            {
                Assert.AreEqual("true", c.Request.Query["pay_transparency"].ToString());
                details.Add(id);
                var json = JsonNode.Parse(File.ReadAllText(Fixture(1, "greenhouse-job.json")))!;
                json["id"] = long.Parse(id);
                json["absolute_url"] = $"https://boardwise.example/jobs/{id}";
                return Json(c, json.ToJsonString());
            });
            app.MapPost("/internal/jobs", (HttpContext c) => Json(c, File.ReadAllText(Fixture(1, "outlier-jobs.json"))));
        });
        using var db = new TestDatabase();
        var file = SourcesFile(db,
            new { platform = "Boardwise", url = server.Url("/v1/boards/board/jobs?content=true").AbsoluteUri,
                  detail = new { url = server.Base.AbsoluteUri + "v1/boards/board/jobs/{id}?pay_transparency=true", max = 3 } },
            new { platform = "Taskfarer", url = server.Url("/internal/jobs").AbsoluteUri, method = "POST", body = new { } });

        var summary = await Scrape(db, file);

        Assert.AreEqual(3, details.Count, "the detail step is bounded per run");
        Assert.AreEqual("disallowed by robots.txt", summary.Errors.Single().Message, "a POST to a disallowed path is never sent");
        Assert.AreEqual(0, server.Count("/internal/jobs"));
        var withPay = PostingQueries.List(db.Connection).Count(p => p.Pay.Min is not null);
        Assert.AreEqual(3, withPay, "the jobs asked for in detail have their pay; the others wait for the next run");

        var health = LiveScraper.Health(db.Connection).ToDictionary(h => h.Platform);
        Assert.AreEqual((8, (string?)null), (health["Boardwise"].LastPostings, health["Boardwise"].LastError), "5 from the list and 3 from details");
        Assert.IsNotNull(health["Boardwise"].LastSuccess);
        Assert.AreEqual(("disallowed by robots.txt", (string?)null), (health["Taskfarer"].LastError, health["Taskfarer"].LastSuccess));
    }

    [TestMethod]
    public async Task Every_source_of_the_shipped_catalog_scrapes_to_its_pay_and_cuts_across_two_days()
    {
        var day = 1;
        var posts = new List<string>();
        var asked = new System.Collections.Concurrent.ConcurrentBag<string>();
        await using var server = await LocalServer.StartAsync(app =>
        {
            app.MapGet("/robots.txt", (HttpContext c) => LocalServer.Text(c, "", "text/plain"));
            app.MapMethods("/{**path}", ["GET", "POST"], async (string path, HttpContext c) =>
            {
                asked.Add("/" + path);
                if (c.Request.Method == "POST") posts.Add("/" + path);
                var first = c.Request.Query["page"].ToString() is "" or "1" && c.Request.Query["offset"].ToString() is "" or "0"
                    && (c.Request.Method == "GET" || c.Request.ContentLength is null or 0 || (await Body(c))["page"] is not { } pageNode || (int)pageNode == 1);
                string Feed(string file) => File.ReadAllText(Fixture(day, file));
                var answer = ("/" + path) switch
                {
                    "/internal/experts/job-board/jobs" => Feed("outlier-jobs.json"),
                    "/work/listings-explore-page" => Feed("mercor-listings.json"),
                    "/api/v1/job/portal" => first ? Feed("micro1-portal.json") : """{"status":true,"total":2,"data":[]}""",
                    "/apapi/v1/list-job-posts" => first ? Feed("telus-job-posts.json") : """{"data":{"job_posts":[]}}""",
                    "/api/jobs" => first ? Feed("alignerr-jobs.json") : """{"jobs":[],"limit":120,"offset":120,"total":2}""",
                    "/jobs.json" => Feed("imerit-jobs.json"),
                    var p when p.StartsWith("/api/v1/widget/accounts/") => Feed("workable-widget.json"),
                    var p when p.StartsWith("/v1/boards/") && p.EndsWith("/jobs") => """{"jobs":[{"id":7700001,"title":"AI Trainer, Finance (FICTIONAL fixture)","absolute_url":"https://boardwise.example/jobs/7700001"}]}""",
                    var p when p.StartsWith("/v1/boards/") => Feed("greenhouse-job.json"),
                    var p when p.StartsWith("/posting-api/job-board/") => Feed("ashby-board.json"),
                    var p when p.StartsWith("/v0/postings/") => Feed("lever-postings.json"),
                    _ => null,
                };
                if (answer is null) { c.Response.StatusCode = 404; return; }
                await Json(c, answer);
            });
        });
        // The shipped catalog, every source pointed at the local server with its own path and query.
        var catalog = JsonNode.Parse(File.ReadAllText(Repo.File("data", "sources", "sources.json")))!.AsObject();
        catalog["allowPrivateAddresses"] = true;
        catalog["delaySeconds"] = 0;
        foreach (var s in catalog["sources"]!.AsArray())
        {
            foreach (var field in new[] { "url" })
                s![field] = Local(server, (string)s[field]!);
            if (s!["detail"] is JsonObject detail) detail["url"] = Local(server, ((string)detail["url"]!).Replace("{id}", "ID")).Replace("ID", "{id}");
        }
        using var db = new TestDatabase();
        var file = db.WriteFile("catalog.json", catalog.ToJsonString());

        var first = await Scrape(db, file, "2026-10-01");
        Assert.AreEqual(0, first.Errors.Count, string.Join("; ", first.Errors.Select(e => $"{e.Location}: {e.Message}")));
        foreach (var s in catalog["sources"]!.AsArray())
            CollectionAssert.Contains(asked.ToArray(), new Uri((string)s!["url"]!).AbsolutePath, "every source of the catalog is asked");
        // Sources of one shape answer the same fixture (one identity): each shape's postings carry a catalog platform.
        var platforms = PostingQueries.List(db.Connection).Select(p => p.Platform).Distinct().ToList();
        foreach (var platform in new[] { "Outlier", "Mercor", "micro1", "TELUS Digital AI Community", "Alignerr", "iMerit" })
            CollectionAssert.Contains(platforms, platform);
        Assert.IsTrue(platforms.Intersect(["Scale AI", "xAI", "Labelbox", "Snorkel AI", "Sama", "Invisible Technologies", "Invisible (AI trainers)", "Turing", "Prolific"]).Any(), "a Greenhouse board");
        Assert.IsTrue(platforms.Intersect(["Appen", "Welo Data"]).Any() && platforms.Intersect(["Mindrift", "CloudFactory"]).Any(), string.Join(", ", platforms));
        CollectionAssert.IsSubsetOf(new[] { "/internal/experts/job-board/jobs", "/api/v1/job/portal", "/apapi/v1/list-job-posts" }, posts.Distinct().ToArray(), "the POST feeds are posted to");
        Assert.AreEqual(40, PostingQueries.List(db.Connection).Single(p => p.Platform == "Outlier" && p.Title!.StartsWith("Poetry")).Pay.Max);
        Assert.AreEqual(60, PostingQueries.List(db.Connection).Single(p => p.Platform == "Mercor" && p.Title!.StartsWith("Legal")).Pay.Max);

        day = 2;
        var second = await Scrape(db, file, "2026-10-02", "Outlier", "Mercor", "micro1", "Alignerr", "iMerit");
        Assert.AreEqual(0, second.Errors.Count);
        var changes = PostingQueries.Changes(db.Connection);
        CollectionAssert.AreEquivalent(new[] { "Outlier", "Mercor", "Alignerr", "iMerit" }, changes.Where(c => c.Cut).Select(c => c.Platform).ToArray());
        Assert.AreEqual("micro1", changes.Single(c => !c.Cut).Platform);
    }

    /// <summary>
    /// A board whose answer changes shape under its named reader: a day of the real shape, then a day of records the
    /// reader cannot read, then a day of postings without their pay, then a day with most postings gone. Each changed
    /// day is that source's error with its reason, shown in the source health; the scrape itself fails only when every
    /// source failed.
    /// </summary>
    [TestMethod]
    public async Task A_feed_whose_shape_changes_is_an_error_of_its_source_with_the_reason()
    {
        var answer = File.ReadAllText(Fixture(1, "ashby-board.json"));
        await using var server = await LocalServer.StartAsync(app =>
        {
            app.MapGet("/robots.txt", (HttpContext c) => LocalServer.Text(c, "", "text/plain"));
            app.MapGet("/posting-api/job-board/ashbyco", (HttpContext c) => Json(c, answer));
        });
        using var db = new TestDatabase();
        var file = SourcesFile(db, new { platform = "Ashbyco", url = new Uri(server.Base, "/posting-api/job-board/ashbyco").AbsoluteUri, reader = "ashby" });
        string? LastError() => LiveScraper.Health(db.Connection).Single().LastError;

        var good = await Scrape(db, file, "2026-10-01");
        Assert.AreEqual(0, good.Errors.Count);
        Assert.IsNull(good.Runs.Single().Error);
        var postings = good.Runs.Single().Postings;
        Assert.IsTrue(postings >= 2, $"{postings}");

        answer = """{"apiVersion":"2","results":[{"uuid":"1","name":"a"},{"uuid":"2","name":"b"},{"uuid":"3","name":"c"}]}""";
        var changed = await Scrape(db, file, "2026-10-02");
        StringAssert.Contains(changed.Runs.Single().Error, "the answer had 3 record(s), and its reader (ashby) read 0: the feed's shape may have changed");
        StringAssert.Contains(LastError(), "the feed's shape may have changed", "on /postings' source health");

        answer = System.Text.RegularExpressions.Regex.Replace(File.ReadAllText(Fixture(1, "ashby-board.json")), "\"compensation\"", "\"compensationRenamed\"");
        var unpaid = await Scrape(db, file, "2026-10-03");
        StringAssert.Contains(unpaid.Runs.Single().Error, "none with pay, where the run before read pay");
    }

    [TestMethod]
    public void Drift_is_half_the_postings_lost_or_the_pay_gone_against_the_last_good_run()
    {
        using var db = new TestDatabase();
        Dapper.SqlMapper.Execute(db.Connection, "INSERT INTO source_runs(platform, url, run_at, postings, error, with_pay) VALUES ('P', 'u', '2026-10-01T00:00:00Z', 120, NULL, 100)");
        Assert.IsNull(ShapeDrift.Of(db.Connection, "P", "u", 70, 60), "fewer, not half");
        StringAssert.Contains(ShapeDrift.Of(db.Connection, "P", "u", 59, 50), "read 59 posting(s), against 120 the run before");
        StringAssert.Contains(ShapeDrift.Of(db.Connection, "P", "u", 110, 0), "none with pay");
        Assert.IsNull(ShapeDrift.Of(db.Connection, "Q", "u", 0, 0), "no run before: nothing to compare");
    }

    static string Local(LocalServer server, string url)
    {
        var u = new Uri(url);
        return new Uri(server.Base, u.PathAndQuery).AbsoluteUri;
    }

    [TestMethod]
    public void The_catalog_names_each_platform_with_its_parent_and_a_bad_source_is_named()
    {
        var (sources, _) = LiveScraper.ReadSources(Repo.File("data", "sources", "sources.json"));
        Assert.IsTrue(sources.Count >= 20);
        foreach (var s in sources)
        {
            Assert.IsNotNull(s.Parent, s.Platform);
            if (LaborWatch.Contracts.PlatformParents.ParentOf(s.Platform) is { } parent)
                Assert.AreEqual(parent, s.Parent, $"{s.Platform}: the parent platform_parents.tsv gives");
        }
        foreach (var platform in new[] { "Outlier", "Mercor", "micro1", "TELUS Digital AI Community", "Alignerr", "iMerit", "Mindrift", "CloudFactory" })
            Assert.IsTrue(sources.Any(s => s.Platform == platform), platform);
        var (labelbox, _) = LiveScraper.ReadSources(Repo.File("data", "sources", "sources.json"), ["labelbox"]);
        CollectionAssert.AreEquivalent(new[] { "Alignerr", "Labelbox" }, labelbox.Select(s => s.Platform).ToArray(), "--platform picks by platform or by parent company");

        using var db = new TestDatabase();
        var bad = db.WriteFile("bad.json", """{"sources":[{"platform":"X","url":"https://x.example/","method":"GET","body":{"a":1}}]}""");
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => LiveScraper.ReadSources(bad)).Message, "sources[1]: a 'body' needs \"method\": \"POST\"");
        var paging = db.WriteFile("paging.json", """{"sources":[{"url":"https://x.example/","paging":{"kind":"pages"}}]}""");
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => LiveScraper.ReadSources(paging)).Message, "paging.kind must be page, offset or cursor");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => LiveScraper.ReadSources(Repo.File("data", "sources", "sources.json"), ["Nobody"])).Message, "no source for nobody");
    }
}
