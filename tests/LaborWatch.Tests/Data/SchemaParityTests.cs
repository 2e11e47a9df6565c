using System.Data.Common;
using Dapper;
using LaborWatch.Data;

namespace LaborWatch.Tests.Data;

/// <summary>
/// The PostgreSQL migrations are twins of the SQLite ones: migrated from empty, the two stores have the same tables,
/// columns (by kind of value), nullability, primary keys, unique keys, indexes and foreign keys. Runs in the PostgreSQL
/// pass of scripts/test.sh, which has both stores.
/// </summary>
[TestClass]
public sealed class SchemaParityTests
{
    /// <summary>Differences made on purpose, each with its reason; anything else is a twin that drifted.</summary>
    static readonly Dictionary<string, string> Intended = new()
    {
        // SQLite keeps the data-version counters in settings.value (any type); PostgreSQL gives them a typed table.
        ["postgresql only: table counters"] = "typed counters",
        ["postgresql only: column counters.name text not null"] = "typed counters",
        ["postgresql only: column counters.value integer not null"] = "typed counters",
        ["postgresql only: primary key counters(name)"] = "typed counters",
        // PostgreSQL checks the foreign key on deleting a submitter by looking up its logs: without this index, removing
        // an abandoned import's submitters scanned the table once per submitter. SQLite's import connection skips the check.
        ["postgresql only: index contracts(submitter_id)"] = "foreign-key lookups on delete",
    };

    [TestMethod]
    public void Both_stores_migrate_to_the_same_schema()
    {
        if (!TestStore.Postgres) Assert.Inconclusive($"needs a PostgreSQL server ({TestStore.Variable}); scripts/test.sh starts one");
        using var postgres = new TestDatabase();
        var sqlitePath = Path.Combine(postgres.Folder, "twin.db");
        HashSet<string> onSqlite, onPostgres;
        using (var sqlite = Database.OpenMigrated(sqlitePath)) onSqlite = SqliteSchema(sqlite);
        onPostgres = PostgresSchema(postgres.Connection);
        Assert.IsGreaterThan(50, onSqlite.Count, "a schema to compare");
        var differences = onSqlite.Except(onPostgres).Select(d => "sqlite only: " + d)
            .Concat(onPostgres.Except(onSqlite).Select(d => "postgresql only: " + d))
            .Where(d => !Intended.ContainsKey(d)).Order(StringComparer.Ordinal).ToList();
        Assert.AreEqual(0, differences.Count, "the stores' schemas differ:\n" + string.Join("\n", differences));
        foreach (var intended in Intended.Keys)
            Assert.IsTrue(onSqlite.Contains(intended[(intended.IndexOf(": ") + 2)..]) != onPostgres.Contains(intended[(intended.IndexOf(": ") + 2)..]),
                $"'{intended}' is listed as intended but is no longer a difference: remove it from the list");
    }

    /// <summary>The kind of value a declared type holds, in SQLite's affinity terms.</summary>
    static string Kind(string declared)
    {
        var t = declared.ToLowerInvariant();
        if (t.Contains("int")) return "integer";
        if (t.Contains("char") || t.Contains("text") || t.Contains("clob")) return "text";
        if (t.Contains("blob") || t == "bytea") return "blob";
        if (t.Contains("real") || t.Contains("floa") || t.Contains("doub")) return "real";
        return "numeric:" + t;
    }

    static HashSet<string> SqliteSchema(DbConnection c)
    {
        var facts = new HashSet<string>();
        var tables = c.Query<string>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").ToList();
        foreach (var table in tables)
        {
            facts.Add($"table {table}");
            var columns = c.Query<(string Name, string Type, long NotNull, long Pk)>($"SELECT name, type, \"notnull\", pk FROM pragma_table_info('{table}')").ToList();
            foreach (var col in columns)
                facts.Add($"column {table}.{col.Name} {Kind(col.Type)} {(col.NotNull == 1 || col.Pk > 0 ? "not null" : "null")}");
            var pk = columns.Where(col => col.Pk > 0).OrderBy(col => col.Pk).Select(col => col.Name).ToList();
            if (pk.Count > 0) facts.Add($"primary key {table}({string.Join(",", pk)})");
            foreach (var index in c.Query<(string Name, long Unique, string Origin, long Partial)>($"SELECT name, \"unique\", origin, partial FROM pragma_index_list('{table}')"))
            {
                if (index.Origin == "pk") continue;
                var cols = c.Query<string?>($"SELECT name FROM pragma_index_info('{index.Name}') ORDER BY seqno").Select(n => n ?? "(expression)");
                facts.Add($"{(index.Unique == 1 ? "unique" : "index")} {table}({string.Join(",", cols)}){(index.Partial == 1 ? " partial" : "")}");
            }
            foreach (var fk in c.Query<(string Table, string From, string? To)>($"SELECT \"table\", \"from\", \"to\" FROM pragma_foreign_key_list('{table}')"))
                facts.Add($"foreign key {table}.{fk.From} -> {fk.Table}.{fk.To ?? "id"}");
        }
        return facts;
    }

    static HashSet<string> PostgresSchema(DbConnection c)
    {
        var facts = new HashSet<string>();
        foreach (var table in c.Query<string>("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"))
            facts.Add($"table {table}");
        foreach (var col in c.Query<(string Table, string Column, string Type, string Nullable)>(
                     "SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns WHERE table_schema = current_schema()"))
            facts.Add($"column {col.Table}.{col.Column} {Kind(col.Type)} {(col.Nullable == "NO" ? "not null" : "null")}");
        const string indexes = """
            SELECT t.relname AS "Table", ix.indisprimary AS "Primary", ix.indisunique AS "Unique", ix.indpred IS NOT NULL AS "Partial",
                   array_to_string(ARRAY(SELECT coalesce(a.attname, '(expression)') FROM unnest(ix.indkey) WITH ORDINALITY k(attnum, n)
                                         LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum AND k.attnum <> 0
                                         ORDER BY k.n), ',') AS "Columns"
            FROM pg_index ix JOIN pg_class t ON t.oid = ix.indrelid JOIN pg_namespace s ON s.oid = t.relnamespace
            WHERE s.nspname = current_schema()
            """;
        foreach (var ix in c.Query<(string Table, bool Primary, bool Unique, bool Partial, string Columns)>(indexes))
            facts.Add(ix.Primary ? $"primary key {ix.Table}({ix.Columns})" : $"{(ix.Unique ? "unique" : "index")} {ix.Table}({ix.Columns}){(ix.Partial ? " partial" : "")}");
        const string keys = """
            SELECT t.relname AS "Table", a.attname AS "Column", rt.relname AS "Target", ra.attname AS "TargetColumn"
            FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid JOIN pg_class rt ON rt.oid = k.confrelid
                 JOIN pg_namespace s ON s.oid = t.relnamespace
                 JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
                 JOIN pg_attribute ra ON ra.attrelid = k.confrelid AND ra.attnum = k.confkey[1]
            WHERE k.contype = 'f' AND s.nspname = current_schema()
            """;
        foreach (var fk in c.Query<(string Table, string Column, string Target, string TargetColumn)>(keys))
            facts.Add($"foreign key {fk.Table}.{fk.Column} -> {fk.Target}.{fk.TargetColumn}");
        return facts;
    }
}
