using LaborWatch.Contracts;

namespace LaborWatch.Tests.Contracts;

/// <summary>The import format's statuses and the analytics' <see cref="LogStatus"/> are one list, in one order.</summary>
[TestClass]
public sealed class StatusTests
{
    [TestMethod]
    public void Each_status_is_its_LogStatus_number()
    {
        var names = Enum.GetNames<LogStatus>();
        Assert.HasCount(names.Length, ContractColumns.Statuses);
        for (var i = 0; i < names.Length; i++)
            Assert.AreEqual(names[i], string.Concat(ContractColumns.Statuses[i].Split('_').Select(w => char.ToUpperInvariant(w[0]) + w[1..])), $"status {i}");
    }

    [TestMethod]
    public void A_log_read_back_has_the_status_it_was_imported_with()
    {
        using var db = new TestDatabase();
        var rows = string.Join("\n", ContractColumns.Statuses.Select((s, i) =>
            $"w{i},Annotara,writing,2025-01,{(s == "active" ? "" : "2025-03")},{s},hourly,USD,100.00,10"));
        var csv = db.WriteFile("s.csv", "submitter,platform,task_type,started,ended,status,pay_basis,currency,gross_pay,paid_hours\n" + rows + "\n");
        ContractImporter.Import(db.Connection, csv);
        var read = ContractRows.Load(db.Connection, new LaborWatch.Contracts.StatsFilter { Exact = true }).Rows.ToArray().Select(r => r.Status).Order().ToList();
        CollectionAssert.AreEqual(Enum.GetValues<LogStatus>().ToList(), read);
    }
}
