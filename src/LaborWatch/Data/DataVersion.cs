using System.Data.Common;

namespace LaborWatch.Data;

/// <summary>
/// Two counters, each bumped once in a writer's transaction. <see cref="Bump"/>: any write to the logs (imports,
/// submissions, moderation), for whoever reads the live table. <see cref="BumpPublic"/>: a write that changes
/// what is published (a release, a deletion or correction through a receipt, a scrape of public postings).
/// <see cref="Of"/> is the published version that caches and their ETags follow: figures come from releases,
/// so a write that is not yet released changes no public page, tag or date.
/// </summary>
public static class DataVersion
{
    /// <summary>A random number drawn by PostgreSQL: 15 hex digits of gen_random_uuid() (56 random bits; its version digit is fixed), PostgreSQL 13 and later.</summary>
    internal const string PostgresRandom = "('x' || substr(replace(gen_random_uuid()::text, '-', ''), 1, 15))::bit(60)::bigint";

    public static void Bump(DbConnection connection, DbTransaction transaction) => Increment(connection, transaction, "data_version");

    public static void BumpPublic(DbConnection connection, DbTransaction transaction)
    {
        Increment(connection, transaction, "data_version");
        Increment(connection, transaction, "public_version");
        // And a new random token (migration 0009): the counters of a restored backup written on repeat themselves.
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = connection.Sql(
            "INSERT INTO settings(name, value) VALUES ('public_token', random()) ON CONFLICT(name) DO UPDATE SET value = random()",
            "INSERT INTO counters(name, value) VALUES ('public_token', " + PostgresRandom + ") ON CONFLICT(name) DO UPDATE SET value = " + PostgresRandom);
        command.ExecuteNonQuery();
    }

    static void Increment(DbConnection connection, DbTransaction transaction, string name)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        // PostgreSQL keeps the counters in a table of their own: its settings.value is bytea, not SQLite's any type.
        command.CommandText = connection.Sql(
            "INSERT INTO settings(name, value) VALUES (@name, 1) ON CONFLICT(name) DO UPDATE SET value = value + 1",
            "INSERT INTO counters(name, value) VALUES (@name, 1) ON CONFLICT(name) DO UPDATE SET value = counters.value + 1");
        command.Bind("name", name);
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// When what is published last changed: the newest release's cut, or the day of the newest posting observation when
    /// that is later (postings are dated by day). The Unix epoch when nothing is published. For Last-Modified.
    /// </summary>
    public static DateTimeOffset PublishedAt(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT (SELECT cut_at FROM releases WHERE logs >= 0 ORDER BY id DESC LIMIT 1), (SELECT max(observed_at) FROM posting_observations)";
        using var reader = command.ExecuteReader();
        reader.Read();
        var at = DateTimeOffset.UnixEpoch;
        foreach (var i in new[] { 0, 1 })
            if (!reader.IsDBNull(i) && DateTimeOffset.TryParse(reader.GetString(i), System.Globalization.CultureInfo.InvariantCulture,
                    System.Globalization.DateTimeStyles.AssumeUniversal | System.Globalization.DateTimeStyles.AdjustToUniversal, out var t) && t > at)
                at = t;
        return new DateTimeOffset(at.Ticks - at.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
    }

    /// <summary>
    /// The published version: the public counter and token, plus the newest release and observation as a safety net
    /// for rows written some other way. The token makes it unique across databases and across a restored backup.
    /// </summary>
    public static string Of(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT coalesce((SELECT value FROM {connection.Sql("settings", "counters")} WHERE name = 'public_version'), 0)
                || ':' || coalesce((SELECT value FROM {connection.Sql("settings", "counters")} WHERE name = 'public_token'), 0)
                || ':' || (SELECT coalesce(max(id), 0) FROM releases WHERE logs >= 0)
                || ':' || (SELECT coalesce(max(id), 0) FROM posting_observations)
            """;
        return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture)!;
    }
}
