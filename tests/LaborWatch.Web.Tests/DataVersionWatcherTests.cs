using LaborWatch.Data;
using LaborWatch.Tests;

namespace LaborWatch.Web.Tests;

/// <summary>
/// The data version a cached response is checked against: whatever shortcut the watcher takes (SQLite's pragma read on
/// one shared connection; on PostgreSQL a query a request, kept: one query shared by the requests was tried shared by the requests
/// waiting for it, and blocking those requests starved the thread pool, 3,500 -> 47 requests/s under wrk), a release
/// committed before a request shows in its answer. Alone and on threads of its own: as first written, its busy callers
/// held thread-pool threads for its whole run, and in a clean-clone run beside it a browser test's in-process server
/// answered a page past Playwright's 30 s (starvation the likely cause, not proven).
/// </summary>
[TestClass, DoNotParallelize]
public sealed class DataVersionWatcherTests
{
    [TestMethod]
    public void A_release_committed_before_a_request_shows_in_its_answer_while_other_requests_keep_the_watcher_busy()
    {
        var folder = Directory.CreateTempSubdirectory("laborwatch-version-").FullName;
        var target = TestStore.NewTarget(folder, "version.db");
        try
        {
            using var writer = Database.OpenMigrated(target);
            using var watcher = new DataVersionWatcher(target);
            using var stop = new CancellationTokenSource();
            // Other requests asking all the time, so that a query is nearly always running when a request arrives.
            var busy = Enumerable.Range(0, 4).Select(_ => new Thread(() =>
            {
                while (!stop.IsCancellationRequested) watcher.Current();
            })).ToList();
            busy.ForEach(thread => thread.Start());
            try
            {
                for (var round = 0; round < 60; round++)
                {
                    using (var tx = writer.BeginWrite())
                    {
                        DataVersion.BumpPublic(writer, tx);
                        tx.Commit();
                    }
                    var expected = DataVersion.Of(writer);
                    var answers = new string[4];
                    Parallel.For(0, answers.Length, i => answers[i] = watcher.Current());
                    foreach (var answer in answers) Assert.AreEqual(expected, answer, $"round {round}: a request after the commit was answered with the version before it");
                }
            }
            finally
            {
                stop.Cancel();
                busy.ForEach(thread => thread.Join());
            }
        }
        finally
        {
            TestStore.Drop(target);
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod, TestCategory(TestStore.SqliteOnly)]   // the WAL-index header is SQLite's; PostgreSQL asks each time
    public void While_nothing_commits_SQLite_is_not_asked_and_a_commit_makes_the_next_request_ask_once()
    {
        var folder = Directory.CreateTempSubdirectory("laborwatch-version-").FullName;
        var target = Path.Combine(folder, "asks.db");
        try
        {
            using var writer = Database.OpenMigrated(target);
            using var watcher = new DataVersionWatcher(target);
            var before = watcher.Current();
            var asks = watcher.Asks;
            for (var i = 0; i < 1000; i++) Assert.AreEqual(before, watcher.Current());
            Assert.AreEqual(asks, watcher.Asks, "requests with nothing committed asked SQLite's pragma: the header check is not working");

            using (var tx = writer.BeginWrite())
            {
                DataVersion.BumpPublic(writer, tx);
                tx.Commit();
            }
            var after = watcher.Current();
            Assert.AreEqual(DataVersion.Of(writer), after);
            Assert.AreNotEqual(before, after);
            Assert.AreEqual(asks + 1, watcher.Asks, "a commit should make exactly the next request ask");
            for (var i = 0; i < 1000; i++) watcher.Current();
            Assert.AreEqual(asks + 1, watcher.Asks);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }
}
