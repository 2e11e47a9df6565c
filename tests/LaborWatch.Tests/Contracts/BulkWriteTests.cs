using Dapper;
using LaborWatch.Contracts;
using LaborWatch.Data;
using Microsoft.Data.Sqlite;

namespace LaborWatch.Tests.Contracts;

/// <summary>
/// An import's connection skips the per-row foreign key and CHECK evaluation and leaves checkpoints to a thread of
/// its own (<see cref="BulkWrite"/>): the connection must come back as it was, whatever the import's end (a pooled
/// connection keeps its pragmas, and the next user would write unchecked), and the WAL must be copied by the end.
/// </summary>
[TestClass, TestCategory(TestStore.SqliteOnly)]
public sealed class BulkWriteTests
{
    static (long ForeignKeys, long IgnoreChecks, long AutoCheckpoint, long CacheSize) Pragmas(System.Data.Common.DbConnection c) => (
        c.ExecuteScalar<long>("PRAGMA foreign_keys"), c.ExecuteScalar<long>("PRAGMA ignore_check_constraints"),
        c.ExecuteScalar<long>("PRAGMA wal_autocheckpoint"), c.ExecuteScalar<long>("PRAGMA cache_size"));

    [TestMethod]
    public void The_connection_comes_back_as_it_was_after_an_import_done_or_refused()
    {
        using var db = new TestDatabase();
        var before = Pragmas(db.Connection);
        Assert.AreEqual((1L, 0L), (before.ForeignKeys, before.IgnoreChecks), "every connection starts with both checks");

        ContractImporter.Import(db.Connection, db.WriteFile("good.csv", Rows.Csv(Rows.Valid("a"), Rows.Valid("b"))));
        Assert.AreEqual(before, Pragmas(db.Connection), "after an import");

        var bad = db.WriteFile("bad.csv", Rows.Csv(Rows.Valid("c"), Rows.Valid("d", ("currency", "dollars"))));
        Assert.ThrowsExactly<ImportRejectedException>(() => ContractImporter.Import(db.Connection, bad));
        Assert.AreEqual(before, Pragmas(db.Connection), "after a refused import");

        // And the checks really are on again: a log naming no platform is refused on this connection.
        var e = Assert.ThrowsExactly<SqliteException>(() => db.Connection.Execute("UPDATE contracts SET platform_id = 999999"));
        StringAssert.Contains(e.Message, "FOREIGN KEY");
        e = Assert.ThrowsExactly<SqliteException>(() => db.Connection.Execute("UPDATE contracts SET moderation = 'maybe'"));
        StringAssert.Contains(e.Message, "CHECK");
    }

    [TestMethod]
    public void While_writing_the_writer_never_checkpoints_and_by_the_end_the_wal_is_copied()
    {
        using var db = new TestDatabase();
        db.Connection.Execute("PRAGMA wal_checkpoint(TRUNCATE)");
        var before = new FileInfo(db.Path).Length;
        using (var bulk = new BulkWrite(db.Connection))
        {
            Assert.AreEqual(0L, db.Connection.ExecuteScalar<long>("PRAGMA wal_autocheckpoint"), "the committing thread leaves checkpoints to the other");
            for (var i = 0; i < 3; i++)
            {
                using var tx = db.Connection.BeginWrite();
                db.Connection.Execute("INSERT INTO settings(name, value) VALUES (@name, zeroblob(200000))", new { name = $"bulk-{i}" }, tx);
                tx.Commit();
                bulk.Committed();
            }
        }
        // Read before anything else checkpoints: the file itself grew by the three writes, about 600 KB (the WAL was copied into it).
        Assert.IsTrue(new FileInfo(db.Path).Length >= before + 500_000, $"{before} -> {new FileInfo(db.Path).Length} bytes");
    }
}
