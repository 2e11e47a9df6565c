using LaborWatch.Postings;
using LaborWatch.Scraping;

namespace LaborWatch.Tests.Scraping;

/// <summary>
/// The gig platforms' own feeds and the generic boards' awkward cases, from saved answers in the
/// feeds' real shapes with fictional jobs (data/fixtures/feeds/dayN/FICTIONAL-PLATFORM/SHAPE.json).
/// </summary>
[TestClass]
public sealed class FeedSourceTests
{
    static string Day(int n) => Repo.File("data", "fixtures", "feeds", $"day{n}");

    static List<PostingRow> Scrape(TestDatabase db, int days = 1)
    {
        for (var d = 1; d <= days; d++)
        {
            var summary = OfflineScraper.Scrape(db.Connection, Day(d), $"2026-10-0{d}");
            Assert.AreEqual(0, summary.Errors.Count, string.Join("; ", summary.Errors.Select(e => $"{e.Location}: {e.Message}")));
        }
        return PostingQueries.List(db.Connection).ToList();
    }

    static PostingRow One(List<PostingRow> rows, string title) => rows.Single(r => r.Title!.StartsWith(title, StringComparison.Ordinal));

    [TestMethod]
    [DataRow("outlier-jobs.json", "outlier")]
    [DataRow("mercor-listings.json", "mercor")]
    [DataRow("micro1-portal.json", "micro1")]
    [DataRow("telus-job-posts.json", "telus")]
    [DataRow("alignerr-jobs.json", "alignerr")]
    [DataRow("imerit-jobs.json", "imerit")]
    [DataRow("workable-widget.json", "workable")]
    [DataRow("greenhouse-job.json", "greenhouse")]
    [DataRow("lever-postings.json", "lever")]
    [DataRow("ashby-board.json", "ashby")]
    public void Each_feed_is_recognised_by_its_shape_and_by_nothing_else(string file, string source)
    {
        var path = Directory.GetFiles(Day(1), file, SearchOption.AllDirectories).Single();
        var bytes = File.ReadAllBytes(path);
        using var json = System.Text.Json.JsonDocument.Parse(bytes);
        var document = new SourceDocument(path, "application/json", bytes, null);
        var claims = OfflineScraper.Claimants(document, json.RootElement).Select(s => s.Name).ToList();
        CollectionAssert.AreEqual(new[] { source }, claims, $"{file}: claimed by {string.Join(", ", claims)}");
        Assert.IsTrue(OfflineScraper.Extract(document, out var error).All(p => p.Source == source), error);
        // Its own reader, named, reads the same.
        Assert.AreEqual(OfflineScraper.Extract(document, out _).Count, OfflineScraper.Extract(document, out _, reader: OfflineScraper.Reader(source)).Count);
    }

    /// <summary>No saved answer or page that ships is claimed by two readers: sniffing is unambiguous.</summary>
    [TestMethod]
    public void Every_shipped_fixture_is_claimed_by_one_reader_at_most()
    {
        var ambiguous = new List<string>();
        foreach (var path in Directory.EnumerateFiles(Repo.File("data", "fixtures"), "*.*", SearchOption.AllDirectories)
                     .Where(f => Path.GetExtension(f) is ".json" or ".html" or ".htm"))
        {
            var bytes = File.ReadAllBytes(path);
            System.Text.Json.JsonDocument? json = null;
            try { if (path.EndsWith(".json", StringComparison.Ordinal)) json = System.Text.Json.JsonDocument.Parse(bytes); } catch (System.Text.Json.JsonException) { }
            var claims = OfflineScraper.Claimants(new SourceDocument(path, null, bytes, null), json?.RootElement).Select(s => s.Name).ToList();
            if (claims.Count > 1) ambiguous.Add($"{Path.GetRelativePath(Repo.File("data", "fixtures"), path)}: {string.Join(", ", claims)}");
            json?.Dispose();
        }
        Assert.AreEqual(0, ambiguous.Count, string.Join("\n", ambiguous));
    }

    /// <summary>Ashby's posting API as it answers: apiVersion, and jobs with jobUrl and applyUrl (the Alignerr reader once claimed it).</summary>
    [TestMethod]
    public void An_ashby_answer_with_apply_urls_is_read_by_the_ashby_reader_alone()
    {
        var body = System.Text.Encoding.UTF8.GetBytes("""
            {"apiVersion":"1","jobs":[{"id":"a1","title":"Rater (FICTIONAL)","jobUrl":"https://jobs.ashbyhq.com/x/a1","applyUrl":"https://jobs.ashbyhq.com/x/a1/application",
             "isListed":true,"compensation":{"compensationTierSummary":"$40 - $60 per hour","compensationTiers":[{"components":[{"compensationType":"Salary","interval":"1 HOUR","currencyCode":"USD","minValue":40,"maxValue":60}]}],
             "summaryComponents":[{"compensationType":"Salary","interval":"1 HOUR","currencyCode":"USD","minValue":40,"maxValue":60}]}}]}
            """);
        using var json = System.Text.Json.JsonDocument.Parse(body);
        var document = new SourceDocument("ashby.json", "application/json", body, "x");
        CollectionAssert.AreEqual(new[] { "ashby" }, OfflineScraper.Claimants(document, json.RootElement).Select(s => s.Name).ToList());
        var posting = OfflineScraper.Extract(document, out var error).Single();
        Assert.IsNull(error);
        Assert.AreEqual((40m, 60m, "USD"), (posting.Pay!.Min, posting.Pay.Max, posting.Pay.Currency));
    }

    /// <summary>iMerit's records as other public scrapers capture them: job_id or slug instead of id.</summary>
    [TestMethod]
    public void Imerit_records_with_job_id_or_slug_are_read()
    {
        var body = System.Text.Encoding.UTF8.GetBytes("""
            {"generated_at":"2026-10-01","jobs":[{"job_id":77,"title":"Annotator (FICTIONAL)","apply_link":"https://imerit.example/77","pay_rate":"12.5","currency":"usd"},
             {"slug":"medical-coder","title":"Coder (FICTIONAL)","apply_link":"https://imerit.example/mc","pay_rate":"$20/hr"}]}
            """);
        using var json = System.Text.Json.JsonDocument.Parse(body);
        var postings = OfflineScraper.Extract(new SourceDocument("imerit.json", "application/json", body, "imark"), out var error);
        Assert.IsNull(error);
        CollectionAssert.AreEqual(new[] { "imerit:77", "imerit:medical-coder" }, postings.Select(p => p.Identity).ToList());
    }

    /// <summary>A named reader that reads nothing from a non-empty answer says so: the feed's shape may have changed.</summary>
    [TestMethod]
    public void A_named_reader_that_reads_nothing_from_a_full_answer_raises_the_alarm()
    {
        var body = System.Text.Encoding.UTF8.GetBytes("""{"data":{"items":[{"uuid":"1","name":"x"},{"uuid":"2","name":"y"},{"uuid":"3","name":"z"}]}}""");
        var postings = OfflineScraper.Extract(new SourceDocument("changed.json", "application/json", body, null), out var error, reader: OfflineScraper.Reader("ashby"));
        Assert.AreEqual(0, postings.Count);
        Assert.AreEqual("the answer had 3 record(s), and its reader (ashby) read 0: the feed's shape may have changed", error);
    }

    [TestMethod]
    public void Each_feed_gives_the_pay_it_advertises()
    {
        using var db = new TestDatabase();
        var rows = Scrape(db);
        void Pay(string title, double? min, double? max, string? currency, string? unit, bool upTo = false)
        {
            var p = One(rows, title).Pay;
            Assert.AreEqual((min, max, currency, unit, upTo), (p.Min, p.Max, p.Currency, p.Unit, p.UpTo), title);
        }
        Pay("Poetry Writer", null, 40, "USD", "hour", upTo: true);          // Outlier: maxHourlyRateUsd is a ceiling
        Pay("Chemistry Expert", 30, 50, "USD", "hour");                    // Outlier: pay in the content text
        Pay("Legal Reviewer", 45, 60, "USD", "hour");                      // Mercor
        Pay("Dataset Labeling Batch", 0.8, 1.2, "USD", "task");            // Mercor per-task
        Assert.IsFalse(rows.Any(r => r.Title!.StartsWith("Private Pilot") || r.Title.StartsWith("Closed Role")), "private and closed Mercor listings are skipped");
        Pay("Math Tutor for AI", 25, 35, "USD", "hour");                   // micro1 ideal_hourly_rate
        Pay("Voice Actor", 20, 20, "USD", "hour");                         // micro1: pay in the description
        Pay("Search Quality Rater", 12, 12, "USD", "hour");                // TELUS per_hour
        Pay("Image Tagging", 0.05, 0.05, "EUR", "task");                   // TELUS per_unit
        Pay("Physics Expert", 40, 60, "USD", "hour");                      // Alignerr pay text
        Pay("Medical Annotator", 16, 16, null, "hour");                    // iMerit bare number: local currency, not named
        Pay("Thai Transcriber", 7, 7, "USD", "hour");                      // iMerit "$7/Hour"
        Pay("Hebrew Rater", 12, 12, "ILS", "hour");                        // iMerit with its currency
        Pay("AI Tutor, Spanish", null, 20, "USD", "hour", upTo: true);     // Workable: description text
        Pay("AI Trainer, Finance", 25, 40, "USD", "hour");                 // Greenhouse zones: lowest min to highest max
        Pay("Annotation Specialist", 22, 26, "USD", "hour");               // Lever bi-week-salary on $22-26: hourly
        Pay("Evaluator, paid biweekly", 1000, 1200, "USD", "week");        // Ashby "2 WEEK": per week
        Pay("One-off Dataset Audit", 500, 500, "USD", "project");          // Ashby "1 TIME": a project fee
        Pay("Rater (FICTIONAL)", 12, 14, "GBP", "hour");                   // JSON-LD ItemList, salaryCurrency on the JobPosting
        Pay("Writer (FICTIONAL)", 18, 18, "EUR", "hour");

        Assert.AreEqual("https://work.mercor.com/jobs/lst_fx1", One(rows, "Legal Reviewer").Url, "Mercor links its listings by id");
        Assert.AreEqual("https://app.outlier.ai/en/expert/opportunities/9100002", One(rows, "Chemistry Expert").Url, "Outlier without absolute_url");
        Assert.AreEqual("https://www.alignerr.com/jobs/al-fx-2", One(rows, "Generalist").Url, "Alignerr's relative applyUrl");
        Assert.AreEqual("taskfarer", One(rows, "Poetry Writer").Platform, "the platform is the saved folder's (or the source's), never guessed");
        StringAssert.Contains(
            Dapper.SqlMapper.ExecuteScalar<string>(db.Connection, "SELECT pay_text FROM posting_observations o JOIN postings p ON p.id = o.posting_id WHERE p.title LIKE 'AI Trainer, Finance%'"),
            "Zone B", "every zone is kept");
    }

    [TestMethod]
    public void Two_days_of_every_feed_record_the_cuts_and_the_raise()
    {
        using var db = new TestDatabase();
        Scrape(db, days: 2);
        var changes = PostingQueries.Changes(db.Connection);
        var cuts = changes.Where(c => c.Cut).Select(c => c.Platform).Order(StringComparer.Ordinal).ToList();
        CollectionAssert.AreEqual(new[] { "Boardwise", "Mindcraft", "alignwise", "imark", "ldlist", "ratewell", "taskfarer", "telvera" }, cuts,
            "the platform is the document's own name where it gives one (Greenhouse company_name, Workable name), else the folder's");
        var raise = changes.Single(c => !c.Cut);
        Assert.AreEqual(("microtasq", 25.0, 28.0), (raise.Platform, raise.Before.Min!.Value, raise.After.Min!.Value));
    }

    /// <summary>The demo's posting history: every posting's unit is the one the generator meant (a task rate is never an hourly rate).</summary>
    [TestMethod]
    public void Each_demo_posting_has_the_unit_the_generator_meant()
    {
        using var db = new TestDatabase();
        LaborWatch.Sample.SamplePostings.Load(db.Connection);
        var basis = LaborWatch.Sample.SampleGenerator.Platforms.ToDictionary(p => p.Name, p => p.Basis == "per_task" ? "task" : "hour");
        var rows = PostingQueries.List(db.Connection).ToList();
        Assert.IsTrue(rows.Count > 0 && basis.ContainsValue("task"), "the demo has task-rate platforms");
        var wrong = rows.Where(r => r.Pay.Unit != basis[r.Platform]).Select(r => $"{r.Platform}: {r.Pay.Unit} for {r.Title}").ToList();
        Assert.AreEqual(0, wrong.Count, string.Join("\n", wrong.Take(10)));
    }

    [TestMethod]
    [DataRow("Rate per task", 0.7, "task")]
    [DataRow("Per item rate", 0.05, "task")]
    [DataRow("Pay per word", 0.08, "word")]
    [DataRow("Project rate (per project)", 250.0, "project")]
    [DataRow("Hourly rate", 21.0, "hour")]
    [DataRow("Annual salary", 90000.0, "year")]
    [DataRow("", 25.0, "hour")]
    public void A_greenhouse_range_title_names_the_unit(string title, double amount, string unit) =>
        Assert.AreEqual(unit, GreenhouseSource.Unit(title, "USD", (decimal)amount));

    /// <summary>A folder scraped offline is a source in the health table, named by the folder, never by its full path.</summary>
    [TestMethod]
    public void An_offline_folder_records_its_run_in_the_source_health()
    {
        using var db = new TestDatabase();
        OfflineScraper.Scrape(db.Connection, Day(1), "2026-10-01");
        var health = LiveScraper.Health(db.Connection).Single();
        Assert.AreEqual(("day1", "folder:day1", null), (health.Platform, health.Url, health.LastError));
        Assert.IsTrue(health.LastPostings > 10, $"{health.LastPostings}");

        var empty = Directory.CreateTempSubdirectory("laborwatch-empty-").FullName;
        File.WriteAllText(Path.Combine(empty, "page.html"), "<html><body>nothing here</body></html>");
        OfflineScraper.Scrape(db.Connection, empty, "2026-10-02");
        StringAssert.Contains(LiveScraper.Health(db.Connection).Single(h => h.Url == "folder:" + Path.GetFileName(empty)).LastError, "no posting found in any of 1 file(s)");
        Directory.Delete(empty, recursive: true);
    }
}
