using Microsoft.Data.Sqlite;

namespace LaborWatch.Data;

/// <summary>
/// Two counters, each bumped once in a writer's transaction. <see cref="Bump"/>: any write to the logs (imports,
/// submissions, moderation), for whoever reads the live table. <see cref="BumpPublic"/>: a write that changes
/// what is published (a release, a deletion or correction through a receipt, a scrape of public postings).
/// <see cref="Of"/> is the published version that caches and their ETags follow: figures come from releases,
/// so a write that is not yet released changes no public page, tag or date (issue 11).
/// </summary>
public static class DataVersion
{
    public static void Bump(SqliteConnection connection, SqliteTransaction transaction) => Increment(connection, transaction, "data_version");

    public static void BumpPublic(SqliteConnection connection, SqliteTransaction transaction)
    {
        Increment(connection, transaction, "data_version");
        Increment(connection, transaction, "public_version");
        // And a new random token (migration 0009): the counters of a restored backup written on repeat themselves.
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO settings(name, value) VALUES ('public_token', random()) ON CONFLICT(name) DO UPDATE SET value = random()";
        command.ExecuteNonQuery();
    }

    static void Increment(SqliteConnection connection, SqliteTransaction transaction, string name)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO settings(name, value) VALUES ($name, 1) ON CONFLICT(name) DO UPDATE SET value = value + 1";
        command.Parameters.AddWithValue("$name", name);
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// The published version: the public counter and token, plus the newest release and observation as a safety net
    /// for rows written some other way. The token makes it unique across databases and across a restored backup.
    /// </summary>
    public static string Of(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT coalesce((SELECT value FROM settings WHERE name = 'public_version'), 0)
                || ':' || coalesce((SELECT value FROM settings WHERE name = 'public_token'), 0)
                || ':' || (SELECT coalesce(max(id), 0) FROM releases WHERE logs >= 0)
                || ':' || (SELECT coalesce(max(id), 0) FROM posting_observations)
            """;
        return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture)!;
    }
}
