using LaborWatch.Privacy;

namespace LaborWatch.Tests.Privacy;

[TestClass]
public sealed class DisclosureCellTests
{
    [TestMethod]
    public void A_cell_counts_its_workers_and_the_largest_share_of_one()
    {
        var random = new Random(5);
        for (var round = 0; round < 50; round++)
        {
            var cell = new Disclosure.Cell();
            var logs = Enumerable.Range(0, random.Next(0, 300)).Select(_ => (long)random.Next(round % 2 == 0 ? 5 : 1000)).ToList();
            foreach (var submitter in logs) cell.Add(submitter);
            var bySubmitter = logs.CountBy(s => s).ToList();
            Assert.AreEqual(logs.Count, cell.Logs);
            Assert.AreEqual(bySubmitter.Count, cell.Submitters);
            Assert.AreEqual(bySubmitter.Count == 0 ? 0 : bySubmitter.Max(c => c.Value), cell.LargestSubmitterLogs);
            cell.Add(-1);   // counted again after a log more
            Assert.AreEqual(bySubmitter.Count + 1, cell.Submitters);
        }
    }

    [TestMethod]
    public void Too_few_workers_or_one_above_80_percent_suppress_a_cell()
    {
        var cell = new Disclosure.Cell();
        for (var s = 0; s < 11; s++) cell.Add(s);
        Assert.IsFalse(cell.Suppressed(11));
        Assert.IsTrue(cell.Suppressed(12));
        for (var i = 0; i < 50; i++) cell.Add(3);   // worker 3: 51 of 61 logs, 84%
        Assert.IsTrue(cell.Suppressed(11));
    }
}
