using System.Reflection;
using Dapper;
using Microsoft.Data.Sqlite;

namespace LaborWatch.Data;

/// <summary>
/// Forward-only numbered migrations (Data/Migrations/NNNN_name.sql, embedded), each applied in its own
/// transaction and recorded in schema_migrations. Every verb runs this first.
/// </summary>
public static class Migrator
{
    const string Prefix = "LaborWatch.Migrations.";

    public sealed record Migration(int Version, string Name, string Sql);

    public static IReadOnlyList<Migration> All { get; } = LoadEmbedded();

    public static int Apply(SqliteConnection connection)
    {
        connection.Execute("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version INTEGER PRIMARY KEY,
                name TEXT NOT NULL
            )
            """);
        var applied = connection.Query<int>("SELECT version FROM schema_migrations").ToHashSet();
        var newest = All.Count == 0 ? 0 : All[^1].Version;
        if (applied.Count > 0 && applied.Max() > newest)
            throw new InvalidDataException(
                $"the database is at schema version {applied.Max()}, newer than this LaborWatch knows ({newest}); use a newer LaborWatch");

        var count = 0;
        foreach (var migration in All.Where(m => !applied.Contains(m.Version)))
        {
            using var tx = connection.BeginTransaction(deferred: false);
            connection.Execute(migration.Sql, transaction: tx);
            connection.Execute("INSERT INTO schema_migrations(version, name) VALUES (@Version, @Name)",
                new { migration.Version, migration.Name }, tx);
            tx.Commit();
            count++;
        }
        return count;
    }

    static List<Migration> LoadEmbedded()
    {
        var assembly = Assembly.GetExecutingAssembly();
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            var file = resource[Prefix.Length..^".sql".Length];
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
