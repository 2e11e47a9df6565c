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
        var claims = OfflineScraper.Sources.Where(s => s.Recognises(document, json.RootElement)).Select(s => s.Name).ToList();
        Assert.AreEqual(source, claims.First(), $"{file}: the first adapter to claim it");
        Assert.IsTrue(OfflineScraper.Extract(document, out var error).All(p => p.Source == source), error);
        // A feed that another adapter also claims must come after it in the order: say so, so a new adapter cannot steal it.
        if (source != "greenhouse") CollectionAssert.DoesNotContain(claims.Skip(1).Where(c => c is not "greenhouse").ToList(), source);
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
}
