using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace LaborWatch.Data;

/// <summary>
/// Opens the store LaborWatch keeps, migrated: a SQLite file (the default, with the pragmas every connection needs)
/// or a PostgreSQL database named by a postgresql:// URI (<see cref="Store"/>).
/// </summary>
public static class Database
{
    public const string DefaultPath = "data/laborwatch.db";
    public const string PathVariable = "LABORWATCH_DB";
    /// <summary>
    /// How long a write waits for another writer's lock before it fails: SQLite's busy handler (<see cref="BusyWait"/>) and
    /// Microsoft.Data.Sqlite's own retry of a busy command (its DefaultTimeout), set to the same number.
    /// </summary>
    public const int BusyTimeoutSeconds = 30;

    /// <summary>--db wins, then LABORWATCH_DB, then data/laborwatch.db under the working folder.</summary>
    public static string ResolvePath(string? fromOption) =>
        !string.IsNullOrWhiteSpace(fromOption) ? fromOption
        : Environment.GetEnvironmentVariable(PathVariable) is { Length: > 0 } fromEnv ? fromEnv
        : DefaultPath;

    /// <summary>
    /// Opens (creating if needed) and brings the schema and reference tables up to date. A file that is not a
    /// LaborWatch database (damaged, or another program's) is refused before anything is written to it.
    /// </summary>
    public static DbConnection OpenMigrated(string path)
    {
        var connection = Open(path, verify: true);
        try
        {
            Migrator.Apply(connection);
            ReferenceLoader.Refresh(connection);
            return connection;
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw DatabaseFaults.Explain(e, path);
        }
        catch (NpgsqlException e)
        {
            connection.Dispose();
            throw DatabaseFaults.Explain(e, path);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Reads every page of the file (PRAGMA quick_check, about a second a million logs): serve runs it at start,
    /// so a damaged file is refused then, not found by a visitor, and never written to.
    /// </summary>
    public static void CheckIntact(DbConnection connection, string path)
    {
        if (connection.IsPostgres()) return;   // the server checks its own pages (data checksums are its setting)
        var problems = Dapper.SqlMapper.Query<string>(connection, "PRAGMA quick_check(5)").ToList();
        if (problems is not ["ok"]) throw new InvalidDataException(DatabaseFaults.Damaged(Path.GetFullPath(path), string.Join("; ", problems)));
    }

    /// <summary>A connection to a file that has been opened once with <see cref="OpenMigrated"/> (each request of the web app).</summary>
    public static DbConnection Open(string path) => Open(path, verify: false);

    /// <param name="verify">refuse another program's database before anything is written to it: every verb and serve's
    /// start do (through OpenMigrated); a request, on a file serve already checked, need not ask again</param>
    static DbConnection Open(string path, bool verify)
    {
        if (Store.IsPostgresUri(path)) return OpenPostgres(path);
        // Any other URI used to become a SQLite file in a folder named "mysql:", say: say what is supported instead.
        if (System.Text.RegularExpressions.Regex.IsMatch(path, "^[a-z][a-z0-9+.-]*://", System.Text.RegularExpressions.RegexOptions.IgnoreCase))
            throw new ArgumentException($"--db: '{path.Split("://")[0]}://...' is not a store LaborWatch knows: give the path of a SQLite file or a postgresql://user[:password]@host[:port]/database URI");
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null) Directory.CreateDirectory(folder);
        // A new file is made owner-only before SQLite creates it (its WAL and -shm copy the mode). Only on the checked open
        // that every verb and serve's start make: a request's open, on a file that exists, need not look.
        if (verify && path is not ("" or ":memory:") && !path.StartsWith("file:", StringComparison.Ordinal)) OwnerOnly.Create(path);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            DefaultTimeout = BusyTimeoutSeconds,
        }.ToString());
        try
        {
            connection.Open();
            BusyWait.Install(connection);   // before anything that may wait for a lock (WAL on a new file writes)
            // Before WAL is turned on (which writes the header): a file SQLite cannot read as a database stops
            // here, and so does another program's database given as --db by mistake (our tables are not added to it).
            var tables = new List<string>();
            if (verify)
            {
                // Raw, as every query of the start-up path: Dapper's first query of a type costs 20-35 ms of code generation.
                using var names = new RawQuery(connection, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'", []);
                while (names.Step()) tables.Add(names.Text(0)!);
            }
            if (tables.Count > 0 && !tables.Contains("schema_migrations"))
            {
                connection.Dispose();
                throw new InvalidDataException(DatabaseFaults.Damaged(Path.GetFullPath(path),
                    $"a SQLite database of another program: tables {string.Join(", ", tables.Take(5))}"));
            }
            using var pragmas = connection.CreateCommand();
            // A new file gets 16 KB pages (an existing one keeps its own: the pragma changes nothing once a table
            // exists): inserting a million logs took SQLite 4.6-5.1 s with them against 6.1-6.8 s with the default 4 KB.
            // WAL lets the dashboard read while an import writes; NORMAL is durable at every checkpoint in WAL mode.
            // secure_delete overwrites deleted content so a deleted log is really gone from the file.
            pragmas.CommandText = """
                PRAGMA page_size = 16384;
                PRAGMA journal_mode = WAL;
                PRAGMA synchronous = NORMAL;
                PRAGMA foreign_keys = ON;
                PRAGMA secure_delete = ON;
                """;
            pragmas.ExecuteNonQuery();
            if (verify && path is not ("" or ":memory:")) OwnerOnly.Tighten(path, path + "-wal", path + "-shm");   // a file made before they were kept owner-only
            return connection;
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw DatabaseFaults.Explain(e, path);
        }
    }

    /// <summary>Npgsql's data sources by URI: each keeps the pool of its connections (one per process, as SQLite's).</summary>
    static readonly System.Collections.Concurrent.ConcurrentDictionary<string, NpgsqlDataSource> Sources = new();

    /// <summary>Closes the pool of a PostgreSQL database (before it is dropped, say); nothing for a SQLite file.</summary>
    public static void Forget(string uri)
    {
        if (Sources.TryRemove(uri, out var source)) source.Dispose();
    }

    static DbConnection OpenPostgres(string uri)
    {
        var source = Sources.GetOrAdd(uri, u => NpgsqlDataSource.Create(Store.ConnectionString(u)));
        try
        {
            return source.OpenConnection();
        }
        catch (NpgsqlException e)
        {
            throw DatabaseFaults.Explain(e, uri);
        }
    }
}
