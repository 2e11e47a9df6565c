using System.Text;
using Dapper;
using LaborWatch.Contracts;

namespace LaborWatch.Tests.Contracts;

[TestClass]
public sealed class ImportTests
{
    [TestMethod]
    public void Imports_a_valid_file_coarsened_to_months_and_weeks()
    {
        using var db = new TestDatabase();
        var file = db.WriteFile("logs.csv", Rows.Csv(
            Rows.Valid("s1", ("started", "2025-03-10"), ("ended", "2025-04-20"), ("unpaid_onboarding_hours", "2.5")),
            Rows.Valid("s2", ("started", "2025-03"), ("ended", ""), ("status", "active"), ("currency", "JPY"), ("gross_pay", "15000"))));

        var summary = ContractImporter.Import(db.Connection, file);

        Assert.AreEqual(2, summary.Added);
        Assert.AreEqual(0, summary.Duplicates);
        Assert.AreEqual(0, summary.Rejected.Count);
        var first = db.Connection.QuerySingle("SELECT start_month, end_month, duration_weeks, gross_pay_minor, unpaid_onboarding_hours, country, region FROM contracts WHERE currency = 'USD'");
        Assert.AreEqual("2025-03", (string)first.start_month);
        Assert.AreEqual("2025-04", (string)first.end_month);
        Assert.AreEqual(5L, (long)first.duration_weeks, "41 days is 5 whole weeks");
        Assert.AreEqual(20000L, (long)first.gross_pay_minor, "USD has 2 minor units");
        Assert.AreEqual(2.5, (double)first.unpaid_onboarding_hours);
        Assert.AreEqual("US", (string)first.country);
        Assert.AreEqual("US-CA", (string)first.region);
        Assert.AreEqual(15000L, db.Connection.ExecuteScalar<long>("SELECT gross_pay_minor FROM contracts WHERE currency = 'JPY'"), "JPY has no minor unit");
        Assert.IsNull(db.Connection.ExecuteScalar<long?>("SELECT duration_weeks FROM contracts WHERE status = 'active'"));
    }

    [TestMethod]
    public void Reimporting_the_same_file_adds_nothing()
    {
        using var db = new TestDatabase();
        var file = db.WriteFile("logs.csv", Rows.Csv(Rows.Valid("s1"), Rows.Valid("s2"), Rows.Valid("s3", ("gross_pay", "99.5"))));
        Assert.AreEqual(3, ContractImporter.Import(db.Connection, file).Added);

        var again = ContractImporter.Import(db.Connection, file);

        Assert.AreEqual(0, again.Added);
        Assert.AreEqual(3, again.Duplicates);
        Assert.AreEqual(3L, db.Connection.ExecuteScalar<long>("SELECT count(*) FROM contracts"));
        Assert.AreEqual(3L, db.Connection.ExecuteScalar<long>("SELECT count(*) FROM submitters"));
    }

    [TestMethod]
    public void The_same_logs_as_json_are_recognised_as_already_stored()
    {
        using var db = new TestDatabase();
        ContractImporter.Import(db.Connection, db.WriteFile("logs.csv", Rows.Csv(Rows.Valid("s1", ("rate_cut", "1")))));
        var json = """
            [ { "submitter": "s1", "platform": "Alpha", "task_type": "rlhf_rating", "country": "US-CA",
                "started": "2025-03-10", "ended": "2025-04-20", "status": "completed", "pay_basis": "hourly",
                "currency": "USD", "gross_pay": 200, "paid_hours": 10.0, "rate_cut": true } ]
            """;
        var summary = ContractImporter.Import(db.Connection, db.WriteFile("logs.json", json));
        Assert.AreEqual(0, summary.Added);
        Assert.AreEqual(1, summary.Duplicates);
    }

    [TestMethod]
    public void Rows_without_a_submitter_are_each_their_own_submitter()
    {
        using var db = new TestDatabase();
        var rows = Enumerable.Range(1, 3).Select(i => Rows.Valid("", ("gross_pay", (100 + i).ToString()))).ToArray();
        ContractImporter.Import(db.Connection, db.WriteFile("logs.csv", Rows.Csv(rows)));
        Assert.AreEqual(3L, db.Connection.ExecuteScalar<long>("SELECT count(DISTINCT submitter_id) FROM contracts"));
    }

    [TestMethod]
    public void Skip_invalid_imports_the_valid_rows_and_reports_each_rejected_one()
    {
        using var db = new TestDatabase();
        var file = db.WriteFile("logs.csv", Rows.Csv(
            Rows.Valid("s1"),
            Rows.Valid("s2", ("paid_hours", "-3")),
            Rows.Valid("s3"),
            Rows.Valid("s4", ("currency", "XYZ"))));

        var summary = ContractImporter.Import(db.Connection, file, skipInvalid: true);

        Assert.AreEqual(2, summary.Added);
        Assert.AreEqual(2, summary.Rejected.Count);
        Assert.AreEqual("line 3: column 'paid_hours': -3 is negative: hours cannot be below 0", summary.Rejected[0].ToString());
        Assert.AreEqual("line 5", summary.Rejected[1].Where);
        Assert.AreEqual(2L, db.Connection.ExecuteScalar<long>("SELECT count(*) FROM contracts"));
    }

    /// <summary>What an imported log must leave nowhere: its exact dates, the raw submitter id and the contact details in its notes.</summary>
    static readonly string[] Identifying = ["2025-03-17", "2025-05-29", "jane.doe.worker", "jane@example.org", "555 0199", "@janedoe"];

    static void ImportIdentifyingLog(TestDatabase db) => ContractImporter.Import(db.Connection, db.WriteFile("logs.csv", Rows.Csv(
        Rows.Valid("jane.doe.worker", ("started", "2025-03-17"), ("ended", "2025-05-29"),
            ("notes", "write me at jane@example.org or +1 415 555 0199, I'm @janedoe")))));

    [TestMethod, TestCategory(TestStore.SqliteOnly)]   // reads the file's bytes
    public void Nothing_identifying_is_stored_no_exact_dates_no_raw_submitter_ids()
    {
        using var db = new TestDatabase();
        ImportIdentifyingLog(db);
        db.Connection.Execute("PRAGMA wal_checkpoint(TRUNCATE)");
        db.Connection.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        var bytes = File.ReadAllBytes(db.Path);
        foreach (var secret in Identifying)
            Assert.AreEqual(-1, bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)), $"'{secret}' was found in the database file");
    }

    [TestMethod]
    public void Nothing_identifying_is_in_any_value_of_any_table_on_either_store()
    {
        // The file's bytes are SQLite's alone (above); every value of every table, read back, is what both stores hold.
        using var db = new TestDatabase();
        ImportIdentifyingLog(db);
        var tables = db.Connection.Query<string>(TestStore.Postgres
            ? "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
            : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").ToList();
        Assert.IsTrue(tables.Contains("contracts") && tables.Count > 10, string.Join(", ", tables));
        var everything = new StringBuilder();
        foreach (var table in tables)
            foreach (IDictionary<string, object?> row in db.Connection.Query($"SELECT * FROM {table}"))
                foreach (var value in row.Values)
                    everything.Append(value is byte[] b ? Encoding.UTF8.GetString(b) : Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
        Assert.IsTrue(everything.ToString().Contains("2025-03"), "the month is kept");
        foreach (var secret in Identifying)
            Assert.IsFalse(everything.ToString().Contains(secret), $"'{secret}' is stored");
    }

    [TestMethod]
    public void Line_numbers_count_from_the_header_and_follow_multi_line_fields()
    {
        using var db = new TestDatabase();
        var file = db.WriteFile("logs.csv", Rows.Csv(
            Rows.Valid("s1", ("notes", "first line\nsecond line")),
            Rows.Valid("s2", ("status", "finished"))));
        var e = Assert.ThrowsExactly<ImportRejectedException>(() => ContractImporter.Import(db.Connection, file));
        Assert.AreEqual("line 4", e.Errors.Single().Where, "row 1 spans lines 2-3, so row 2 starts on line 4");
    }

    [TestMethod]
    public void Reports_progress_as_bytes_read()
    {
        using var db = new TestDatabase();
        var rows = Enumerable.Range(0, 3000).Select(i => Rows.Valid("s" + i)).ToArray();
        var file = db.WriteFile("logs.csv", Rows.Csv(rows));
        var reports = new List<(long Done, long Total)>();
        ContractImporter.Import(db.Connection, file, progress: (done, total) => reports.Add((done, total)));
        Assert.IsGreaterThanOrEqualTo(2, reports.Count);
        Assert.AreEqual(new FileInfo(file).Length, reports[^1].Done);
        Assert.IsTrue(reports.Zip(reports.Skip(1)).All(p => p.First.Done <= p.Second.Done));
    }

    [TestMethod]
    public void The_derived_columns_agree_with_the_answers_they_summarise()
    {
        using var db = new TestDatabase();
        var rows = ContractColumns.Flags.Select((flag, i) => Rows.Valid("s" + i, (flag, i % 3 == 0 ? "0" : "1"),
            ("unpaid_idle_hours", "1.5"), ("unpaid_rework_hours", i.ToString()))).ToArray();
        ContractImporter.Import(db.Connection, db.WriteFile("logs.csv", Rows.Csv(rows)));

        var stored = db.Connection.Query($"SELECT unpaid_hours, flags_answered, flags_yes, {string.Join(", ", ContractColumns.Flags)}, " +
            $"{string.Join(" + ", ContractColumns.UnpaidHours)} AS unpaid_sum FROM contracts").ToList();
        Assert.AreEqual(ContractColumns.Flags.Length, stored.Count);
        foreach (IDictionary<string, object?> row in stored)
        {
            Assert.AreEqual((double)row["unpaid_sum"]!, (double)row["unpaid_hours"]!, 1e-9);
            long answered = 0, yes = 0;
            for (var i = 0; i < ContractColumns.Flags.Length; i++)
            {
                if (row[ContractColumns.Flags[i]] is not long value) continue;
                answered |= 1L << i;
                if (value == 1) yes |= 1L << i;
            }
            Assert.AreEqual(answered, (long)row["flags_answered"]!);
            Assert.AreEqual(yes, (long)row["flags_yes"]!);
            Assert.AreNotEqual(0L, answered, "every row answered one flag");
        }
    }
}
