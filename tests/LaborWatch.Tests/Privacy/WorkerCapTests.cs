using Dapper;
using LaborWatch.Contracts;
using LaborWatch.Privacy;

namespace LaborWatch.Tests.Privacy;

/// <summary>
/// One worker adds at most <see cref="Releases.WorkerCap"/> logs to the public figures a release: the cut leaves their
/// logs past it (the highest ids) out of the public rows (not out of the exact ones), says how many, and the cap starts again
/// at the next release.
/// </summary>
[TestClass]
public sealed class WorkerCapTests
{
    const int K = 5;

    static Dictionary<string, string>[] Logs(string submitter, int count, int firstPay) =>
        Enumerable.Range(0, count).Select(i => Rows.Valid(submitter, ("gross_pay", (firstPay + i).ToString()))).ToArray();

    static List<long> PublicPay(TestDatabase db) =>
        [.. ContractRows.Load(db.Connection, new StatsFilter()).Rows.ToArray().Select(r => r.GrossPayMinor / 100).Order()];

    [TestMethod]
    public void A_worker_past_the_cap_in_one_release_has_their_newest_logs_left_out_of_the_public_figures_only()
    {
        using var db = new TestDatabase();
        // The heavy worker's 25 logs, then four others of one log each, in one file: ids follow the file's order.
        var heavy = Logs("heavy", Releases.WorkerCap + 5, 1000);
        var others = Enumerable.Range(0, K - 1).SelectMany(w => Logs("w" + w, 1, 100 + w)).ToArray();
        ContractImporter.Import(db.Connection, db.WriteFile("logs.csv", Rows.Csv([.. heavy, .. others])));

        var cut = Releases.Cut(db.Connection, K, DateTimeOffset.UnixEpoch);
        Assert.IsNotNull(cut.Cut, cut.Message);
        StringAssert.Contains(cut.Message, $"5 left out of the public figures (past the cap of {Releases.WorkerCap} logs a worker a release)");
        Assert.AreEqual((29L, 24L), (cut.Cut!.Added, cut.Cut.Logs), "added counts every log of the release; published those the public figures count");

        // An import's ids follow its rows' hashes, not the file's order: the lowest ids are not the first rows.
        var byId = db.Connection.Query<long>("SELECT gross_pay_minor / 100 FROM contracts WHERE gross_pay_minor >= 100000 ORDER BY id").ToList();
        var pay = PublicPay(db);
        Assert.AreEqual(Releases.WorkerCap + K - 1, pay.Count);
        CollectionAssert.AreEquivalent(byId.Take(Releases.WorkerCap).ToList(), pay.Where(p => p >= 1000).ToList(), "the worker's lowest ids stay, the other five are left out");
        Assert.AreEqual(29L, ContractRows.Load(db.Connection, new StatsFilter { Exact = true }).Rows.Count(), "the exact figures keep them");
    }

    [TestMethod]
    public void The_cap_counts_one_release_at_a_time_and_every_import_of_one_worker_in_it_together()
    {
        using var db = new TestDatabase();
        ContractImporter.Import(db.Connection, db.WriteFile("a.csv", Rows.Csv([.. Logs("heavy", 15, 1000), .. Enumerable.Range(0, K - 1).SelectMany(w => Logs("a" + w, 1, 100 + w))])));
        ContractImporter.Import(db.Connection, db.WriteFile("b.csv", Rows.Csv(Logs("heavy", 10, 2000))));
        var first = Releases.Cut(db.Connection, K, DateTimeOffset.UnixEpoch);
        StringAssert.Contains(first.Message, "5 left out", "15 + 10 logs of one worker in one release, over two imports");
        Assert.AreEqual(Releases.WorkerCap, PublicPay(db).Count(p => p >= 1000));

        // The next release: the same worker's next logs count again, up to the cap.
        ContractImporter.Import(db.Connection, db.WriteFile("c.csv", Rows.Csv([.. Logs("heavy", Releases.WorkerCap, 3000), .. Enumerable.Range(0, K - 1).SelectMany(w => Logs("c" + w, 1, 200 + w))])));
        var second = Releases.Cut(db.Connection, K, DateTimeOffset.UnixEpoch.AddDays(1));
        Assert.IsNotNull(second.Cut, second.Message);
        Assert.IsFalse(second.Message.Contains("left out"), second.Message);
        Assert.AreEqual(Releases.WorkerCap, PublicPay(db).Count(p => p >= 3000));
        Assert.AreEqual(5L, db.Connection.ExecuteScalar<long>("SELECT count(*) FROM contracts WHERE over_cap = 1"), "a later cut marks no earlier log again");
    }
}
