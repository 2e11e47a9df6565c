using System.Text.Json;
using Dapper;
using LaborWatch.Contracts;
using LaborWatch.Reports;
using LaborWatch.Sample;

namespace LaborWatch.Tests.Sample;

[TestClass]
public sealed class SampleTests
{
    static readonly string SampleFile = Repo.File("data", "sample", "synthetic_contracts.csv");

    [TestMethod]
    public void The_generator_still_writes_the_committed_sample_byte_for_byte()
    {
        var writer = new StringWriter { NewLine = "\n" };
        SampleGenerator.Write(writer);
        Assert.AreEqual(File.ReadAllText(SampleFile), writer.ToString(),
            "regenerate with: scripts/laborwatch sample --out data/sample/synthetic_contracts.csv");
    }

    /// <summary>A platform asked for in any case, non-ASCII letters too, finds the same postings on either store.</summary>
    [TestMethod]
    public void Postings_of_a_platform_are_found_in_any_case_on_either_store()
    {
        using var db = new TestDatabase();
        SamplePostings.Load(db.Connection);
        var first = LaborWatch.Postings.PostingQueries.List(db.Connection).First();
        var renamed = db.Connection.Execute("UPDATE postings SET platform = 'Ünïcode Labs' WHERE platform = @Platform", new { first.Platform });
        Assert.IsTrue(renamed > 0);
        foreach (var asked in new[] { "Ünïcode Labs", "ÜNÏCODE LABS", "ünïcode labs" })
        {
            Assert.AreEqual(renamed, LaborWatch.Postings.PostingQueries.List(db.Connection, asked).Count, asked);
            Assert.IsTrue(LaborWatch.Postings.PostingQueries.Changes(db.Connection, asked).All(c => c.Platform == "Ünïcode Labs"), asked);
        }
        Assert.AreEqual(0, LaborWatch.Postings.PostingQueries.List(db.Connection, "Unicode Labs").Count, "letters are not stripped of their marks");
    }

    [TestMethod]
    public void The_demo_posting_history_has_months_cuts_and_raises_and_says_it_is_synthetic()
    {
        using var db = new TestDatabase();
        var summary = SamplePostings.Load(db.Connection);
        Assert.AreEqual(0, summary.Errors.Count);
        var postings = LaborWatch.Postings.PostingQueries.List(db.Connection);
        Assert.AreEqual(24, postings.Count, "three per fictional sample platform");
        Assert.IsTrue(postings.All(p => p.Title!.EndsWith("(SYNTHETIC)", StringComparison.Ordinal) && p.Observations == 22), "monthly, January 2025 to October 2026");
        var changes = LaborWatch.Postings.PostingQueries.Changes(db.Connection);
        Assert.IsTrue(changes.Count(c => c.Cut) >= 5 && changes.Any(c => !c.Cut), $"{changes.Count(c => c.Cut)} cuts, {changes.Count(c => !c.Cut)} raises");
        foreach (var name in new[] { "posting-volume", "posting-pay" })
            Assert.IsFalse(LaborWatch.Charts.ChartSpecs.Build(db.Connection, name, new StatsFilter()).IsEmpty, name);
        using var again = new TestDatabase();
        SamplePostings.Load(again.Connection);
        CollectionAssert.AreEqual(changes.Select(c => (c.Url, c.ObservedAt, c.After.Min)).ToArray(),
            LaborWatch.Postings.PostingQueries.Changes(again.Connection).Select(c => (c.Url, c.ObservedAt, c.After.Min)).ToArray(), "deterministic");
        Assert.AreEqual("No postings recorded for these filters.", LaborWatch.Charts.ChartRenderer.EmptyMessage(
            LaborWatch.Charts.ChartSpecs.Build(again.Connection, "posting-pay", StatsFilter.Parse(null, "nobody", null, null, null))),
            "an empty postings chart says nothing was recorded, not that workers were protected");
    }

    [TestMethod]
    public void The_demo_loads_logs_postings_and_a_release_once()
    {
        using var db = new TestDatabase();
        Assert.AreEqual(LaborWatch.Sample.SampleGenerator.DefaultRows, LaborWatch.Cli.Demo.LoadIfEmpty(db.Connection, 11));
        Assert.AreEqual(24, LaborWatch.Postings.PostingQueries.List(db.Connection).Count, "the demo's postings page has data");
        Assert.AreEqual(1L, db.Connection.ExecuteScalar<long>("SELECT count(*) FROM releases"), "the demo is published at once");
        Assert.IsNull(LaborWatch.Cli.Demo.LoadIfEmpty(db.Connection, 11), "a database with logs is left alone");
        Assert.AreEqual(24, LaborWatch.Postings.PostingQueries.List(db.Connection).Count);
    }

    [TestMethod]
    public void The_demo_heatmap_tells_a_different_story_per_platform()
    {
        using var db = new TestDatabase();
        ContractImporter.Import(db.Connection, SampleFile);
        var groups = LaborWatch.Misclassification.MisclassificationFigures.Compute(ContractRows.Load(db.Connection, new StatsFilter { Exact = true }),
            new StatsFilter { Exact = true, By = ["platform"] });
        string[] varying = ["set_schedule", "quotas", "monitoring", "unpaid_required_training", "exclusivity", "rate_set_by_platform",
            "personal_service", "terminable_at_will", "quality_penalties", "conduct_rules", "no_own_business"];
        foreach (var g in groups)
        {
            var shares = varying.Select(i => g.Indicators![i].Share!.Value).ToList();
            Assert.IsTrue(shares.Max() - shares.Min() > 0.3, $"{g.Key.Platform}: indicators from {shares.Min():0.00} to {shares.Max():0.00}");
        }
        foreach (var indicator in varying)
        {
            var across = groups.Select(g => g.Indicators![indicator].Share!.Value).ToList();
            Assert.IsTrue(across.Max() - across.Min() > 0.2, $"{indicator}: platforms from {across.Min():0.00} to {across.Max():0.00}");
        }
    }

    [TestMethod]
    public void The_sample_is_big_varied_and_marked_synthetic()
    {
        using var db = new TestDatabase();
        var summary = ContractImporter.Import(db.Connection, SampleFile);
        Assert.AreEqual(summary.Read, summary.Added, "every sample row is valid and distinct");
        var c = db.Connection;
        Assert.IsGreaterThanOrEqualTo(3000L, c.ExecuteScalar<long>("SELECT count(*) FROM contracts"));
        Assert.IsGreaterThanOrEqualTo(600L, c.ExecuteScalar<long>("SELECT count(DISTINCT submitter_id) FROM contracts"));
        Assert.IsGreaterThanOrEqualTo(6L, c.ExecuteScalar<long>("SELECT count(*) FROM platforms"));
        Assert.IsGreaterThanOrEqualTo(24L, c.ExecuteScalar<long>("SELECT count(DISTINCT start_month) FROM contracts"));
        Assert.AreEqual(0L, c.ExecuteScalar<long>("SELECT count(*) FROM contracts WHERE synthetic = 0"));
        Assert.IsGreaterThan(0L, c.ExecuteScalar<long>("SELECT count(*) FROM contracts WHERE currency <> 'USD'"));
        Assert.IsGreaterThan(0L, c.ExecuteScalar<long>("SELECT count(*) FROM contracts WHERE status = 'cancelled_by_platform'"));
        Assert.IsGreaterThan(0L, c.ExecuteScalar<long>("SELECT count(*) FROM contracts WHERE monitoring IS NULL"), "some questions unanswered");
    }

    [TestMethod]
    public void Stats_json_over_the_sample_has_the_published_shape_with_every_platform_published()
    {
        using var db = new TestDatabase();
        ContractImporter.Import(db.Connection, SampleFile);
        var buffer = new MemoryStream();
        StatsReport.Compute(db.Connection, StatsFilter.Parse("platform", null, null, null, null, exact: true)).WriteJson(buffer);
        using var json = JsonDocument.Parse(buffer.ToArray());
        var root = json.RootElement;

        Assert.AreEqual(11, root.GetProperty("k").GetInt32());
        Assert.AreEqual(JsonValueKind.Object, root.GetProperty("filters").ValueKind);
        // Every sample currency has a rate now (PHP, KES, NGN...): only logs without hours are left out.
        Assert.AreEqual(db.Connection.ExecuteScalar<long>("SELECT count(*) FROM contracts WHERE paid_hours + unpaid_hours <= 0"), root.GetProperty("excluded").GetInt64());
        var pay = root.GetProperty("pay").EnumerateArray().ToList();
        Assert.AreEqual(8, pay.Count);
        foreach (var g in pay)
        {
            Assert.IsFalse(string.IsNullOrEmpty(g.GetProperty("platform").GetString()));
            Assert.IsFalse(g.GetProperty("suppressed").GetBoolean());
            Assert.IsGreaterThanOrEqualTo(11, g.GetProperty("submitters").GetInt32());
            var ehp = g.GetProperty("ehpUsd");
            foreach (var q in new[] { "p25", "median", "p75", "pooled" })
                Assert.AreEqual(JsonValueKind.Number, ehp.GetProperty(q).ValueKind, q);
            Assert.IsTrue(ehp.GetProperty("p25").GetDouble() <= ehp.GetProperty("median").GetDouble());
            Assert.IsTrue(ehp.GetProperty("median").GetDouble() <= ehp.GetProperty("p75").GetDouble());
            var unpaid = g.GetProperty("unpaidShare").GetDouble();
            Assert.IsTrue(unpaid is > 0.05 and < 0.45, $"unpaid share {unpaid}");
            Assert.AreEqual(JsonValueKind.Number, g.GetProperty("belowMinimumWageShare").ValueKind);
        }

        var cancellation = root.GetProperty("cancellation").EnumerateArray().ToList();
        Assert.AreEqual(8, cancellation.Count);
        foreach (var g in cancellation)
        {
            Assert.IsFalse(g.GetProperty("suppressed").GetBoolean());
            var ended = g.GetProperty("ended").GetInt32();
            var platformEnded = g.GetProperty("platformEnded").GetInt32();
            Assert.IsTrue(platformEnded > 0 && platformEnded < ended);
            Assert.AreEqual(Math.Round((double)platformEnded / ended, 4), g.GetProperty("rate").GetDouble());
            var ci = g.GetProperty("ci95").EnumerateArray().Select(x => x.GetDouble()).ToArray();
            Assert.IsTrue(ci[0] < g.GetProperty("rate").GetDouble() && g.GetProperty("rate").GetDouble() < ci[1]);
            Assert.AreEqual(JsonValueKind.Number, g.GetProperty("abruptShare").ValueKind);
        }

        StringAssert.Contains(root.GetProperty("misclassificationNote").GetString(), "not legal findings");
        var misclassification = root.GetProperty("misclassification").EnumerateArray().ToList();
        Assert.AreEqual(8, misclassification.Count);
        foreach (var g in misclassification)
        {
            Assert.IsFalse(g.GetProperty("suppressed").GetBoolean());
            var indicators = g.GetProperty("indicators");
            foreach (var name in LaborWatch.Contracts.ContractColumns.Flags.Take(14))
                Assert.AreEqual(JsonValueKind.Number, indicators.GetProperty(name).ValueKind, name);
            foreach (var prong in new[] { "A", "B", "C", "any" })
                Assert.AreEqual(JsonValueKind.Number, g.GetProperty("abc").GetProperty(prong).ValueKind);
            Assert.IsTrue(g.GetProperty("dolFactorsMean").GetDouble() is > 0 and <= 6);
            Assert.IsTrue(g.GetProperty("euProposalPresumptionShare").GetDouble() is >= 0 and <= 1);
        }
        Assert.IsFalse(root.TryGetProperty("survival", out _), "survival only on request");
    }

    [TestMethod]
    public void Survival_over_the_sample_gives_a_curve_per_platform()
    {
        using var db = new TestDatabase();
        ContractImporter.Import(db.Connection, SampleFile);
        var report = StatsReport.Compute(db.Connection, StatsFilter.Parse("platform", null, null, null, null, exact: true), survival: true);
        Assert.AreEqual(8, report.Survival!.Count);
        foreach (var g in report.Survival)
        {
            Assert.IsFalse(g.Suppressed);
            Assert.IsTrue(g.Curve!.Count > 5);
            Assert.IsTrue(g.Curve.Zip(g.Curve.Skip(1)).All(p => p.First.Survival >= p.Second.Survival), "a survival curve never rises");
            Assert.IsTrue(g.Curve.All(s => s.AtRisk >= 11));
        }
    }
}
