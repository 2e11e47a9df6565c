using LaborWatch.Contracts;
using LaborWatch.Data;
using LaborWatch.Misclassification;

namespace LaborWatch.Tests.Misclassification;

[TestClass]
public sealed class MisclassificationFiguresTests
{
    //  L1: quotas = 1, monitoring = 0, paid per task      -> S02: DOL {4}, ABC {A}, IRS {1, 10}, EU {c, d}: presumption (2 criteria)
    //  L2: no_investment = 0, set_schedule = 0, per task  -> contractor-pointing facts only: signals nothing
    //  L3: core_business = 1, paid hourly                 -> S09 + S07: DOL {5, 1}, ABC {B}, IRS {3, 12}, EU {a}: no presumption
    static MisclassificationGroup Compute()
    {
        using var db = new TestDatabase();
        ContractImporter.Import(db.Connection, db.WriteFile("logs.csv", Rows.Csv(
            Rows.Valid("l1", ("quotas", "1"), ("monitoring", "0"), ("pay_basis", "per_task")),
            Rows.Valid("l2", ("no_investment", "0"), ("set_schedule", "0"), ("pay_basis", "per_task")),
            Rows.Valid("l3", ("core_business", "1"), ("pay_basis", "hourly")))));
        var filter = new StatsFilter { Exact = true, K = 2 };
        return MisclassificationFigures.Compute(ContractRows.Load(db.Connection, filter), filter).Single();
    }

    [TestMethod]
    public void Indicator_shares_count_only_the_logs_that_answered()
    {
        var g = Compute();
        Assert.AreEqual(new IndicatorShare(1, 1.0), g.Indicators!["quotas"]);
        Assert.AreEqual(new IndicatorShare(1, 0.0), g.Indicators["monitoring"]);
        Assert.AreEqual(new IndicatorShare(1, 0.0), g.Indicators["set_schedule"]);
        Assert.AreEqual(new IndicatorShare(0, null), g.Indicators["exclusivity"], "nobody answered: no share, not 0%");
        Assert.AreEqual(3, g.Indicators["hourly_pay"].Answered, "derived for every log");
        Assert.AreEqual(1.0 / 3, g.Indicators["hourly_pay"].Share!.Value, 1e-12);
        Assert.AreEqual(new IndicatorShare(3, 0.0), g.Indicators["long_duration"], "all ran 5 weeks");
    }

    [TestMethod]
    public void Legal_test_figures_match_the_hand_computation()
    {
        var g = Compute();
        Assert.AreEqual(1.0 / 3, g.AbcA!.Value, 1e-12);
        Assert.AreEqual(1.0 / 3, g.AbcB!.Value, 1e-12);
        Assert.AreEqual(0.0, g.AbcC!.Value);
        Assert.AreEqual(2.0 / 3, g.AbcAny!.Value, 1e-12, "L2 reported only contractor-pointing facts: it signals nothing");
        Assert.AreEqual((1 + 0 + 2) / 3.0, g.DolFactorsMean!.Value, 1e-12);
        Assert.AreEqual((2 + 0 + 2) / 3.0, g.IrsFactorsMean!.Value, 1e-12);
        Assert.AreEqual(1.0 / 3, g.EuProposalPresumptionShare!.Value, 1e-12);
    }

    [TestMethod]
    public void A_log_reporting_only_contractor_pointing_facts_signals_nothing()
    {
        using var db = new TestDatabase();
        var allNo = ContractColumns.Flags.Select(f => (f, "0")).Append(("pay_basis", "fixed")).Append(("advertised_rate", "100")).Append(("advertised_unit", "project")).ToArray();
        ContractImporter.Import(db.Connection, db.WriteFile("logs.csv", Rows.Csv(
            Rows.Valid("a", allNo), Rows.Valid("b", allNo.Append(("gross_pay", "300")).ToArray()))));
        var filter = new StatsFilter { Exact = true, K = 2 };
        var g = MisclassificationFigures.Compute(ContractRows.Load(db.Connection, filter), filter).Single();
        Assert.AreEqual(0.0, g.AbcAny);
        Assert.AreEqual(0.0, g.DolFactorsMean);
        Assert.AreEqual(0.0, g.EuProposalPresumptionShare);
        Assert.IsTrue(g.Indicators!.Values.All(s => s.Share == 0.0));
    }

    [TestMethod]
    public void The_rubric_says_what_misclassification_signals_tsv_says()
    {
        var signals = ReferenceFiles.Read("misclassification_signals");
        var dol = signals.Header.ToList().FindIndex(h => h.StartsWith("dol_2024"));
        var abc = signals.Header.ToList().FindIndex(h => h.StartsWith("ca_abc"));
        var irs = signals.Header.ToList().FindIndex(h => h.StartsWith("irs_"));
        var eu = signals.Header.ToList().FindIndex(h => h.StartsWith("eu_"));
        foreach (var indicator in Rubric.Shipped.Indicators)
        {
            var row = signals.Rows.Single(r => r[0] == indicator.SignalId);
            CollectionAssert.AreEquivalent(Numbers(row[dol], @"\((\d)\)"), indicator.DolFactors, $"{indicator.SignalId} DOL factors");
            CollectionAssert.AreEquivalent(System.Text.RegularExpressions.Regex.Matches(row[abc], @"\b[ABC]\b").Select(m => m.Value[0]).Distinct().ToArray(),
                indicator.AbcProngs, $"{indicator.SignalId} ABC prongs");
            CollectionAssert.AreEquivalent(Numbers(row[irs], @"#(\d+)"), indicator.IrsFactors, $"{indicator.SignalId} IRS factors");
            CollectionAssert.AreEquivalent(System.Text.RegularExpressions.Regex.Matches(row[eu], @"\(([a-e])\)").Select(m => m.Groups[1].Value[0]).Distinct().ToArray(),
                indicator.EuCriteria, $"{indicator.SignalId} EU criteria");
        }
        CollectionAssert.AreEquivalent(
            new[] { "S01", "S02", "S03", "S04", "S05", "S06", "S07", "S08", "S09", "S10", "S11", "S12", "S13", "S14", "S15", "S16" },
            Rubric.Shipped.Indicators.Select(i => i.SignalId).ToArray(), "every employee-pointing signal, and only those");

        static int[] Numbers(string text, string pattern) =>
            System.Text.RegularExpressions.Regex.Matches(text, pattern).Select(m => int.Parse(m.Groups[1].Value)).Distinct().ToArray();
    }

    [TestMethod]
    public void Every_legal_test_has_its_dates_and_sources()
    {
        var tests = Rubric.Shipped.Tests.ToDictionary(t => t.Id);
        CollectionAssert.AreEquivalent(new[] { "dol_2024", "ca_abc", "irs_87_41", "eu_2021" }, tests.Keys.ToArray());
        Assert.AreEqual("2024-03-11", tests["dol_2024"].InForceFrom);
        StringAssert.Contains(tests["dol_2024"].Status, "2025-05-01");
        StringAssert.Contains(tests["eu_2021"].Status, "2026-12-02");
        Assert.IsTrue(tests.Values.All(t => t.Source.StartsWith("https://")));
    }
}
