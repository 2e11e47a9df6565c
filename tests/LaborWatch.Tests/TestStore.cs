using LaborWatch.Data;
using Npgsql;

namespace LaborWatch.Tests;

/// <summary>
/// The store the suite runs on. By default every test database is a SQLite file; with LABORWATCH_TEST_POSTGRES
/// set to a server's URI (scripts/test.sh starts a throwaway cluster and sets it), each is a new PostgreSQL
/// database on that server, dropped after. Tests of SQLite's own file (damage, WAL, the published snapshot beside
/// it, a small disk) carry <see cref="SqliteOnly"/> and are left out of the PostgreSQL run.
/// </summary>
public static class TestStore
{
    public const string Variable = "LABORWATCH_TEST_POSTGRES";

    /// <summary>The category of tests about the SQLite file itself (scripts/test.sh filters them out on PostgreSQL).</summary>
    public const string SqliteOnly = "sqlite-only";

    public static string? Server => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } uri ? uri : null;

    public static bool Postgres => Server is not null;

    /// <summary>A new, empty store: <paramref name="fileName"/> in the folder, or a new database on the PostgreSQL server.</summary>
    public static string NewTarget(string folder, string fileName)
    {
        if (Server is not { } server) return Path.Combine(folder, fileName);
        var name = "lw_test_" + Guid.NewGuid().ToString("N")[..16];
        using (var admin = new NpgsqlConnection(Store.ConnectionString(server)))
        {
            admin.Open();
            using var create = admin.CreateCommand();
            // A linguistic collation, as a production database usually has (ICU en-US: "a" before "B", punctuation
            // skipped), so that the suite sees any ORDER BY that sorts otherwise than SQLite's bytes.
            create.CommandText = $"CREATE DATABASE {name} TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C'";
            create.ExecuteNonQuery();
        }
        var uri = new UriBuilder(server) { Path = "/" + name };
        return uri.Uri.ToString();
    }

    /// <summary>
    /// Gives a test database one fixed noise secret. A database's own is random, so every figure of the synopsis, and the
    /// share of cells an attack recovers or a median's error, would differ from run to run: a test near its threshold
    /// would pass or fail by chance. With this each test runs in one fixed world, the same on every run and store.
    /// </summary>
    public static void FixNoiseSecret(System.Data.Common.DbConnection connection) =>
        Dapper.SqlMapper.Execute(connection, "UPDATE noise_secret SET secret = @secret", new { secret = FixedNoiseSecret });

    public const string FixedNoiseSecret = "6c61626f7277617463682074657374732c206f6e6520666978656420776f726c64";

    /// <summary>Drops a database <see cref="NewTarget"/> made (its pool first); a SQLite file goes with its folder.</summary>
    public static void Drop(string target)
    {
        if (!Store.IsPostgresUri(target) || Server is not { } server) return;
        Database.Forget(target);
        using var admin = new NpgsqlConnection(Store.ConnectionString(server));
        admin.Open();
        using var drop = admin.CreateCommand();
        drop.CommandText = $"DROP DATABASE IF EXISTS {new Uri(target).AbsolutePath.Trim('/')} WITH (FORCE)";
        drop.ExecuteNonQuery();
    }
}
