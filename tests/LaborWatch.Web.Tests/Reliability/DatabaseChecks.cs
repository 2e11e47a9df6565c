using Dapper;
using Microsoft.Data.Sqlite;

namespace LaborWatch.Web.Tests.Reliability;

/// <summary>What must hold of a database file after any crash or fault: SQLite's own checks, read by a fresh connection.</summary>
public static class DatabaseChecks
{
    public static SqliteConnection OpenReadOnly(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    /// <summary>integrity_check is "ok" and foreign_key_check finds nothing; else the failure names both.</summary>
    public static void AssertSound(string path, string when)
    {
        using var db = OpenReadOnly(path);
        var integrity = string.Join("; ", db.Query<string>("PRAGMA integrity_check"));
        Assert.AreEqual("ok", integrity, $"{when}: integrity_check");
        var orphans = db.Query("PRAGMA foreign_key_check").Count();
        Assert.AreEqual(0, orphans, $"{when}: foreign_key_check found {orphans} row(s) pointing at nothing");
    }

    /// <summary>
    /// Whether the table exists yet: a process killed at its very start (now that a scrape of 300 pages takes well under
    /// a second, a kill can land there) leaves a database its migrations have not reached, which holds none of its work.
    /// </summary>
    public static bool HasTable(string path, string table) =>
        Count(path, $"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '{table}'") == 1;

    /// <param name="path">a SQLite file, or a PostgreSQL database's URI (the PostgreSQL pass of the suite)</param>
    public static long Count(string path, string sql)
    {
        using System.Data.Common.DbConnection db = LaborWatch.Data.Store.IsPostgresUri(path) ? LaborWatch.Data.Database.Open(path) : OpenReadOnly(path);
        return db.ExecuteScalar<long>(sql);
    }
}
