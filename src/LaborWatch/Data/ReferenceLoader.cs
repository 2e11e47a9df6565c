using System.Data.Common;
using Dapper;

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

    public static void Refresh(DbConnection connection)
    {
        var known = new Dictionary<string, string>();   // raw: the start-up path of every verb (see Migrator)
        using (var rows = new RawQuery(connection, "SELECT name, sha256 FROM reference_versions", []))
            while (rows.Step()) known[rows.Text(0)!] = rows.Text(1)!;
        foreach (var target in Targets)
        {
            var table = ReferenceFiles.Read(target.File);
            if (known.TryGetValue(target.File, out var sha) && sha == table.Sha256) continue;

            using var tx = connection.BeginWrite();
            connection.Execute($"DELETE FROM {target.Table}", transaction: tx);
            using var insert = connection.CreateCommand();
            insert.Transaction = tx;
            insert.CommandText = $"INSERT INTO {target.Table}({string.Join(", ", target.Columns.Select(c => c.Sql))}) " +
                                 $"VALUES ({string.Join(", ", target.Columns.Select((_, i) => "@p" + i))})";
            var indexes = target.Columns.Select(c => table.Column(c.Tsv)).ToArray();
            var parameters = indexes.Select((_, i) => insert.Bind("p" + i, null)).ToArray();
            foreach (var row in table.Rows)
            {
                // Typed as the columns are declared: SQLite converted text by the column's affinity, PostgreSQL does not.
                for (var i = 0; i < indexes.Length; i++)
                    parameters[i].Value = row[indexes[i]] is { Length: > 0 } cell ? Typed(cell, target.Columns[i].Sql) : DBNull.Value;
                insert.ExecuteNonQuery();
            }
            connection.Execute("INSERT INTO reference_versions(name, sha256) VALUES (@File, @Sha) ON CONFLICT(name) DO UPDATE SET sha256 = excluded.sha256",
                new { target.File, Sha = table.Sha256 }, tx);
            tx.Commit();
        }
    }

    static object Typed(string cell, string column) => column switch
    {
        "year" or "minor_units" => long.Parse(cell, System.Globalization.CultureInfo.InvariantCulture),
        "units_per_usd" or "hourly" => double.Parse(cell, System.Globalization.CultureInfo.InvariantCulture),
        _ => cell,
    };
}
