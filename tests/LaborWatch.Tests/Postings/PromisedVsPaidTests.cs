using Dapper;
using LaborWatch.Contracts;
using LaborWatch.Postings;
using LaborWatch.Reports;
using LaborWatch.Scraping;

namespace LaborWatch.Tests.Postings;

/// <summary>Postings meet logs: what a platform advertised per hour beside what its workers logged, per month.</summary>
[TestClass]
public sealed class PromisedVsPaidTests
{
    [TestMethod]
    public void Advertised_and_logged_medians_sit_side_by_side_with_their_n_and_the_gap()
    {
        using var db = new TestDatabase();
        // Twelve workers of "Ratewell" logged $20 an hour (200 for 10 hours) on contracts started in October 2026.
        var rows = Enumerable.Range(1, 12).Select(i => Rows.Valid($"w{i}", ("platform", "Ratewell"), ("started", "2026-10-03"), ("ended", "2026-10-20"))).ToArray();
        ContractImporter.Import(db.Connection, db.WriteFile("logs.csv", Rows.Csv(rows)));
        LaborWatch.Privacy.Releases.Cut(db.Connection, 1, DateTimeOffset.UnixEpoch);
        // Its postings (the feed fixtures' Mercor shape) advertised $45-60 an hour on 2026-10-01, and a per-task rate.
        OfflineScraper.Scrape(db.Connection, Repo.File("data", "fixtures", "feeds", "day1"), "2026-10-01");

        var exact = new StatsFilter { Exact = true, Platforms = ["ratewell"] };
        var row = PromisedVsPaid.Compute(db.Connection, ContractRows.Load(db.Connection, exact), exact).Single();
        Assert.AreEqual(("Ratewell", "2026-10", 1, 52.5, 12, false, 20.0), (row.Platform, row.Month, row.Postings, row.AdvertisedMedianUsd, row.Logs, row.Suppressed, row.EffectiveMedianUsd),
            "the hourly listing's midpoint (the per-task one is not an hourly rate); the logs' median");
        Assert.AreEqual((52.5 - 20) / 52.5, row.Gap!.Value, 1e-9);

        var published = StatsReport.Compute(db.Connection, new StatsFilter { Platforms = ["ratewell"] }).PromisedVsPaid!.Single();
        Assert.AreEqual(52.5, published.AdvertisedMedianUsd, "postings are public: as advertised");
        // The logged side is the published, protected figure: twelve logs are too few for the synopsis to say a median.
        Assert.AreEqual((false, (double?)null, (double?)null), (published.Suppressed, published.EffectiveMedianUsd, published.Gap), "too few to say, not suppressed");

        var small = new StatsFilter { Platforms = ["ratewell"], K = 13 };
        var suppressed = StatsReport.Compute(db.Connection, small).PromisedVsPaid!.Single();
        Assert.AreEqual((true, (double?)null, (double?)null), (suppressed.Suppressed, suppressed.EffectiveMedianUsd, suppressed.Gap), "fewer than k workers: no logged figure, no gap");
        Assert.AreEqual(52.5, suppressed.AdvertisedMedianUsd, "the advertised side stays: public");

        using var json = System.Text.Json.JsonDocument.Parse(Json(StatsReport.Compute(db.Connection, new StatsFilter { Platforms = ["ratewell"] })));
        var entry = json.RootElement.GetProperty("promisedVsPaid")[0];
        Assert.AreEqual(1, entry.GetProperty("advertised").GetProperty("postings").GetInt32());
        Assert.AreEqual(52.5, entry.GetProperty("advertised").GetProperty("medianHourlyUsd").GetDouble());

        // Journalists get it as a CSV table too (and in the HTML report), with its dictionary.
        var content = LaborWatch.Exports.ReportContent.Compute(db.Connection, new StatsFilter { Platforms = ["ratewell"] });
        var csv = System.Text.Encoding.UTF8.GetString(LaborWatch.Exports.CsvExport.Table(content, "promised_vs_paid")).Split("\r\n");
        Assert.AreEqual("platform,month,advertised_postings,advertised_median_usd,logs,suppressed,effective_median_usd,gap", csv[0]);
        StringAssert.StartsWith(csv[1], "Ratewell,2026-10,1,52.5,");

        StringAssert.Contains(System.Text.Encoding.UTF8.GetString(LaborWatch.Exports.HtmlExport.Write(content, DateTimeOffset.UnixEpoch)), "id=\"table-promised_vs_paid\"");
    }

    [TestMethod]
    public void A_posting_seen_twice_in_a_month_counts_once_at_its_last_pay_and_other_currencies_are_converted()
    {
        using var db = new TestDatabase();
        db.Connection.Execute("INSERT INTO raw_responses(sha256, source_url, body) VALUES ('x', 'file:x', @body)", new { body = new byte[] { 0 } });
        void Posting(long id) => db.Connection.Execute(
            "INSERT INTO postings(id, identity, source, url, platform, first_seen, last_seen) VALUES (@id, @identity, 'jsonld', 'https://example.test/', 'Ratewell', '2026-10-01', '2026-10-30')",
            new { id, identity = "t:" + id });
        void Seen(long posting, string day, double pay, string currency) => db.Connection.Execute(
            "INSERT INTO posting_observations(posting_id, observed_at, pay_min, pay_max, pay_currency, pay_unit, raw_sha256) VALUES (@posting, @day, @pay, @pay, @currency, 'hour', 'x')",
            new { posting, day, pay, currency });
        Posting(1); Posting(2);
        // Interleaved on purpose: posting 1, then 2, then 1 again with a cut. Posting 2 must keep its own $30.
        Seen(1, "2026-10-01", 21, "USD");
        Seen(2, "2026-10-02", 30, "USD");
        Seen(1, "2026-10-20", 16, "USD");
        var exact = new StatsFilter { Exact = true };
        var row = PromisedVsPaid.Compute(db.Connection, ContractRows.Load(db.Connection, exact), exact).Single();
        Assert.AreEqual((2, (16 + 30) / 2.0), (row.Postings, row.AdvertisedMedianUsd), "posting 1 at its last pay ($16), posting 2 at $30");

        // A posting in euros is converted at the year's rate, in the chart as here: never mixed with dollars.
        Posting(3);
        Seen(3, "2026-10-05", 20, "EUR");
        var eur = 20 / LaborWatch.ReferenceData.PayReference.Shipped.UnitsPerUsd("EUR", 2026)!.Value;
        var chart = LaborWatch.Charts.ChartSpecs.Build(db.Connection, "posting-pay", exact).Series.Single().Points.Single();
        Assert.AreEqual(LaborWatch.Stats.Quantiles.Median([21, 30, 16, eur])!.Value, chart.Y, 1e-9, "every observation, in USD");
    }

    static byte[] Json(StatsReport report)
    {
        using var buffer = new MemoryStream();
        report.WriteJson(buffer);
        return buffer.ToArray();
    }
}
