using Dapper;
using LaborWatch.Data;
using Microsoft.Data.Sqlite;

namespace LaborWatch.Tests.Data;

[TestClass]
public sealed class MigrationTests
{
    [TestMethod]
    public void Applies_every_migration_to_an_empty_file_and_records_it()
    {
        using var db = new TestDatabase();
        var versions = db.Connection.Query<int>("SELECT version FROM schema_migrations ORDER BY version").ToList();
        CollectionAssert.AreEqual(Migrator.For(db.Connection).Select(m => m.Version).ToList(), versions);
        Assert.IsGreaterThanOrEqualTo(2, versions.Count);
        Assert.AreEqual(0L, db.Connection.ExecuteScalar<long>("SELECT count(*) FROM contracts"));
    }

    [TestMethod]
    public void Every_migration_has_its_PostgreSQL_twin_of_the_same_version_and_name()
    {
        CollectionAssert.AreEqual(Migrator.All.Select(m => $"{m.Version:D4}_{m.Name}").ToList(),
            Migrator.Postgres.Select(m => $"{m.Version:D4}_{m.Name}").ToList(),
            "a migration added to Data/Migrations needs its twin in Data/Migrations/postgres");
    }

    [TestMethod]
    public void Applying_again_to_a_migrated_file_changes_nothing()
    {
        using var db = new TestDatabase();
        db.Connection.Execute("INSERT INTO platforms(slug, name) VALUES ('kept', 'Kept')");
        Assert.AreEqual(0, Migrator.Apply(db.Connection));
        using var reopened = Database.OpenMigrated(db.Path);
        Assert.AreEqual("Kept", reopened.ExecuteScalar<string>("SELECT name FROM platforms WHERE slug = 'kept'"));
        Assert.AreEqual((long)Migrator.For(reopened).Count, reopened.ExecuteScalar<long>("SELECT count(*) FROM schema_migrations"));
    }

    [TestMethod, TestCategory(TestStore.SqliteOnly)]
    public void Connection_uses_wal_foreign_keys_and_waits_for_a_held_write_lock()
    {
        using var db = new TestDatabase();
        Assert.AreEqual("wal", db.Connection.ExecuteScalar<string>("PRAGMA journal_mode"));
        Assert.AreEqual(1L, db.Connection.ExecuteScalar<long>("PRAGMA foreign_keys"));
        Assert.AreEqual(1L, db.Connection.ExecuteScalar<long>("PRAGMA synchronous"), "NORMAL is 1");

        // Another connection holds the write lock for a moment. SQLite itself (not Microsoft.Data.Sqlite's own retry,
        // which a raw call bypasses) must wait for it through BusyWait: with no handler the BEGIN fails at once, BUSY.
        using var waiting = (SqliteConnection)Database.Open(db.Path);
        var holder = db.Connection.BeginWrite();
        var released = Task.Run(async () => { await Task.Delay(300); holder.Commit(); holder.Dispose(); });
        Assert.AreEqual(SQLitePCL.raw.SQLITE_OK, SQLitePCL.raw.sqlite3_exec(waiting.Handle!, "BEGIN IMMEDIATE"), "waited for the lock, then took it");
        released.Wait();
        Assert.AreEqual(SQLitePCL.raw.SQLITE_OK, SQLitePCL.raw.sqlite3_exec(waiting.Handle!, "COMMIT"));
    }

    [TestMethod]
    public void A_database_from_a_newer_version_is_refused_with_a_clear_message()
    {
        using var db = new TestDatabase();
        db.Connection.Execute("INSERT INTO schema_migrations(version, name, sha256) VALUES (9999, 'future', 'x')");
        var e = Assert.ThrowsExactly<InvalidDataException>(() => Migrator.Apply(db.Connection));
        StringAssert.Contains(e.Message, "9999");
    }

    [TestMethod, TestCategory(TestStore.SqliteOnly)]   // PostgreSQL's DDL is transactional too, by the server's design
    public void A_failing_migration_leaves_no_trace()
    {
        using var db = new TestDatabase();
        // The migrator wraps each migration in a transaction: the same must hold for any SQL it runs.
        using var tx = db.Connection.BeginTransaction();
        db.Connection.Execute("CREATE TABLE half_done(x)", transaction: tx);
        Assert.ThrowsExactly<SqliteException>(() => db.Connection.Execute("CREATE TABLE broken(", transaction: tx));
        tx.Rollback();
        Assert.AreEqual(0L, db.Connection.ExecuteScalar<long>("SELECT count(*) FROM sqlite_master WHERE name = 'half_done'"));
    }

    [TestMethod]
    public void Reference_tables_are_loaded_and_reloaded_when_the_shipped_file_changes()
    {
        using var db = new TestDatabase();
        Assert.AreEqual(16.5, db.Connection.ExecuteScalar<double>("SELECT hourly FROM ref_min_wage WHERE code = 'US-CA' AND year = 2025"));
        Assert.AreEqual(0.886, db.Connection.ExecuteScalar<double>("SELECT units_per_usd FROM ref_fx_usd WHERE currency = 'EUR' AND year = 2025"));
        Assert.AreEqual(0L, db.Connection.ExecuteScalar<long>("SELECT minor_units FROM ref_currencies WHERE code = 'JPY'"));

        // Simulate an older copy: a stale row and a version that no longer matches the shipped file.
        db.Connection.Execute("INSERT INTO ref_fx_usd VALUES ('XXX', 2025, 1, 'stale')");
        db.Connection.Execute("UPDATE reference_versions SET sha256 = 'old' WHERE name = 'fx_usd'");
        ReferenceLoader.Refresh(db.Connection);
        Assert.AreEqual(0L, db.Connection.ExecuteScalar<long>("SELECT count(*) FROM ref_fx_usd WHERE currency = 'XXX'"));
    }

    [TestMethod]
    public void A_migration_changed_after_it_was_applied_is_refused_with_a_clear_message()
    {
        using var db = new TestDatabase();
        db.Connection.Execute("UPDATE schema_migrations SET sha256 = 'edited' WHERE version = 1");
        var e = Assert.ThrowsExactly<InvalidDataException>(() => Migrator.Apply(db.Connection));
        StringAssert.Contains(e.Message, "migration 0001_contracts differs from the one applied");
    }
}
