using System.Data.Common;
using Npgsql;

namespace LaborWatch.Data;

/// <summary>
/// What differs between the two stores LaborWatch runs on, in one place: SQLite (the embedded default, one file)
/// and PostgreSQL (several servers over one database). Everything else is the same ADO.NET connection and the same
/// SQL; where the SQL differs, <see cref="Sql"/> keeps the two beside each other at the call.
/// </summary>
public static class Store
{
    /// <summary>
    /// The one lock every writing transaction takes on PostgreSQL, as SQLite's BEGIN IMMEDIATE takes its file's write
    /// lock: the stores' read-then-write steps (dedup, rate limits, release marks, import counts) were written for
    /// one writer at a time and stay correct unchanged. Writes are short (imports commit in chunks), so one lock
    /// costs little; a number of our own, unlikely to be any other program's.
    /// </summary>
    internal const long WriteLock = 0x4C61626F72576174;   // "LaborWat"

    public static bool IsPostgres(this DbConnection connection) => connection is NpgsqlConnection;

    /// <summary>The SQLite text or its PostgreSQL twin, for this connection.</summary>
    public static string Sql(this DbConnection connection, string sqlite, string postgres) =>
        connection is NpgsqlConnection ? postgres : sqlite;

    /// <summary>
    /// Appended to a text column in ORDER BY: PostgreSQL sorts text by the database's collation (en-US puts "a" before
    /// "B" and skips punctuation), SQLite byte by byte. Byte order on both, so lists come out in one order everywhere.
    /// </summary>
    public static string Bytewise(this DbConnection connection) => connection is NpgsqlConnection ? " COLLATE \"C\"" : "";

    /// <summary>A transaction that holds the store's write lock from its start (no deadlock from two readers upgrading).</summary>
    public static DbTransaction BeginWrite(this DbConnection connection)
    {
        if (connection is Microsoft.Data.Sqlite.SqliteConnection sqlite) return sqlite.BeginTransaction(deferred: false);
        var tx = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = $"SELECT pg_advisory_xact_lock({WriteLock})";
        command.ExecuteNonQuery();
        return tx;
    }

    /// <summary>Adds a named parameter (written @name in the SQL, which both stores read).</summary>
    public static DbParameter Bind(this DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return parameter;
    }

    /// <summary>True for a PostgreSQL URI (postgresql:// or postgres://), the form --db and LABORWATCH_DB take for it.</summary>
    public static bool IsPostgresUri(string target) =>
        target.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase) || target.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The Npgsql connection string of a postgresql://user[:password]@host[:port]/database[?key=value] URI. Query
    /// keys are Npgsql's own (sslmode=require, say).
    /// </summary>
    public static string ConnectionString(string uri)
    {
        if (!Uri.TryCreate(uri, UriKind.Absolute, out var u) || string.IsNullOrEmpty(u.Host))
            throw new ArgumentException($"--db: '{Redacted(uri)}' is not a PostgreSQL URI of the form postgresql://user[:password]@host[:port]/database");
        var database = Uri.UnescapeDataString(u.AbsolutePath.TrimStart('/'));
        if (database.Length == 0)
            throw new ArgumentException($"--db: '{Redacted(uri)}' names no database: postgresql://user[:password]@host[:port]/database");
        var user = u.UserInfo.Split(':', 2);
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = u.Host,
            Port = u.IsDefaultPort || u.Port <= 0 ? 5432 : u.Port,
            Database = database,
            Username = user[0].Length > 0 ? Uri.UnescapeDataString(user[0]) : null,
            Password = user.Length > 1 ? Uri.UnescapeDataString(user[1]) : null,
            // Commands wait as long as SQLite's busy timeout for a lock; the pool is per process, as SQLite's.
            CommandTimeout = Database.BusyTimeoutSeconds,
            Timeout = 15,
        };
        foreach (var pair in u.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            try { builder[Uri.UnescapeDataString(kv[0])] = kv.Length > 1 ? Uri.UnescapeDataString(kv[1]) : ""; }
            catch (ArgumentException e) { throw new ArgumentException($"--db: the URI's option '{kv[0]}' is not one Npgsql knows: {e.Message}"); }
        }
        return builder.ConnectionString;
    }

    /// <summary>The URI without its password, for messages and logs.</summary>
    public static string Redacted(string target) =>
        System.Text.RegularExpressions.Regex.Replace(target, "^([a-z]+://[^:/@]*):[^@]*@", "$1:***@", System.Text.RegularExpressions.RegexOptions.IgnoreCase);
}
