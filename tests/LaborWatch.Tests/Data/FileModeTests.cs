using LaborWatch.Contracts;
using LaborWatch.Data;
using LaborWatch.Privacy;

namespace LaborWatch.Tests.Data;

/// <summary>The files that hold workers' logs are the owner's alone (0600), whatever the umask says.</summary>
[TestClass, TestCategory(TestStore.SqliteOnly), System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class FileModeTests
{
    static string Mode(string path) => Convert.ToString((int)File.GetUnixFileMode(path), 8);

    [TestMethod]
    public void The_database_its_wal_and_shm_the_snapshot_and_a_backup_are_created_owner_only()
    {
        using var db = new TestDatabase();
        ContractImporter.Import(db.Connection, db.WriteFile("logs.csv", Rows.Csv(Rows.Valid("a"), Rows.Valid("b", ("gross_pay", "300")))));
        Releases.Cut(db.Connection, 1, DateTimeOffset.UnixEpoch, force: true);
        ContractRows.Load(db.Connection, new LaborWatch.Contracts.StatsFilter());   // writes the published snapshot
        foreach (var path in new[] { db.Path, db.Path + "-wal", db.Path + "-shm", PublishedSnapshot.PathOf(db.Path) })
        {
            Assert.IsTrue(File.Exists(path), path);
            Assert.AreEqual("600", Mode(path), path);
        }

        var backup = Path.Combine(db.Folder, "backup.db");
        var result = Cli.Cli.Run(db.Path, "backup", "--out", backup);
        Assert.AreEqual(0, result.ExitCode, result.Stderr);
        Assert.AreEqual("600", Mode(backup), "the backup");
    }

    [TestMethod]
    public void A_database_made_world_readable_before_is_tightened_when_opened()
    {
        var folder = Directory.CreateTempSubdirectory("laborwatch-modes-").FullName;
        var path = Path.Combine(folder, "old.db");
        using (Database.OpenMigrated(path)) { }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.SetUnixFileMode(path, (UnixFileMode)Convert.ToInt32("644", 8));
        using (Database.OpenMigrated(path))
            Assert.AreEqual("600", Mode(path));
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }
}
