using System.Data.Common;
using System.Reflection;
using Dapper;

namespace LaborWatch.Data;

/// <summary>
/// Forward-only numbered migrations (Data/Migrations/NNNN_name.sql, embedded), each applied in its own
/// transaction and recorded in schema_migrations. Every verb runs this first.
/// </summary>
public static class Migrator
{
    const string Prefix = "LaborWatch.Migrations.", PostgresPrefix = "LaborWatch.PostgresMigrations.";

    public sealed record Migration(int Version, string Name, string Sql)
    {
        public string Sha256 { get; } = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Sql)));
    }

    /// <summary>SQLite's migrations (Data/Migrations/*.sql).</summary>
    public static IReadOnlyList<Migration> All { get; } = LoadEmbedded(Prefix);

    /// <summary>Their PostgreSQL twins (Data/Migrations/postgres/*.sql): the same versions and names, each step in PostgreSQL's SQL.</summary>
    public static IReadOnlyList<Migration> Postgres { get; } = LoadEmbedded(PostgresPrefix);

    public static IReadOnlyList<Migration> For(DbConnection connection) => connection.IsPostgres() ? Postgres : All;

    public static int Apply(DbConnection connection)
    {
        if (!connection.IsPostgres()) return ApplyUnlocked(connection);
        // Two servers starting at once over one database: one migrates while the other waits, then finds it done.
        using (var command = connection.CreateCommand())
        {
            command.CommandText = $"SELECT pg_advisory_lock({Store.WriteLock})";
            command.ExecuteNonQuery();
        }
        try
        {
            return ApplyUnlocked(connection);
        }
        finally
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT pg_advisory_unlock({Store.WriteLock})";
            command.ExecuteNonQuery();
        }
    }

    static int ApplyUnlocked(DbConnection connection)
    {
        var all = For(connection);
        // Raw commands on the start-up path of every verb: Dapper's first query of a type costs 20-35 ms.
        using (var create = connection.CreateCommand())
        {
            create.CommandText = """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version BIGINT PRIMARY KEY,
                    name TEXT NOT NULL,
                    sha256 TEXT NOT NULL
                )
                """;
            create.ExecuteNonQuery();
        }
        if (!connection.IsPostgres() && RawQuery.Scalar(connection, "SELECT count(*) FROM pragma_table_info('schema_migrations') WHERE name = 'sha256'", []) == 0)
            throw new InvalidDataException(
                "this database was created by a development version of LaborWatch (its migrations carry no checksums); start a new database file");
        var applied = new Dictionary<int, string>();
        using (var rows = new RawQuery(connection, "SELECT version, sha256 FROM schema_migrations", []))
            while (rows.Step()) applied[(int)rows.Int64(0)] = rows.Text(1)!;
        var newest = all.Count == 0 ? 0 : all[^1].Version;
        if (applied.Count > 0 && applied.Keys.Max() > newest)
            throw new InvalidDataException(
                $"the database is at schema version {applied.Keys.Max()}, newer than this LaborWatch knows ({newest}); use a newer LaborWatch");
        // Forward-only means an applied migration never changes: a changed one would leave this database with
        // a schema the code does not expect, so say so now rather than fail later on a missing column.
        foreach (var m in all.Where(m => applied.TryGetValue(m.Version, out var sha) && sha != m.Sha256))
            throw new InvalidDataException(
                $"migration {m.Version:D4}_{m.Name} differs from the one applied to this database; it was built by a development version of LaborWatch. Export what you need and start a new database");

        var count = 0;
        foreach (var migration in all.Where(m => !applied.ContainsKey(m.Version)))
        {
            using var tx = connection.BeginWrite();
            connection.Execute(migration.Sql, transaction: tx);
            connection.Execute("INSERT INTO schema_migrations(version, name, sha256) VALUES (@Version, @Name, @Sha256)",
                new { migration.Version, migration.Name, migration.Sha256 }, tx);
            tx.Commit();
            count++;
        }
        return count;
    }

    static List<Migration> LoadEmbedded(string prefix)
    {
        var assembly = Assembly.GetExecutingAssembly();
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)))
        {
            var file = resource[prefix.Length..^".sql".Length];
            var underscore = file.IndexOf('_');
            if (underscore <= 0 || !int.TryParse(file[..underscore], out var version))
                throw new InvalidOperationException($"migration '{file}' must be named NNNN_name.sql");
            using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
            migrations.Add(new Migration(version, file[(underscore + 1)..], reader.ReadToEnd()));
        }
        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 1; i < migrations.Count; i++)
            if (migrations[i].Version == migrations[i - 1].Version)
                throw new InvalidOperationException($"two migrations share version {migrations[i].Version}");
        return migrations;
    }
}
