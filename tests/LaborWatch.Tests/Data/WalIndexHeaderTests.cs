using LaborWatch.Data;
using Microsoft.Data.Sqlite;

namespace LaborWatch.Tests.Data;

/// <summary>
/// The WAL-index header the web server's version check reads instead of asking SQLite: it must change with
/// every commit, hold still otherwise, and refuse a header a writer is half way through (the two copies differ).
/// </summary>
[TestClass, TestCategory(TestStore.SqliteOnly)]
public sealed class WalIndexHeaderTests
{
    string _folder = "";

    [TestInitialize]
    public void Folder() => _folder = Directory.CreateTempSubdirectory("laborwatch-walheader-").FullName;

    [TestCleanup]
    public void Clean()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [TestMethod]
    public void Every_commit_changes_the_header_and_reads_do_not()
    {
        var path = Path.Combine(_folder, "wal.db");
        using var writer = (SqliteConnection)Database.Open(path);
        Exec(writer, "CREATE TABLE t (x INTEGER)");
        using var header = WalIndexHeader.Of(writer);
        Assert.IsNotNull(header, "a file in WAL mode has a header to read");
        var seen = new HashSet<WalIndexHeader.Snapshot>();
        for (var i = 0; i < 50; i++)
        {
            Assert.IsTrue(header.TryRead(out var before));
            Exec(writer, "SELECT count(*) FROM t");
            Assert.IsTrue(header.TryRead(out var afterRead));
            Assert.AreEqual(before, afterRead, "a read changed the header");
            Assert.IsTrue(seen.Add(before), $"commit {i}: the header is one seen before");
            Exec(writer, $"INSERT INTO t VALUES ({i})");
            Assert.IsTrue(header.TryRead(out var afterCommit));
            Assert.AreNotEqual(before, afterCommit, $"commit {i} left the header as it was");
        }
        // A checkpoint that empties the WAL: the next commit starts it again from the top, and the header still moves.
        Exec(writer, "PRAGMA wal_checkpoint(TRUNCATE)");
        Assert.IsTrue(header.TryRead(out var truncated));
        Exec(writer, "INSERT INTO t VALUES (-1)");
        Assert.IsTrue(header.TryRead(out var restarted));
        Assert.AreNotEqual(truncated, restarted);
        Assert.IsFalse(seen.Contains(restarted), "the first commit of a restarted WAL looks like an old header");
    }

    [TestMethod]
    public void Copies_that_differ_are_a_writer_midway_and_are_not_read()
    {
        var shm = Path.Combine(_folder, "fake.db-shm");
        var bytes = new byte[32 * 1024];
        for (var i = 0; i < 48; i++) bytes[i] = bytes[48 + i] = (byte)(i + 1);
        File.WriteAllBytes(shm, bytes);
        using (var header = WalIndexHeader.Open(shm)!)
        {
            Assert.IsTrue(header.TryRead(out var read));
            Assert.AreEqual(BitConverter.ToUInt64(bytes, 40), read.W5);
        }
        bytes[48 + 8] ^= 1;   // the second copy's change counter, written first by a commit
        File.WriteAllBytes(shm, bytes);
        using (var header = WalIndexHeader.Open(shm)!)
            Assert.IsFalse(header.TryRead(out _));
    }

    [TestMethod]
    public void No_header_to_read_in_memory_in_another_journal_mode_or_without_a_shm_file()
    {
        using (var memory = new SqliteConnection("Data Source=:memory:"))
        {
            memory.Open();
            Assert.IsNull(WalIndexHeader.Of(memory));
        }
        var path = Path.Combine(_folder, "rollback.db");
        using (var rollback = new SqliteConnection($"Data Source={path}"))
        {
            rollback.Open();
            Exec(rollback, "PRAGMA journal_mode=DELETE; CREATE TABLE t (x INTEGER)");
            File.WriteAllBytes(path + "-shm", new byte[32 * 1024]);   // a leftover no connection writes
            Assert.IsNull(WalIndexHeader.Of(rollback), "a leftover -shm file beside a rollback-journal database was read");
        }
        Assert.IsNull(WalIndexHeader.Open(Path.Combine(_folder, "missing.db-shm")));
        File.WriteAllBytes(Path.Combine(_folder, "short.db-shm"), new byte[50]);
        Assert.IsNull(WalIndexHeader.Open(Path.Combine(_folder, "short.db-shm")));
    }

    static void Exec(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
