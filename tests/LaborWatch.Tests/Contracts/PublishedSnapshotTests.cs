using Dapper;
using LaborWatch.Contracts;
using LaborWatch.Privacy;
using LaborWatch.Reports;
using LaborWatch.Sample;

namespace LaborWatch.Tests.Contracts;

/// <summary>The published logs read from DB.published give exactly what reading them from the database gives.</summary>
[TestClass]
public sealed class PublishedSnapshotTests
{
    static TestDatabase Published(int rows)
    {
        var db = new TestDatabase();
        var file = System.IO.Path.Combine(db.Folder, "sample.csv");
        using (var writer = new StreamWriter(file)) SampleGenerator.Write(writer, rows);
        ContractImporter.Import(db.Connection, file);
        Releases.Cut(db.Connection, Disclosure.DefaultK, DateTimeOffset.UnixEpoch);
        return db;
    }

    static string Json(StatsReport report)
    {
        using var buffer = new MemoryStream();
        report.WriteJson(buffer);
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The same rows and figures from the snapshot as from the database: read into memory, and read from the file as scanned.</summary>
    static void AssertSameAsDatabase(TestDatabase db, StatsFilter filter)
    {
        var fromDatabase = ContractRows.FromDatabase(db.Connection, filter);
        var expected = Json(StatsReport.Compute(fromDatabase, filter, survival: true));
        foreach (var (limit, how) in new[] { (PublishedSnapshot.InMemoryLimitBytes, "in memory"), (0L, "streamed from the file") })
        {
            var fromSnapshot = ContractRows.Load(db.Connection, filter, limit);
            var what = $"{filter.CacheKey}, {how}";
            Assert.AreEqual(fromDatabase.Rows.Count(), fromSnapshot.Rows.Count(), what);   // code ids differ: a filtered scan numbers only its own
            Assert.AreEqual(fromDatabase.LastMonth, fromSnapshot.LastMonth, what);
            Assert.AreEqual(expected, Json(StatsReport.Compute(fromSnapshot, filter, survival: true)), what);
        }
    }

    [TestMethod, TestCategory(TestStore.SqliteOnly)]   // the file beside the database
    public void Exact_rows_past_the_memory_limit_are_streamed_from_a_file_removed_at_once()
    {
        using var db = Published(3000);
        var platform = db.Connection.ExecuteScalar<string>("SELECT name FROM platforms ORDER BY id LIMIT 1")!;
        foreach (var filter in new StatsFilter[] { new() { Exact = true, By = ["platform"] }, new() { Exact = true, Platforms = [platform], By = ["month"] } })
        {
            var streamed = ContractRows.Load(db.Connection, filter, inMemoryLimit: 0);
            var inMemory = ContractRows.FromDatabase(db.Connection, filter);
            Assert.IsTrue(streamed.Rows is RowSet.InFile, $"{filter.CacheKey}: read from the file");
            Assert.AreEqual(inMemory.Rows.Count(), streamed.Rows.Count(), filter.CacheKey);
            Assert.IsNull(streamed.Release, "exact figures are of no release");
            Assert.AreEqual(Json(StatsReport.Compute(inMemory, filter, survival: true)), Json(StatsReport.Compute(streamed, filter, survival: true)), filter.CacheKey);
        }
        var left = Directory.EnumerateFiles(db.Folder, "*.tmp").ToList();
        Assert.AreEqual(0, left.Count, "the exact rows' file is removed once open: " + string.Join(", ", left));
    }

    [TestMethod, TestCategory(TestStore.SqliteOnly)]   // the file beside the database
    public void Rows_past_the_memory_limit_are_read_from_the_file_a_chunk_at_a_time()
    {
        using var db = Published(RowSet.ChunkRows * 2 + 123);   // three chunks, the last one short
        var streamed = ContractRows.Load(db.Connection, new StatsFilter(), inMemoryLimit: 0).Rows;
        var chunks = streamed.Chunks().Select(c => c.Length).ToList();
        CollectionAssert.AreEqual(new[] { RowSet.ChunkRows, RowSet.ChunkRows, 123 }, chunks, "read in chunks, never all at once");
        CollectionAssert.AreEqual(ContractRows.FromDatabase(db.Connection, new StatsFilter()).Rows.ToArray(), streamed.ToArray());
        // A new snapshot renamed over the path while the rows are read: the open file is still the one they came from.
        var before = streamed.ToArray();
        File.Move(PublishedSnapshot.PathOf(db.Path), PublishedSnapshot.PathOf(db.Path) + ".old");
        File.WriteAllBytes(PublishedSnapshot.PathOf(db.Path), new byte[1000]);
        CollectionAssert.AreEqual(before, streamed.ToArray());
    }

    [TestMethod]
    public void Every_filter_gives_the_figures_the_database_gives()
    {
        using var db = Published(4000);
        var platform = db.Connection.ExecuteScalar<string>("SELECT name FROM platforms ORDER BY id LIMIT 1")!;
        foreach (var filter in new StatsFilter[]
        {
            new(), new() { By = ["platform"] }, new() { By = ["platform", "month"] }, new() { By = ["task_type", "country"] },
            new() { Platforms = [platform.ToUpperInvariant()], By = ["month"] }, new() { Platforms = [platform, "no-such-platform"] },
            new() { TaskTypes = ["coding", "writing"], By = ["platform"] }, new() { Countries = ["US", "KE", "PH"], By = ["country"] },
            new() { Parents = [platform] }, new() { From = "2025-01", To = "2025-06", By = ["platform"] }, new() { Platforms = ["no-such-platform"] },
        })
            AssertSameAsDatabase(db, filter);
        Assert.AreEqual(!TestStore.Postgres, File.Exists(PublishedSnapshot.PathOf(db.Path)), "a file beside a SQLite database; none for PostgreSQL");
    }

    [TestMethod]
    public void A_release_changes_the_figures_at_once_and_a_deletion_through_a_receipt_at_the_next_release()
    {
        using var db = Published(2000);
        var before = ContractRows.Load(db.Connection, new StatsFilter()).Rows.Count();
        var valid = Rows.Valid("late", ("platform", "Annotara"));
        var log = new ContractValidator().Validate(ContractColumns.All.Select(c => valid.GetValueOrDefault(c)).ToArray()).Log!;
        var receipt = SubmissionStore.Submit(db.Connection, [log]).ReceiptCode;
        ReviewQueue.Decide(db.Connection, ReviewQueue.Pending(db.Connection).Select(p => p.Id), approve: true);   // a log with notes waits for review
        Assert.AreEqual(before, ContractRows.Load(db.Connection, new StatsFilter()).Rows.Count(), "not published before a release");
        Releases.Cut(db.Connection, 1, DateTimeOffset.UnixEpoch, force: true);
        Assert.AreEqual(before + 1, ContractRows.Load(db.Connection, new StatsFilter()).Rows.Count(), "the release publishes it");
        AssertSameAsDatabase(db, new StatsFilter { By = ["platform"] });
        SubmissionStore.Delete(db.Connection, receipt);
        Assert.AreEqual(before + 1, ContractRows.Load(db.Connection, new StatsFilter()).Rows.Count(), "a deletion waits for the next release");
        AssertSameAsDatabase(db, new StatsFilter { By = ["platform"] });
        Releases.Cut(db.Connection, 1, DateTimeOffset.UnixEpoch.AddDays(1), force: true);
        Assert.AreEqual(before, ContractRows.Load(db.Connection, new StatsFilter()).Rows.Count(), "the next release leaves it out");
        AssertSameAsDatabase(db, new StatsFilter { By = ["platform"] });
    }

    [TestMethod, TestCategory(TestStore.SqliteOnly)]
    public void A_damaged_cut_short_or_missing_snapshot_is_read_from_the_database_and_written_again()
    {
        using var db = Published(1500);
        var path = PublishedSnapshot.PathOf(db.Path);
        ContractRows.Load(db.Connection, new StatsFilter());
        var whole = File.ReadAllBytes(path);
        foreach (var damage in new Func<byte[]>[]
        {
            () => [.. whole[..(whole.Length / 2)]],                       // cut short
            () => [.. whole.Select((b, i) => i < 12 ? (byte)'x' : b)],   // not ours
            () => [],                                                    // empty
            () => Counts(whole, -1),                                     // a count below zero
            () => Counts(whole, int.MaxValue),                           // a count past the file
            () => [.. whole.Select((b, i) => i == CountAt(whole) + 12 + 100 ? (byte)(b ^ 1) : b)],   // one bit of a row flipped
            () => [.. whole.Select((b, i) => i == whole.Length - 2 ? (byte)(b ^ 1) : b)],           // one bit of the codes (after the rows) flipped
        })
        {
            File.WriteAllBytes(path, damage());
            AssertSameAsDatabase(db, new StatsFilter { By = ["platform"] });
            CollectionAssert.AreEqual(whole, File.ReadAllBytes(path), "written again whole");
        }
        File.Delete(path);
        AssertSameAsDatabase(db, new StatsFilter());
        Assert.IsTrue(File.Exists(path));
    }

    /// <summary>The file with its row count set to <paramref name="count"/>.</summary>
    static byte[] Counts(byte[] whole, int count)
    {
        var copy = whole.ToArray();
        BitConverter.TryWriteBytes(copy.AsSpan(CountAt(whole), 4), count);
        return copy;
    }

    /// <summary>Where the row count is: after the magic, format, row size, version and last month.</summary>
    static int CountAt(byte[] whole)
    {
        using var reader = new BinaryReader(new MemoryStream(whole));
        reader.ReadBytes("LWPUBLISHED\n".Length);
        reader.ReadInt32();
        reader.ReadInt32();
        reader.ReadString();
        reader.ReadInt32();
        return (int)reader.BaseStream.Position;
    }

    [TestMethod]
    public void A_database_made_anew_at_the_same_path_never_reads_the_old_snapshot()
    {
        // Both databases count the same versions (one import, one release): only the random token tells them apart.
        var folder = Directory.CreateTempSubdirectory("laborwatch-snapshot-").FullName;
        try
        {
            var path = System.IO.Path.Combine(folder, "reused.db");
            foreach (var (rows, seed) in new[] { (1200, 1), (900, 2) })
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                foreach (var file in new[] { path, path + "-wal", path + "-shm" }) File.Delete(file);   // DB.published stays
                using var connection = LaborWatch.Data.Database.OpenMigrated(path);
                var csv = System.IO.Path.Combine(folder, $"sample-{seed}.csv");
                using (var writer = new StreamWriter(csv)) SampleGenerator.Write(writer, rows, seed);
                ContractImporter.Import(connection, csv);
                Releases.Cut(connection, Disclosure.DefaultK, DateTimeOffset.UnixEpoch);
                Assert.AreEqual(rows, ContractRows.Load(connection, new StatsFilter()).Rows.Count(), $"the {rows} logs of this database");
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod, TestCategory(TestStore.SqliteOnly)]   // the file beside the database
    public void Pages_of_one_version_share_the_rows_read_once_and_a_release_reads_them_anew()
    {
        using var db = Published(800);
        var first = ContractRows.Load(db.Connection, new StatsFilter()).Rows;
        Assert.AreSame(first, ContractRows.Load(db.Connection, new StatsFilter()).Rows, "read once for one version");
        File.WriteAllBytes(PublishedSnapshot.PathOf(db.Path), []);   // the file changed under it: read anew (and rebuilt)
        var again = ContractRows.Load(db.Connection, new StatsFilter()).Rows;
        Assert.AreNotSame(first, again);
        CollectionAssert.AreEqual(first.ToArray(), again.ToArray());
        var valid = Rows.Valid("late", ("platform", "Annotara"));
        ContractImporter.Import(db.Connection, db.WriteFile("late.csv", Rows.Csv(valid)));
        Releases.Cut(db.Connection, 1, DateTimeOffset.UnixEpoch, force: true);
        Assert.AreEqual(first.Count() + 1, ContractRows.Load(db.Connection, new StatsFilter()).Rows.Count(), "a new version: its rows");
    }

    [TestMethod, TestCategory(TestStore.SqliteOnly)]
    public void A_write_removes_what_a_writer_killed_part_way_left_but_not_a_write_at_work()
    {
        using var db = Published(300);
        var path = PublishedSnapshot.PathOf(db.Path);
        var dead = $"{path}.{Guid.NewGuid():N}.tmp";
        var working = $"{path}.{Guid.NewGuid():N}.tmp";
        File.WriteAllBytes(dead, new byte[1000]);
        File.SetLastWriteTimeUtc(dead, DateTime.UtcNow - PublishedSnapshot.LeftoverAge - TimeSpan.FromMinutes(1));
        File.WriteAllBytes(working, new byte[1000]);
        File.Delete(path);
        ContractRows.Load(db.Connection, new StatsFilter());   // rebuilds, so writes
        Assert.IsFalse(File.Exists(dead), "a leftover is removed");
        Assert.IsTrue(File.Exists(working), "a recent one may be another writer's, at work");
        Assert.IsTrue(File.Exists(path));
    }

    [TestMethod]
    public void A_row_keeps_every_value_in_its_narrow_fields()
    {
        var row = new ContractRow(2_000_000_000, 70_000, 209912, 0, 10, -1, 300, 2, 999_999_999_999, 1e6, 0.1, 1_000_000_000_000,
            true, true, LogStatus.Deactivated, null, 1040, 3650, 0, 0xFFFF, 0x8001, uint.MaxValue);
        Assert.AreEqual((2_000_000_000L, 70_000L, 209912, 0, 10, -1, 300, 2), (row.SubmitterId, row.PlatformId, row.StartMonth, row.EndMonth, row.TaskType, row.Country, row.Region, row.Currency));
        Assert.AreEqual((999_999_999_999L, 1e6, 0.1, 1_000_000_000_000L, true, true, LogStatus.Deactivated), (row.GrossPayMinor, row.PaidHours, row.UnpaidHours, row.AdvertisedHourlyMinor, row.HourlyPay, row.Synthetic, row.Status));
        Assert.AreEqual(((double?)null, (int?)1040, (int?)3650, (int?)0, 0xFFFF, 0x8001, uint.MaxValue), (row.NoticeHours, row.DurationWeeks, row.PaymentDelayDays, row.RateCut, row.FlagsAnswered, row.FlagsYes, row.RecordKey));
        var other = new ContractRow(1, 1, 202501, 202502, 0, 0, -1, 0, 0, 0, 0, 0, false, false, LogStatus.Active, 0.5, null, null, null, 0, 0) with { Status = LogStatus.Completed, DurationWeeks = 3 };
        Assert.AreEqual((0.5, LogStatus.Completed, 3, false, false), (other.NoticeHours, other.Status, other.DurationWeeks, other.HourlyPay, other.Synthetic));
        Assert.AreEqual((int?)null, other.PaymentDelayDays);
        Assert.AreEqual((int?)null, other.RateCut);
    }
}
