using LaborWatch.Contracts;
using LaborWatch.Reports;

namespace LaborWatch.Tests.Reports;

[TestClass]
public sealed class GroupingTests
{
    [TestMethod]
    public void By_parent_rolls_brands_up_to_their_parent_company()
    {
        using var db = new TestDatabase();
        var rows = Enumerable.Range(0, 6).Select(i => Rows.Valid("o" + i, ("platform", "Outlier")))
            .Concat(Enumerable.Range(0, 6).Select(i => Rows.Valid("r" + i, ("platform", "Remotasks"))))
            .Concat(Enumerable.Range(0, 11).Select(i => Rows.Valid("x" + i, ("platform", "Unlisted Co"))))
            .ToArray();
        ContractImporter.Import(db.Connection, db.WriteFile("logs.csv", Rows.Csv(rows)));

        var groups = StatsReport.Compute(db.Connection, StatsFilter.Parse("parent", null, null, null, null, exact: true)).Pay.Groups;

        CollectionAssert.AreEqual(new[] { "Scale AI", "Unlisted Co" }, groups.Select(g => g.Key.Parent).ToArray());
        Assert.AreEqual(12, groups[0].Logs, "Outlier and Remotasks together");
        Assert.IsFalse(groups[0].Suppressed, "12 workers across the two brands pass k = 11, though neither brand alone does");
    }

    [TestMethod]
    public void Every_parent_link_has_a_dated_source()
    {
        var table = LaborWatch.Data.ReferenceFiles.Read("platform_parents");
        foreach (var row in table.Rows)
        {
            StringAssert.StartsWith(row[table.Column("source")], "https://", row[0]);
            StringAssert.Matches(row[table.Column("source_date")], new System.Text.RegularExpressions.Regex(@"^\d{4}(-\d{2}(-\d{2})?)?$"), row[0]);
        }
        Assert.AreEqual("Scale AI", PlatformParents.ParentOf("outlier"));
        Assert.IsNull(PlatformParents.ParentOf("Annotara"), "the fictional sample platforms have no parent");
    }
}
