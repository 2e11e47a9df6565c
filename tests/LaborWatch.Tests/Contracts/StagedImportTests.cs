using Dapper;
using LaborWatch.Contracts;
using LaborWatch.Data;
using LaborWatch.Privacy;
using LaborWatch.Sample;

namespace LaborWatch.Tests.Contracts;

/// <summary>
/// A bulk import written in chunks (so that posts wait a second, not the whole import) is still all or nothing:
/// its logs count nowhere, not even in a release cut meanwhile, until it is done; refused, it leaves nothing.
/// </summary>
[TestClass]
public sealed class StagedImportTests
{
    [TestMethod]
    public void A_release_cut_while_an_import_runs_leaves_its_logs_out_until_it_is_done()
    {
        using var db = new TestDatabase();
        var file = WriteSample(db, 150_000);
        using var gate = new PausingStream(File.OpenRead(file), pauseAfter: new FileInfo(file).Length * 2 / 3);
        var import = Task.Run(() => ContractImporter.Import(db.Connection, "big.csv", gate));
        Assert.IsTrue(gate.Paused.Wait(TimeSpan.FromMinutes(2)), "the import should reach the pause");

        using var other = Database.Open(db.Path);
        var committed = WaitFor(() => other.ExecuteScalar<long>("SELECT count(*) FROM contracts WHERE import_id <> 0"), n => n > 0);
        Assert.IsTrue(committed > 0, "what was read before the pause is committed (a stalled input commits rather than hold the lock)");
        var during = Releases.Cut(other, 1, DateTimeOffset.UtcNow, force: true);
        Assert.IsNull(during.Cut, "nothing may be published while the import runs: " + during.Message);
        Assert.AreEqual(0L, other.ExecuteScalar<long>($"SELECT count(*) FROM contracts c WHERE c.moderation = 'approved' AND {StagedImport.Visible}"), "nor counted in the exact figures");

        gate.Resume();
        Assert.AreEqual(150_000, import.Result.Added);
        var after = Releases.Cut(other, 1, DateTimeOffset.UtcNow, force: true);
        Assert.AreEqual(150_000L, after.Cut!.Added);
    }

    [TestMethod]
    public void An_import_refused_after_chunks_were_committed_leaves_nothing()
    {
        using var db = new TestDatabase();
        var file = WriteSample(db, 140_000);
        File.AppendAllText(file, "syn-999999,Annotara,not_a_task_type,US,,2025-01,,active,,hourly,,,USD,10,1" + new string(',', 26) + "\n");
        var e = Assert.ThrowsExactly<ImportRejectedException>(() => ContractImporter.Import(db.Connection, file));
        StringAssert.Contains(e.Message, "nothing was imported");
        foreach (var table in new[] { "contracts", "imports", "platforms", "submitters" })
            Assert.AreEqual(0L, db.Connection.ExecuteScalar<long>($"SELECT count(*) FROM {table}"), table);
        Assert.AreEqual(140_000, ContractImporter.Import(db.Connection, WriteSample(db, 140_000)).Added, "and the fixed file imports whole");
    }

    /// <summary>
    /// Two imports of the same logs at once: the second counted the first's staged logs as already stored and skipped
    /// its own, and when the first was refused, neither kept them (found by a test run). Now the second waits for the
    /// first, and finds nothing of it when it was refused.
    /// </summary>
    [TestMethod]
    public void A_second_import_waits_for_the_running_one_and_loses_nothing_when_that_one_is_refused()
    {
        using var db = new TestDatabase();
        var refused = WriteSample(db, 40_000);
        File.AppendAllText(refused, "syn-999999,Annotara,not_a_task_type,US,,2025-01,,active,,hourly,,,USD,10,1" + new string(',', 26) + "\n");
        var same = WriteSample(db, 40_000);
        using var gate = new PausingStream(File.OpenRead(refused), pauseAfter: new FileInfo(refused).Length * 3 / 4);
        var first = Task.Run(() => ContractImporter.Import(db.Connection, "refused.csv", gate));
        Assert.IsTrue(gate.Paused.Wait(TimeSpan.FromMinutes(2)), "the first import should reach the pause");
        using var other = Database.Open(db.Path);
        Assert.IsTrue(WaitFor(() => other.ExecuteScalar<long>("SELECT count(*) FROM contracts"), n => n > 0) > 0, "the first import's logs are staged");

        using var waited = new ManualResetEventSlim();
        var second = Task.Run(() => ContractImporter.Import(other, same, waiting: waited.Set));
        Assert.IsTrue(waited.Wait(TimeSpan.FromMinutes(1)), "the second import should be told it waits");
        Assert.IsFalse(second.Wait(TimeSpan.FromMilliseconds(500)), "the second import ran beside the first");

        gate.Resume();
        Assert.ThrowsExactly<ImportRejectedException>(() => first.GetAwaiter().GetResult());
        var summary = second.Result;
        Assert.AreEqual(40_000, summary.Added, $"{summary.Duplicates} logs skipped as already stored");
        Assert.AreEqual(40_000L, other.ExecuteScalar<long>($"SELECT count(*) FROM contracts c WHERE {StagedImport.Visible}"));
        Assert.AreEqual(1L, other.ExecuteScalar<long>("SELECT count(*) FROM imports"), "the refused import is gone");
    }

    /// <summary>
    /// A lock file that cannot be opened for another reason than another import holding it is an error naming the
    /// file, not a wait: every IOException read as "held" had the import wait forever, saying another import ran.
    /// Provoked by making the lock file a link to a program that is running (opening it to write is ETXTBSY).
    /// </summary>
    [TestMethod, TestCategory(TestStore.SqliteOnly)]
    public void A_lock_file_that_cannot_be_opened_fails_the_import_naming_it_instead_of_waiting_forever()
    {
        using var db = new TestDatabase();
        var file = WriteSample(db, 100);
        var lockFile = db.Path + ".import.lock";
        File.Delete(lockFile);
        File.CreateSymbolicLink(lockFile, Environment.ProcessPath!);
        var e = Assert.ThrowsExactly<IOException>(() => ContractImporter.Import(db.Connection, file,
            waiting: () => throw new AssertFailedException("the import waits for a lock nobody holds")));
        StringAssert.Contains(e.Message, lockFile);
        Assert.AreEqual(0L, db.Connection.ExecuteScalar<long>("SELECT count(*) FROM contracts"), "nothing stored");

        File.Delete(lockFile);
        Assert.AreEqual(100, ContractImporter.Import(db.Connection, file).Added, "with the file put right, the import runs");
    }

    /// <summary>
    /// Another process may remove a platform between two of an import's chunks (a receipt's deletion removes platforms
    /// no stored log names). With the store's remembered ids kept across chunks, the logs after the pause named the
    /// removed platform's id: the import failed on the foreign key (or, with the checks off, left 100 logs dangling).
    /// </summary>
    [TestMethod]
    public void An_import_never_names_a_platform_removed_between_its_chunks()
    {
        using var db = new TestDatabase();
        db.Connection.Execute("INSERT INTO platforms(slug, name) VALUES ('zeta', 'Zeta')");   // known, but no log names it yet
        var rows = Enumerable.Range(0, 5_000).Select(i => Rows.Valid("w" + i))
            .Concat(Enumerable.Range(0, 100).Select(i => Rows.Valid("z" + i, ("platform", "Zeta")))).ToArray();
        var csv = Rows.Csv(rows);
        var file = db.WriteFile("logs.csv", csv);
        var zetaStarts = System.Text.Encoding.UTF8.GetByteCount(csv[..csv.IndexOf("Zeta", StringComparison.Ordinal)]);
        using var gate = new PausingStream(File.OpenRead(file), pauseAfter: zetaStarts - 200);
        var import = Task.Run(() => ContractImporter.Import(db.Connection, "logs.csv", gate));
        Assert.IsTrue(gate.Paused.Wait(TimeSpan.FromMinutes(2)), "the import should reach the pause");

        using (var other = Database.Open(db.Path))
        {
            WaitFor(() => other.ExecuteScalar<long>("SELECT count(*) FROM contracts WHERE import_id <> 0"), n => n > 0);
            Assert.AreEqual(1, other.Execute("DELETE FROM platforms WHERE id IN (SELECT id FROM platforms EXCEPT SELECT platform_id FROM contracts)"), "Zeta goes");
        }
        gate.Resume();
        Assert.AreEqual(5_100, import.Result.Added);
        Assert.AreEqual(0L, db.Connection.ExecuteScalar<long>("SELECT count(*) FROM contracts c WHERE NOT EXISTS (SELECT 1 FROM platforms p WHERE p.id = c.platform_id)"), "no dangling platform");
        Assert.AreEqual(0L, db.Connection.ExecuteScalar<long>("SELECT count(*) FROM contracts c WHERE NOT EXISTS (SELECT 1 FROM submitters s WHERE s.id = c.submitter_id)"), "no dangling submitter");
        Assert.AreEqual(100L, db.Connection.ExecuteScalar<long>("SELECT count(*) FROM contracts c JOIN platforms p ON p.id = c.platform_id WHERE p.name = 'Zeta'"));
    }

    [TestMethod]
    public void A_release_cut_part_way_counts_nowhere_and_the_next_cut_completes_it()
    {
        using var db = new TestDatabase();
        ContractImporter.Import(db.Connection, WriteSample(db, 2_000));
        // What a cut killed after marking half its logs leaves: its row "being cut" and half the logs marked.
        db.Connection.Execute("INSERT INTO releases(id, cut_at, logs, added) VALUES (1, '2026-01-01T00:00:00Z', -1, 0)");
        db.Connection.Execute("UPDATE contracts SET released_in = 1 WHERE id % 2 = 0");
        long Published() => db.Connection.ExecuteScalar<long>($"SELECT count(*) FROM contracts c WHERE {LaborWatch.Contracts.ReleasedLogs.Published}");
        Assert.IsNull(ReleasedLogs.Current(db.Connection), "no release is cut yet");
        Assert.AreEqual(0L, Published());
        Assert.AreEqual(2_000, Releases.Waiting(db.Connection).Logs, "the marked logs still wait");

        var cut = Releases.Cut(db.Connection, 1, DateTimeOffset.UtcNow, force: true).Cut!;
        Assert.AreEqual((1L, 2_000L, 2_000L), (cut.Id, cut.Added, cut.Logs), "the next cut takes the same id and publishes them all");
        Assert.AreEqual(2_000L, Published());
        Assert.IsNull(Releases.Cut(db.Connection, 1, DateTimeOffset.UtcNow, force: true).Cut, "and then nothing waits");
    }

    /// <summary>
    /// A release marks a done import once (migration 0012) instead of rewriting each of its logs, and every log
    /// still counts from the release that first took it: imports, posts, and logs marked one by one before.
    /// </summary>
    [TestMethod]
    public void A_release_marks_an_import_once_and_each_log_counts_from_the_release_that_took_it()
    {
        using var db = new TestDatabase();
        long InRelease(long id) => db.Connection.ExecuteScalar<long>($"SELECT count(*) FROM contracts c WHERE {ReleasedLogs.ReleasedIn("<= " + id)}");
        long Published() => db.Connection.ExecuteScalar<long>($"SELECT count(*) FROM contracts c WHERE {LaborWatch.Contracts.ReleasedLogs.Published}");

        ContractImporter.Import(db.Connection, WriteSample(db, 3_000));
        var first = Releases.Cut(db.Connection, 1, DateTimeOffset.UtcNow, force: true).Cut!;
        Assert.AreEqual((3_000L, 3_000L), (first.Added, first.Logs));
        Assert.AreEqual(0L, db.Connection.ExecuteScalar<long>("SELECT count(*) FROM contracts WHERE released_in IS NOT NULL"), "no imported log rewritten");
        Assert.AreEqual(1L, db.Connection.ExecuteScalar<long>("SELECT released_in FROM imports"));

        // A post waits for the next release, and so does a second import; a log marked one by one (as before 0012) keeps its mark.
        var log = OneLog("Annotara");
        SubmissionStore.Submit(db.Connection, [log]);
        ReviewQueue.Decide(db.Connection, ReviewQueue.Pending(db.Connection).Select(p => p.Id), approve: true);   // a new platform's first log waits for review
        Assert.AreEqual(2_000, ContractImporter.Import(db.Connection, WriteSample(db, 2_000, seed: 7)).Added);
        Assert.AreEqual(3_000L, Published(), "what came after release 1 waits");
        Assert.AreEqual(2_001, Releases.Waiting(db.Connection).Logs);

        var second = Releases.Cut(db.Connection, 1, DateTimeOffset.UtcNow, force: true).Cut!;
        Assert.AreEqual((2_001L, 5_001L), (second.Added, second.Logs));
        Assert.AreEqual((3_000L, 5_001L, 5_001L), (InRelease(1), InRelease(2), Published()), "the first import stays in release 1");
        Assert.AreEqual(1L, db.Connection.ExecuteScalar<long>("SELECT count(*) FROM contracts WHERE released_in = 2"), "the post is marked itself");
        Assert.AreEqual(0, Releases.Waiting(db.Connection).Logs);
        Assert.IsNull(Releases.Cut(db.Connection, 1, DateTimeOffset.UtcNow, force: true).Cut, "and then nothing waits");

        // A database from before 0012: an import whose logs were marked one by one in release 2, its imports row not
        // marked. The next cut marks that import too, but each log keeps the release that first took it.
        Assert.AreEqual(1_000, ContractImporter.Import(db.Connection, WriteSample(db, 1_000, seed: 8)).Added);
        var old = db.Connection.ExecuteScalar<long>("SELECT max(id) FROM imports");
        db.Connection.Execute("UPDATE contracts SET released_in = 2 WHERE import_id = @old", new { old });
        Assert.AreEqual((3_000L, 6_001L), (InRelease(1), InRelease(2)), "its own marks publish it in release 2");
        Assert.AreEqual(1_000, ContractImporter.Import(db.Connection, WriteSample(db, 1_000, seed: 9)).Added);
        var third = Releases.Cut(db.Connection, 1, DateTimeOffset.UtcNow, force: true).Cut!;
        Assert.AreEqual((1_000L, 7_001L), (third.Added, third.Logs), "release 3 adds only the new import");
        Assert.AreEqual((6_001L, 7_001L), (InRelease(2), InRelease(3)));
    }

    /// <summary>
    /// Deleting a receipt removes the submitters and platforms only its logs named. It used to check every
    /// submitter against every log (no index on submitter_id): on 200,000 logs that held the write lock for minutes.
    /// </summary>
    [TestMethod, Timeout(120_000)]
    public void Deleting_a_receipt_on_a_large_database_checks_only_what_it_named()
    {
        using var db = new TestDatabase();
        ContractImporter.Import(db.Connection, WriteSample(db, 200_000));
        var submitters = db.Connection.ExecuteScalar<long>("SELECT count(*) FROM submitters");
        Assert.IsTrue(submitters > 5_000, $"the test needs many submitters ({submitters})");
        var log = OneLog("Deletia");
        var receipt = SubmissionStore.Submit(db.Connection, [log]).ReceiptCode;
        Assert.AreEqual(1, SubmissionStore.Delete(db.Connection, receipt));
        Assert.AreEqual(submitters, db.Connection.ExecuteScalar<long>("SELECT count(*) FROM submitters"), "the receipt's own worker is gone, every other stays");
        Assert.AreEqual(0L, db.Connection.ExecuteScalar<long>("SELECT count(*) FROM platforms WHERE name = 'Deletia'"));
    }

    /// <summary>One valid log, as a worker would post it, on the platform given.</summary>
    static ContractLog OneLog(string platform) => new ContractValidator().Validate(ContractColumns.All.Select(c => c switch
    {
        "platform" => platform, "task_type" => "coding", "started" => "2025-03", "status" => "active",
        "pay_basis" => "hourly", "currency" => "USD", "gross_pay" => "200", "paid_hours" => "10", _ => (string?)null,
    }).ToArray()).Log!;

    static string WriteSample(TestDatabase db, int rows, int seed = SampleGenerator.DefaultSeed)
    {
        var file = System.IO.Path.Combine(db.Folder, $"sample-{rows}-{Guid.NewGuid():N}.csv");
        using (var writer = new StreamWriter(file)) SampleGenerator.Write(writer, rows, seed);
        return file;
    }

    static long WaitFor(Func<long> read, Func<long, bool> until)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        long value;
        while (!until(value = read()) && DateTime.UtcNow < deadline) Thread.Sleep(20);
        return value;
    }

    /// <summary>A file stream that stops giving bytes at a point until told to go on: an import held in the middle.</summary>
    sealed class PausingStream(Stream inner, long pauseAfter) : Stream
    {
        readonly ManualResetEventSlim _resume = new();
        public ManualResetEventSlim Paused { get; } = new();
        public void Resume() => _resume.Set();

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (inner.Position >= pauseAfter && !_resume.IsSet)
            {
                Paused.Set();
                _resume.Wait();
            }
            var allowed = _resume.IsSet ? count : (int)Math.Min(count, Math.Max(1, pauseAfter - inner.Position));   // stop at the point exactly
            return inner.Read(buffer, offset, allowed);
        }

        public override bool CanRead => true;
        public override bool CanSeek => inner.CanSeek;
        public override bool CanWrite => false;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => inner.Position = value; }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) { inner.Dispose(); _resume.Set(); }
            base.Dispose(disposing);
        }
    }
}
