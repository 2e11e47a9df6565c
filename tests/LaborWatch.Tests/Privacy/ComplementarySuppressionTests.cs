using LaborWatch.Contracts;
using LaborWatch.Privacy;
using LaborWatch.Reports;

namespace LaborWatch.Tests.Privacy;

/// <summary>
/// Property: for random data, no suppressed cell's additive figures can be worked out from the published
/// cells of its table and the table's totals (which the same tool publishes one level up).
/// </summary>
[TestClass]
public sealed class ComplementarySuppressionTests
{
    [TestMethod]
    [DataRow(1)]
    [DataRow(2)]
    [DataRow(3)]
    [DataRow(4)]
    [DataRow(5)]
    [DataRow(6)]
    public void No_suppressed_cell_can_be_recovered_by_subtraction(int seed)
    {
        using var db = new TestDatabase();
        ContractImporter.Import(db.Connection, db.WriteFile("logs.csv", RandomLogs(new Random(seed))));

        var exercised = 0;
        foreach (var by in new[] { "platform", "platform,month", "task_type,country", "platform,task_type,month" })
        {
            var filter = StatsFilter.Parse(by, null, null, null, null, exact: true);
            var report = StatsReport.Compute(db.Connection, filter);
            var tables = new (string Name, IReadOnlyList<IPublishedCell> Cells)[]
            {
                ("pay", report.Pay.Groups.Cast<IPublishedCell>().ToList()),
                ("cancellation", report.Cancellation.Cast<IPublishedCell>().ToList()),
                ("misclassification", report.Misclassification.Cast<IPublishedCell>().ToList()),
            };
            foreach (var (name, cells) in tables)
            {
                if (cells.Any(c => c.Suppressed) && cells.Any(c => !c.Suppressed)) exercised++;
                foreach (var dimension in filter.By)
                    foreach (var line in cells.GroupBy(c => c.Key.Without(dimension)))
                    {
                        var suppressed = line.Count(c => c.Suppressed);
                        // One suppressed cell among published ones: line total - published cells = that cell.
                        Assert.IsFalse(suppressed == 1 && line.Count() > 1,
                            $"seed {seed}, --by {by}, {name}: {line.Single(c => c.Suppressed).Key} is the only suppressed cell along {dimension}");
                    }
            }

        }
        Assert.IsGreaterThanOrEqualTo(6, exercised, $"seed {seed}: too few tables mix suppressed and published cells to test anything");
    }

    [TestMethod]
    public void The_complement_is_the_smallest_published_cell_of_the_line()
    {
        using var db = new TestDatabase();
        var rows = Enumerable.Range(0, 20).Select(i => Rows.Valid("a" + i, ("platform", "Big")))
            .Concat(Enumerable.Range(0, 12).Select(i => Rows.Valid("b" + i, ("platform", "Middle"))))
            .Concat(Enumerable.Range(0, 3).Select(i => Rows.Valid("c" + i, ("platform", "Small"))))
            .ToArray();
        ContractImporter.Import(db.Connection, db.WriteFile("logs.csv", Rows.Csv(rows)));
        var groups = StatsReport.Compute(db.Connection, StatsFilter.Parse("platform", null, null, null, null, exact: true)).Pay.Groups;
        CollectionAssert.AreEqual(new[] { "Middle", "Small" }, groups.Where(g => g.Suppressed).Select(g => g.Key.Platform).ToArray());
        Assert.IsFalse(groups.Single(g => g.Key.Platform == "Big").Suppressed);
    }

    /// <summary>Logs over 6 platforms, 4 months, 3 task types and 3 countries, with workers spread unevenly so cells of every size occur.</summary>
    static string RandomLogs(Random r)
    {
        string[] platforms = ["P1", "P2", "P3", "P4", "P5", "P6"], tasks = ["writing", "coding", "rlhf_rating"], countries = ["US", "GB", "KE"];
        var rows = new List<Dictionary<string, string>>();
        for (var worker = 0; worker < 260; worker++)
        {
            var platform = platforms[Math.Min(platforms.Length - 1, (int)(-Math.Log(1 - r.NextDouble()) * 2))];
            for (var log = 0; log < 1 + r.Next(3); log++)
            {
                var start = new DateOnly(2025, 1 + r.Next(4), 1 + r.Next(28));
                var cancelled = r.NextDouble() < 0.3;
                rows.Add(Rows.Valid("w" + worker,
                    ("platform", platform), ("task_type", tasks[r.Next(tasks.Length)]), ("country", countries[r.Next(countries.Length)]),
                    ("started", start.ToString("yyyy-MM-dd")), ("ended", start.AddDays(7 + r.Next(60)).ToString("yyyy-MM-dd")),
                    ("status", cancelled ? "cancelled_by_platform" : "completed"), ("gross_pay", (50 + r.Next(500)).ToString()),
                    ("quotas", r.Next(2).ToString())));
            }
        }
        return Rows.Csv([.. rows]);
    }
}
