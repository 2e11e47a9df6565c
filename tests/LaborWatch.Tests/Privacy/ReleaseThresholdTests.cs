using LaborWatch.Contracts;
using LaborWatch.Privacy;

namespace LaborWatch.Tests.Privacy;

/// <summary>
/// A release is cut only when the waiting logs come from at least k workers (a release adding one worker alone would
/// publish that worker as the difference of two releases). The cut stops counting at the k-th worker; a refusal
/// still reports every waiting log and worker.
/// </summary>
[TestClass]
public sealed class ReleaseThresholdTests
{
    [TestMethod]
    public void Fewer_than_k_workers_wait_then_the_kth_arrives_then_nothing_waits()
    {
        using var db = new TestDatabase();
        const int k = 11;
        // Ten workers, three logs each (distinct pay, so that none is a duplicate).
        var rows = Enumerable.Range(0, 30).Select(i => Rows.Valid("w" + i % 10, ("gross_pay", (100 + i).ToString()))).ToArray();
        ContractImporter.Import(db.Connection, db.WriteFile("ten.csv", Rows.Csv(rows)));

        var refused = Releases.Cut(db.Connection, k, DateTimeOffset.UnixEpoch);
        Assert.IsNull(refused.Cut, refused.Message);
        Assert.AreEqual((30, 10), (refused.WaitingLogs, refused.WaitingSubmitters), "every waiting log and worker, not the first k");
        StringAssert.StartsWith(refused.Message, "30 approved log(s) from 10 worker(s) wait for the next release");

        ContractImporter.Import(db.Connection, db.WriteFile("eleventh.csv", Rows.Csv(Rows.Valid("w10"))));
        var cut = Releases.Cut(db.Connection, k, DateTimeOffset.UnixEpoch);
        Assert.AreEqual((1L, 31L, 31L), (cut.Cut!.Id, cut.Cut.Added, cut.Cut.Logs), cut.Message);

        var after = Releases.Cut(db.Connection, k, DateTimeOffset.UnixEpoch, force: true);
        Assert.IsNull(after.Cut);
        StringAssert.StartsWith(after.Message, "nothing new to publish");
    }

    [TestMethod]
    public void Forced_a_cut_publishes_one_worker_and_unforced_it_waits()
    {
        using var db = new TestDatabase();
        ContractImporter.Import(db.Connection, db.WriteFile("one.csv", Rows.Csv(Rows.Valid("alone"))));
        Assert.IsNull(Releases.Cut(db.Connection, 2, DateTimeOffset.UnixEpoch).Cut);
        Assert.AreEqual(1L, Releases.Cut(db.Connection, 2, DateTimeOffset.UnixEpoch, force: true).Cut!.Added);
    }
}
