using System.Security.Cryptography;
using System.Text.Json;
using Dapper;
using LaborWatch.Postings;
using LaborWatch.Scraping;

namespace LaborWatch.Tests.Scraping;

[TestClass]
public sealed class OfflineScrapeTests
{
    static string Day(int n) => Repo.File("data", "fixtures", "postings", $"day{n}");

    [TestMethod]
    public void The_same_folder_saved_twice_lists_exactly_the_pay_changes_with_the_cut_marked()
    {
        using var db = new TestDatabase();
        Assert.AreEqual(0, LaborWatch.Tests.Cli.Cli.Run(db.Path, "scrape", "--offline", Day(1), "--observed-at", "2026-10-05").ExitCode);
        Assert.AreEqual(0, LaborWatch.Tests.Cli.Cli.Run(db.Path, "scrape", "--offline", Day(2), "--observed-at", "2026-11-05").ExitCode);

        var result = LaborWatch.Tests.Cli.Cli.Run(db.Path, "postings", "--changes", "--json");

        Assert.AreEqual(0, result.ExitCode, result.Stderr);
        using var json = JsonDocument.Parse(result.Stdout);
        var changes = json.RootElement.EnumerateArray().ToList();
        Assert.AreEqual(2, changes.Count, result.Stdout);
        var cut = changes.Single(c => c.GetProperty("platform").GetString() == "Rubricly");
        Assert.IsTrue(cut.GetProperty("cut").GetBoolean());
        Assert.AreEqual("2026-11-05", cut.GetProperty("observedAt").GetString());
        Assert.AreEqual(21, cut.GetProperty("before").GetProperty("min").GetDouble());
        Assert.AreEqual(16, cut.GetProperty("after").GetProperty("min").GetDouble());
        Assert.AreEqual("https://boards.greenhouse.example/rubricly/jobs/4012345", cut.GetProperty("url").GetString(), "canonical: tracking parameter gone");
        var raise = changes.Single(c => c.GetProperty("platform").GetString() == "quillstream");
        Assert.IsFalse(raise.GetProperty("cut").GetBoolean(), "0.07 to 0.09 per word is a raise");
    }

    [TestMethod]
    public void Each_source_is_read_into_its_fields()
    {
        using var db = new TestDatabase();
        var summary = OfflineScraper.Scrape(db.Connection, Day(1), "2026-10-05");
        Assert.AreEqual(11, summary.Postings);
        var postings = PostingQueries.List(db.Connection).ToDictionary(p => p.Title!);

        var rater = postings["AI Response Rater (English)"];                 // JSON-LD MonetaryAmount
        Assert.AreEqual(("jsonld", "ANN-1042", "Annotara"), (rater.Source, rater.ExternalId, rater.Platform));
        Assert.AreEqual(new PostingPay(21, 25, "USD", "hour", false, false), rater.Pay);
        Assert.AreEqual(true, rater.Remote);
        Assert.AreEqual("CONTRACTOR", rater.EmploymentType);

        var writer = postings["Creative Writing Evaluator"];                 // @graph, pay only in the description
        Assert.AreEqual(new PostingPay(35, 45, "USD", "hour", false, false), writer.Pay);
        Assert.AreEqual("https://jobs.annotara.example/writer", writer.Url);

        Assert.AreEqual(new PostingPay(18, 18, "USD", null, false, false), postings["Labeler (number salary)"].Pay);
        Assert.AreEqual(new PostingPay(100000, 100000, "USD", "year", false, false), postings["Analyst (string salary)"].Pay);
        Assert.AreEqual(new PostingPay(15, 19.5, "EUR", "hour", false, false), postings["Moderator (PriceSpecification)"].Pay);
        Assert.AreEqual(new PostingPay(12.5, 12.5, "GBP", "hour", false, false), postings["Transcriber (array salary)"].Pay);

        var greenhouse = postings["RLHF Rater, Search Quality"];             // cents, unit from the range title
        Assert.AreEqual(("greenhouse", "4012345"), (greenhouse.Source, greenhouse.ExternalId));
        Assert.AreEqual(new PostingPay(21, 21, "USD", "hour", false, false), greenhouse.Pay);
        Assert.AreEqual(new PostingPay(95000, 120000, "USD", "year", false, false), postings["Annotation Team Lead"].Pay, "unit from magnitude");

        var lever = postings["Poetry Trainer (freelance)"];
        Assert.AreEqual(new PostingPay(40, 60, "USD", "hour", false, false), lever.Pay);
        Assert.AreEqual("quillstream", lever.Platform, "Lever names no company: the folder does");
        Assert.AreEqual(new PostingPay(null, 0.07, "USD", "word", true, false), postings["Copy Editor (per word)"].Pay);

        var ashby = postings["Code Reviewer for AI (Python)"];               // salary component, equity skipped
        Assert.AreEqual(new PostingPay(81000, 87000, "USD", "year", false, false), ashby.Pay);
        Assert.AreEqual(Math.Round(81000 / 2080.0, 2), Math.Round(ashby.Pay.HourlyMin!.Value, 2));
    }

    [TestMethod]
    public void Bad_documents_are_recorded_errors_and_the_rest_goes_on()
    {
        using var db = new TestDatabase();
        var summary = OfflineScraper.Scrape(db.Connection, Day(1), "2026-10-05");
        var errors = summary.Errors.ToDictionary(e => e.Location, e => e.Message);
        StringAssert.StartsWith(errors["file:annotara/about-us.html"], "no job posting found");
        StringAssert.StartsWith(errors["file:annotara/broken.json"], "broken JSON");
        StringAssert.StartsWith(errors["file:annotara/malformed.html"], "no job posting found");
        StringAssert.StartsWith(errors["file:annotara/unknown-shape.json"], "JSON of an unknown shape");
        Assert.AreEqual(4L, db.Connection.ExecuteScalar<long>("SELECT count(*) FROM scrape_errors"));
        Assert.AreEqual(11L, db.Connection.ExecuteScalar<long>("SELECT count(*) FROM postings"));
    }

    [TestMethod]
    public void A_huge_file_is_refused_unread()
    {
        using var db = new TestDatabase();
        var folder = Directory.CreateDirectory(Path.Combine(db.Folder, "pages", "bigco")).FullName;
        using (var f = File.Create(Path.Combine(folder, "huge.html"))) f.SetLength(OfflineScraper.MaxFileBytes + 1);
        File.Copy(Path.Combine(Day(1), "annotara", "rater.html"), Path.Combine(folder, "rater.html"));
        var summary = OfflineScraper.Scrape(db.Connection, Path.Combine(db.Folder, "pages"), "2026-10-05");
        StringAssert.Contains(summary.Errors.Single().Message, "over the 20 MiB limit");
        Assert.AreEqual(1, summary.Postings);
    }

    [TestMethod]
    public void Every_observation_traces_to_the_bytes_it_was_read_from()
    {
        using var db = new TestDatabase();
        OfflineScraper.Scrape(db.Connection, Day(1), "2026-10-05");
        var rows = db.Connection.Query<(string Sha, string Url, byte[] Stored, string? Encoding)>(
            "SELECT r.sha256, r.source_url, r.body, r.body_encoding FROM posting_observations o JOIN raw_responses r ON r.sha256 = o.raw_sha256").ToList();
        Assert.AreEqual(11, rows.Count);
        foreach (var (sha, url, stored, encoding) in rows)
        {
            var body = LaborWatch.Postings.RawBodies.Unpack(stored, encoding);
            Assert.AreEqual(sha, Convert.ToHexStringLower(SHA256.HashData(body)));
            CollectionAssert.AreEqual(File.ReadAllBytes(Path.Combine(Day(1), url["file:".Length..])), body);
            CollectionAssert.AreEqual(body, LaborWatch.Postings.RawBodies.Read(db.Connection, sha), "raw SHA256 gives the same bytes");
        }
        Assert.IsTrue(rows.Any(r => r.Encoding == "gzip" && r.Stored.Length < new FileInfo(Path.Combine(Day(1), r.Url["file:".Length..])).Length / 2),
            "pages are stored compressed");
    }

    [TestMethod]
    public void Scraping_the_same_day_again_adds_no_observation()
    {
        using var db = new TestDatabase();
        OfflineScraper.Scrape(db.Connection, Day(1), "2026-10-05");
        var again = OfflineScraper.Scrape(db.Connection, Day(1), "2026-10-05");
        Assert.AreEqual(0, again.NewPostings);
        Assert.AreEqual(11L, db.Connection.ExecuteScalar<long>("SELECT count(*) FROM posting_observations"));
        Assert.IsTrue(PostingQueries.List(db.Connection).All(p => p.Observations == 1));
    }

    [TestMethod]
    [DataRow(8.0, "day", 1.0)]
    [DataRow(40.0, "week", 1.0)]
    [DataRow(2080.0, "year", 1.0)]
    [DataRow(3466.6666666666665, "month", 20.0)]
    [DataRow(25.0, "hour", 25.0)]
    public void Time_units_normalise_to_hourly(double amount, string unit, double hourly) =>
        Assert.AreEqual(hourly, PostingPay.Hourly(amount, unit)!.Value, 1e-9);

    [TestMethod]
    public void Task_and_word_rates_stay_unnormalised() => Assert.IsNull(PostingPay.Hourly(0.05, "word"));

    [TestMethod]
    public void Canonical_urls_drop_tracking_and_case_noise() =>
        Assert.AreEqual("https://jobs.example/a/b?id=3",
            ScrapedPosting.CanonicalUrl("HTTPS://Jobs.Example/a/b/?utm_source=x&id=3#apply"));

    [TestMethod]
    public void Css_rules_read_plain_html_pages()
    {
        using var db = new TestDatabase();
        var folder = Repo.File("data", "fixtures", "css");
        var rules = CssRulesSource.Load(Path.Combine(folder, "rules.json"));
        var summary = OfflineScraper.Scrape(db.Connection, folder, "2026-11-01", cssRules: rules);
        var posting = PostingQueries.List(db.Connection).Single();
        Assert.AreEqual(("css", "SQR-77", "evalwise", "Search Quality Rater"), (posting.Source, posting.ExternalId, posting.Platform, posting.Title));
        Assert.AreEqual("https://careers.evalwise.example/jobs/sqr-77", posting.Url);
        Assert.AreEqual(new PostingPay(17.5, 19, "USD", "hour", false, false), posting.Pay);
        Assert.AreEqual(("Contract", true), (posting.EmploymentType, posting.Remote));
        StringAssert.StartsWith(summary.Errors.Single(e => e.Location.EndsWith("team-page.html")).Message, "no job posting found");
    }

    [TestMethod]
    public void Bad_rules_files_are_named_errors()
    {
        using var db = new TestDatabase();
        var unknown = db.WriteFile("unknown.json", """{"title": "h1", "pay": ".p", "salary": ".s"}""");
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => CssRulesSource.Load(unknown)).Message, "unknown field 'salary'");
        var missing = db.WriteFile("missing.json", """{"title": "h1"}""");
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => CssRulesSource.Load(missing)).Message, "'pay' is required");
        var bad = db.WriteFile("bad.json", """{"title": "h1[[", "pay": ".p"}""");
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => CssRulesSource.Load(bad)).Message, "is not a CSS selector");
    }

    [TestMethod]
    public void Posting_pay_is_described_the_same_way_everywhere()
    {
        Assert.AreEqual("USD 21 per hour", new PostingPay(21, 21, "USD", "hour", false, false).Describe());
        Assert.AreEqual("EUR 15–19.5 per hour", new PostingPay(15, 19.5, "EUR", "hour", false, false).Describe());
        Assert.AreEqual("USD up to 0.09 per word", new PostingPay(null, 0.09, "USD", "word", true, false).Describe());
        Assert.AreEqual("KES from 2", new PostingPay(2, null, "KES", null, false, true).Describe());
        Assert.AreEqual("not stated", new PostingPay(null, null, null, null, false, false).Describe());
    }
}
