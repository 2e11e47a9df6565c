using LaborWatch.Contracts;
using LaborWatch.Instability;

namespace LaborWatch.Tests.Instability;

[TestClass]
public sealed class CancellationFiguresTests
{
    static readonly (string Status, string? Notice, string Ended)[] Logs =
    [
        ("cancelled_by_platform", "0", "2025-04-20"), ("cancelled_by_platform", "12", "2025-04-20"),
        ("cancelled_by_platform", "48", "2025-04-20"), ("cancelled_by_platform", null, "2025-04-20"),
        ("cancelled_by_platform", null, "2025-04-20"), ("deactivated", "2", "2025-04-20"),
        ("completed", null, "2025-04-20"), ("completed", null, "2025-04-20"), ("completed", null, "2025-04-20"),
        ("completed", null, "2025-04-20"), ("ended_by_worker", null, "2025-04-20"), ("ended_by_worker", "1", "2025-04-20"),
        ("cancelled_by_platform", "5", "2025-05-20"),
    ];

    static List<CancellationGroup> Compute(string by, int k = 11)
    {
        using var db = new TestDatabase();
        var rows = Logs.Select((l, i) => Rows.Valid("w" + i, ("status", l.Status), ("notice_hours", l.Notice ?? ""), ("ended", l.Ended)))
            .Append(Rows.Valid("active", ("status", "active"), ("ended", "")))
            .ToArray();
        ContractImporter.Import(db.Connection, db.WriteFile("logs.csv", Rows.Csv(rows)));
        var filter = StatsFilter.Parse(by, null, null, null, null, exact: true) with { K = k };
        return CancellationFigures.Compute(ContractRows.Load(db.Connection, filter), filter);
    }

    [TestMethod]
    public void Rate_interval_and_abrupt_share_match_the_hand_computation()
    {
        // April: 12 ended, 6 by the platform (5 cancelled + 1 deactivated) -> 0.5.
        // Wilson(6, 12): denominator 1.320122, half = 1.96 * sqrt(0.0208333 + 0.0066692) / 1.320122 = 0.246218.
        // Notice known for 4 of the 6 (0, 12, 48, 2): 3 under 24 hours -> 0.75. A worker's own notice (1 h) does not count.
        var april = Compute("month", k: 2).Single(g => g.Key.Month == "2025-04");
        Assert.AreEqual(12, april.Ended);
        Assert.AreEqual(6, april.PlatformEnded);
        Assert.AreEqual(0.5, april.Rate!.Value, 1e-12);
        Assert.AreEqual(0.253782, april.CiLow!.Value, 5e-6);
        Assert.AreEqual(0.746218, april.CiHigh!.Value, 5e-6);
        Assert.AreEqual(4, april.AbruptN);
        Assert.AreEqual(0.75, april.AbruptShare!.Value, 1e-12);
    }

    [TestMethod]
    public void Groups_by_the_month_a_contract_ended_and_leaves_active_ones_out()
    {
        var groups = Compute("month", k: 1);
        CollectionAssert.AreEqual(new[] { "2025-04", "2025-05" }, groups.Select(g => g.Key.Month).ToArray());
        Assert.AreEqual(13, groups.Sum(g => g.Ended), "the active contract has not ended");
    }

    [TestMethod]
    public void A_small_group_is_suppressed_with_platform_ended_null_and_sizes_kept()
    {
        var may = Compute("month", k: 2).Single(g => g.Key.Month == "2025-05");
        Assert.IsTrue(may.Suppressed);
        Assert.AreEqual(1, may.Ended);
        Assert.AreEqual(1, may.Submitters);
        Assert.IsNull(may.PlatformEnded);
        Assert.IsNull(may.Rate);
        Assert.IsNull(may.CiLow);
        Assert.IsNull(may.AbruptShare);
    }

    [TestMethod]
    public void Abrupt_share_is_null_when_no_notice_is_known()
    {
        using var db = new TestDatabase();
        var rows = Enumerable.Range(0, 11).Select(i => Rows.Valid("w" + i, ("status", "deactivated"))).ToArray();
        ContractImporter.Import(db.Connection, db.WriteFile("logs.csv", Rows.Csv(rows)));
        var g = CancellationFigures.Compute(ContractRows.Load(db.Connection, new StatsFilter { Exact = true }), new StatsFilter { Exact = true }).Single();
        Assert.AreEqual(1.0, g.Rate);
        Assert.AreEqual(0, g.AbruptN);
        Assert.IsNull(g.AbruptShare, "unknown notice is not 'no notice'");
        Assert.AreEqual(1.0, g.CiHigh);
    }
}
