using Dapper;
using Microsoft.Data.Sqlite;

namespace LaborWatch.Data;

/// <summary>Copies the shipped reference tables into the database when the shipped file differs from the copy.</summary>
public static class ReferenceLoader
{
    sealed record Target(string File, string Table, (string Tsv, string Sql)[] Columns);

    static readonly Target[] Targets =
    [
        new("currencies", "ref_currencies", [("code", "code"), ("minor_units", "minor_units")]),
        new("countries", "ref_countries", [("code", "code"), ("note", "note")]),
        new("fx_usd", "ref_fx_usd", [("currency", "currency"), ("year", "year"), ("units_per_usd", "units_per_usd"), ("source", "source")]),
        new("min_wage", "ref_min_wage", [("code", "code"), ("year", "year"), ("hourly", "hourly"), ("currency", "currency"),
            ("jurisdiction", "jurisdiction"), ("effective", "effective"), ("source", "source")]),
    ];

    public static void Refresh(SqliteConnection connection)
    {
        var known = new Dictionary<string, string>();   // raw: the start-up path of every verb (see Migrator)
        using (var rows = new RawQuery(connection, "SELECT name, sha256 FROM reference_versions", []))
            while (rows.Step()) known[rows.Text(0)!] = rows.Text(1)!;
        foreach (var target in Targets)
        {
            var table = ReferenceFiles.Read(target.File);
            if (known.TryGetValue(target.File, out var sha) && sha == table.Sha256) continue;

            using var tx = connection.BeginTransaction(deferred: false);
            connection.Execute($"DELETE FROM {target.Table}", transaction: tx);
            using var insert = connection.CreateCommand();
            insert.Transaction = tx;
            insert.CommandText = $"INSERT INTO {target.Table}({string.Join(", ", target.Columns.Select(c => c.Sql))}) " +
                                 $"VALUES ({string.Join(", ", target.Columns.Select((_, i) => "$p" + i))})";
            var indexes = target.Columns.Select(c => table.Column(c.Tsv)).ToArray();
            var parameters = indexes.Select((_, i) => insert.Parameters.Add("$p" + i, SqliteType.Text)).ToArray();
            foreach (var row in table.Rows)
            {
                for (var i = 0; i < indexes.Length; i++)
                    parameters[i].Value = row[indexes[i]] is { Length: > 0 } cell ? cell : DBNull.Value;
                insert.ExecuteNonQuery();
            }
            connection.Execute("INSERT OR REPLACE INTO reference_versions(name, sha256) VALUES (@File, @Sha)",
                new { target.File, Sha = table.Sha256 }, tx);
            tx.Commit();
        }
    }
}
