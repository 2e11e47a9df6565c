using LaborWatch.Contracts;
using LaborWatch.Instability;

namespace LaborWatch.Tests.Instability;

[TestClass]
public sealed class SurvivalCurvesTests
{
    [TestMethod]
    public void Curves_censor_active_and_completed_contracts_and_stop_where_too_few_are_at_risk()
    {
        using var db = new TestDatabase();
        // 12 workers: contract i runs 7 * i days (i weeks); odd ones cancelled by the platform, even ones completed.
        var start = new DateOnly(2025, 1, 6);
        var rows = Enumerable.Range(1, 12).Select(i => Rows.Valid("w" + i,
                ("started", start.ToString("yyyy-MM-dd")), ("ended", start.AddDays(7 * i).ToString("yyyy-MM-dd")),
                ("status", i % 2 == 1 ? "cancelled_by_platform" : "completed")))
            .ToArray();
        ContractImporter.Import(db.Connection, db.WriteFile("logs.csv", Rows.Csv(rows)));
        var filter = new StatsFilter { Exact = true, K = 11 };

        var group = SurvivalCurves.Compute(ContractRows.Load(db.Connection, filter), filter).Single();

        Assert.AreEqual(12, group.Logs);
        Assert.AreEqual(6, group.Events);
        // At week 1: 12 at risk, 1 event -> 11/12. At week 2 the completed one is censored (11 at risk).
        Assert.AreEqual(1, group.Curve![0].Time);
        Assert.AreEqual(11.0 / 12, group.Curve[0].Survival, 1e-12);
        // Week 3 has 10 workers at risk: fewer than k = 11, so the published curve stops after week 2.
        CollectionAssert.AreEqual(new[] { 1, 2 }, group.Curve.Select(s => s.Time).ToArray());
        Assert.IsNull(group.MedianWeeks, "the median lies past the published part of the curve");
    }

    [TestMethod]
    public void Active_contracts_run_to_the_middle_of_the_data_s_last_month()
    {
        var row = new ContractRow(1, 1, 202501, 0, 0, 1, -1, 2, 100, 1, 0, 0, true, false,
            LogStatus.Active, null, null, null, null, 0, 0);
        // 2025-01-15 to 2025-03-15 is 59 days: 8 whole weeks.
        Assert.AreEqual(8, SurvivalCurves.DurationWeeks(row, 202503));
        Assert.AreEqual(5, SurvivalCurves.DurationWeeks(row with { Status = LogStatus.Completed, DurationWeeks = 5 }, 202503));
    }
}
