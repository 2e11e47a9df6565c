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
        Directory.Delete(Folder, recursive: true);
    }
}
