using LaborWatch.Data;
using LaborWatch.Exports;
using LaborWatch.Contracts;

namespace LaborWatch.Tests.Data;

/// <summary>
/// The same logs give the same figures on both stores ("the figures computed on PostgreSQL equal those on
/// SQLite"). Runs in the PostgreSQL pass of scripts/test.sh, which has both; the SQLite pass has no server to compare with.
/// </summary>
[TestClass]
public sealed class StoreParityTests
{
    [TestMethod]
    public void The_same_logs_give_the_same_exact_figures_and_fingerprint_on_PostgreSQL_as_on_SQLite()
    {
        if (!TestStore.Postgres) Assert.Inconclusive($"needs a PostgreSQL server ({TestStore.Variable}); scripts/test.sh starts one");
        using var postgres = new TestDatabase();
        var sqlite = Path.Combine(postgres.Folder, "twin.db");
        var csv = Path.Combine(postgres.Folder, "logs.csv");
        Assert.AreEqual(0, Cli.Cli.Run(null, "sample", "--rows", "6000", "--out", csv).ExitCode);
        foreach (var store in new[] { postgres.Path, sqlite })
        {
            var imported = Cli.Cli.Run(store, "import", "contracts", csv);
            Assert.AreEqual(0, imported.ExitCode, imported.Stderr);
            StringAssert.Contains(imported.Stdout, "6,000 added");
        }
        foreach (var by in new[] { "platform", "platform,month", "task_type,country", "parent", "month" })
        {
            var onPostgres = Cli.Cli.Run(postgres.Path, "stats", "--exact", "--json", "--survival", "--by", by);
            var onSqlite = Cli.Cli.Run(sqlite, "stats", "--exact", "--json", "--survival", "--by", by);
            Assert.AreEqual(0, onPostgres.ExitCode, onPostgres.Stderr);
            Assert.IsGreaterThan(1000, onSqlite.Stdout.Length, "figures to compare");
            Assert.AreEqual(onSqlite.Stdout, onPostgres.Stdout, $"--by {by}");
        }
        using var twin = Database.OpenMigrated(sqlite);
        var exact = new StatsFilter { Exact = true };
        Assert.AreEqual(ReportContent.Fingerprint(twin, exact), ReportContent.Fingerprint(postgres.Connection, exact));
    }

    [TestMethod]
    public void The_same_logs_and_noise_secret_give_the_same_published_synopsis_on_PostgreSQL_as_on_SQLite()
    {
        if (!TestStore.Postgres) Assert.Inconclusive($"needs a PostgreSQL server ({TestStore.Variable}); scripts/test.sh starts one");
        using var postgres = new TestDatabase();
        var sqlite = Path.Combine(postgres.Folder, "twin.db");
        var csv = Path.Combine(postgres.Folder, "logs.csv");
        Assert.AreEqual(0, Cli.Cli.Run(null, "sample", "--rows", "6000", "--out", csv).ExitCode);
        // One secret for both: the synopsis is a function of the release's logs and the secret alone.
        var secret = new string('7', 64);
        foreach (var store in new[] { postgres.Path, sqlite })
        {
            Assert.AreEqual(0, Cli.Cli.Run(store, "import", "contracts", csv).ExitCode);
            using var connection = Database.OpenMigrated(store);
            Dapper.SqlMapper.Execute(connection, "UPDATE noise_secret SET secret = @secret", new { secret });
        }
        static string WithoutCutTime(string json) => System.Text.RegularExpressions.Regex.Replace(json, "\"cutAt\": \"[^\"]*\"", "\"cutAt\": \"\"");
        foreach (var by in new[] { "platform", "platform,month", "task_type,country", "parent" })
        {
            var onPostgres = Cli.Cli.Run(postgres.Path, "stats", "--json", "--survival", "--by", by);
            var onSqlite = Cli.Cli.Run(sqlite, "stats", "--json", "--survival", "--by", by);
            Assert.AreEqual(0, onPostgres.ExitCode, onPostgres.Stderr);
            Assert.IsGreaterThan(1000, onSqlite.Stdout.Length, "figures to compare");
            Assert.AreEqual(WithoutCutTime(onSqlite.Stdout), WithoutCutTime(onPostgres.Stdout), $"--by {by}");
        }
    }

    [TestMethod]
    public void The_fingerprint_writes_values_as_SQLite_quote_does()
    {
        // The fingerprint formats values in C# so that both stores hash the same text; SQLite's own quote() is the oracle.
        using var db = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=:memory:");
        db.Open();
        foreach (var value in new object[] { 0.0, 1.0, 12.5, 0.1, 7.33, 0.035, 0.0001, 0.00012, 123456789012345.0, 1234.5678, -2.5, 37.75,
                     1234567.125, 20000.0, 0L, -7L, long.MaxValue, "", "it's", "a|b", "ünï" })
        {
            using var command = db.CreateCommand();
            command.CommandText = "SELECT quote(@v)";
            command.Parameters.AddWithValue("@v", value);
            Assert.AreEqual((string)command.ExecuteScalar()!, SqlQuote.Of(value), $"{value}");
        }
        // At the edges, where SQLite's versions disagree, the form is ours, and reads back as the same number.
        foreach (var (value, written) in new[] { (1e15, "1.0e+15"), (-1.5e20, "-1.5e+20"), (1e-5, "1.0e-05"), (1.0 / 3, "0.33333333333333331"),
                     (0.1 + 0.2, "0.30000000000000004"), (2.0 / 3 * 1e-6, "6.666666666666666e-07") })
        {
            Assert.AreEqual(written, SqlQuote.Of(value));
            Assert.AreEqual(value, double.Parse(written, System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
