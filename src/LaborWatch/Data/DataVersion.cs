using Microsoft.Data.Sqlite;

namespace LaborWatch.Data;

/// <summary>
/// What changes whenever published figures may change, cheap enough to check on every request: a counter that
/// every writer bumps once in its transaction (imports, scrapes; moderation must too), plus the newest ids of
/// logs and observations as a safety net for rows written some other way.
/// </summary>
public static class DataVersion
{
    public static void Bump(SqliteConnection connection, SqliteTransaction transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO settings(name, value) VALUES ('data_version', 1) ON CONFLICT(name) DO UPDATE SET value = value + 1";
        command.ExecuteNonQuery();
    }

    public static string Of(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT coalesce((SELECT value FROM settings WHERE name = 'data_version'), 0)
                || ':' || (SELECT coalesce(max(id), 0) FROM contracts)
                || ':' || (SELECT coalesce(max(id), 0) FROM posting_observations)
            """;
        return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture)!;
    }
}
