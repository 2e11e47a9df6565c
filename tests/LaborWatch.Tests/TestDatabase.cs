using LaborWatch.Data;
using Microsoft.Data.Sqlite;

namespace LaborWatch.Tests;

/// <summary>A real SQLite file in a fresh temp folder, migrated; deleted (with its WAL) on dispose.</summary>
public sealed class TestDatabase : IDisposable
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("laborwatch-test-").FullName;
    public string Path => System.IO.Path.Combine(Folder, "test.db");
    public SqliteConnection Connection { get; }

    public TestDatabase() => Connection = Database.OpenMigrated(Path);

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
