using Microsoft.Data.Sqlite;

namespace LaborWatch.Data;

/// <summary>Opens the one SQLite file LaborWatch keeps, with the pragmas every connection needs, migrated.</summary>
public static class Database
{
    public const string DefaultPath = "data/laborwatch.db";
    public const string PathVariable = "LABORWATCH_DB";

    /// <summary>--db wins, then LABORWATCH_DB, then data/laborwatch.db under the working folder.</summary>
    public static string ResolvePath(string? fromOption) =>
        !string.IsNullOrWhiteSpace(fromOption) ? fromOption
        : Environment.GetEnvironmentVariable(PathVariable) is { Length: > 0 } fromEnv ? fromEnv
        : DefaultPath;

    /// <summary>Opens (creating if needed) and brings the schema and reference tables up to date.</summary>
    public static SqliteConnection OpenMigrated(string path)
    {
        var connection = Open(path);
        try
        {
            Migrator.Apply(connection);
            ReferenceLoader.Refresh(connection);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public static SqliteConnection Open(string path)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null) Directory.CreateDirectory(folder);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            DefaultTimeout = 30,
        }.ToString());
        connection.Open();
        using var pragmas = connection.CreateCommand();
        // WAL lets the dashboard read while an import writes; NORMAL is durable at every checkpoint in WAL mode.
        // secure_delete overwrites deleted content so a deleted log is really gone from the file.
        pragmas.CommandText = """
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = NORMAL;
            PRAGMA foreign_keys = ON;
            PRAGMA busy_timeout = 5000;
            PRAGMA secure_delete = ON;
            """;
        pragmas.ExecuteNonQuery();
        return connection;
    }
}
