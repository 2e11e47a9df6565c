using LaborWatch.Data;
using Microsoft.Data.Sqlite;

namespace LaborWatch.Tests;

/// <summary>
/// A real store, migrated: a SQLite file in a fresh temp folder (deleted with its WAL on dispose), or a new
/// PostgreSQL database when the suite runs on PostgreSQL (<see cref="TestStore"/>; dropped on dispose). The temp
/// folder is there on both, for the files a test writes.
/// </summary>
public sealed class TestDatabase : IDisposable
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("laborwatch-test-").FullName;
    /// <summary>What --db takes: the file's path, or the PostgreSQL database's URI.</summary>
    public string Path { get; }
    public System.Data.Common.DbConnection Connection { get; }

    public TestDatabase()
    {
        Path = TestStore.NewTarget(Folder, "test.db");
        Connection = Database.OpenMigrated(Path);
        TestStore.FixNoiseSecret(Connection);
    }

    /// <summary>Writes a file into the temp folder and returns its path.</summary>
    public string WriteFile(string name, string content)
    {
        var path = System.IO.Path.Combine(Folder, name);
        File.WriteAllText(path, content);
        return path;
    }

    public void Dispose()
    {
        Connection.Dispose();
        SqliteConnection.ClearAllPools();
        TestStore.Drop(Path);
        // The last connection to close removes the -wal and -shm files; a pool cleared by a test running in
        // parallel can close one of ours a moment later, while the folder is being emptied ("Directory not empty").
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                Directory.Delete(Folder, recursive: true);
                return;
            }
            catch (IOException) when (attempt < 5)
            {
                Thread.Sleep(100 * attempt);
            }
        }
    }
}
