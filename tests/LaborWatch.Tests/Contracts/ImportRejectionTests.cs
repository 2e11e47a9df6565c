using Dapper;
using LaborWatch.Contracts;

namespace LaborWatch.Tests.Contracts;

/// <summary>Each kind of bad input stops the import with a message naming file, line and column, and writes nothing.</summary>
[TestClass]
public sealed class ImportRejectionTests
{
    [TestMethod]
    [DataRow("task_type", "rlhf", "'rlhf' is not one of: rlhf_rating, writing")]
    [DataRow("status", "cancelled", "'cancelled' is not one of: active, completed")]
    [DataRow("pay_basis", "monthly", "'monthly' is not one of: hourly, per_task, fixed")]
    [DataRow("gross_pay", "$200", "'$200' is not a number")]
    [DataRow("gross_pay", "1,200.00", "'1,200.00' is not a number")]
    [DataRow("gross_pay", "12.345", "12.345 has more decimals than USD has (2)")]
    [DataRow("gross_pay", "-5", "-5 is negative")]
    [DataRow("paid_hours", "ten", "'ten' is not a number of hours")]
    [DataRow("paid_hours", "NaN", "'NaN' is not a number of hours")]
    [DataRow("paid_hours", "-1", "-1 is negative: hours cannot be below 0")]
    [DataRow("unpaid_idle_hours", "-0.5", "-0.5 is negative: hours cannot be below 0")]
    [DataRow("paid_hours", "1e9", "'1e9' is not a number of hours")]
    [DataRow("paid_hours", "50000", "50000 is more than 20000 hours")]
    [DataRow("started", "2025-13-01", "'2025-13-01' is not a date (YYYY-MM-DD or YYYY-MM)")]
    [DataRow("started", "03/10/2025", "'03/10/2025' is not a date (YYYY-MM-DD or YYYY-MM)")]
    [DataRow("started", "2099-01-01", "2099-01-01 is in the future")]
    [DataRow("ended", "2025-02-01", "2025-02-01 is before started (2025-03-10)")]
    [DataRow("ended", "2025-02", "2025-02 is before started (2025-03-10)")]
    [DataRow("currency", "XYZ", "unknown currency 'XYZ'")]
    [DataRow("currency", "dollars", "unknown currency 'dollars'")]
    [DataRow("country", "USA", "'USA' is not an ISO 3166-1 alpha-2 country code")]
    [DataRow("country", "ZZ", "'ZZ' is not an ISO 3166-1 alpha-2 country code")]
    [DataRow("rate_cut", "maybe", "'maybe' is not 1, 0 or empty")]
    [DataRow("monitoring", "2", "'2' is not 1, 0 or empty")]
    [DataRow("advertised_rate", "20", "is required when advertised_rate is given")]
    [DataRow("platform", "???", "'???' has no letters or digits")]
    [DataRow("payment_delay_days", "3.5", "'3.5' is not a whole number")]
    public void A_bad_value_names_line_and_column_and_nothing_is_written(string column, string value, string expected)
    {
        using var db = new TestDatabase();
        ContractImporter.Import(db.Connection, db.WriteFile("before.csv", Rows.Csv(Rows.Valid("existing"))));
        var before = Snapshot(db);

        var file = db.WriteFile("bad.csv", Rows.Csv(
            Rows.Valid("s1", ("platform", "NewPlatform")),
            Rows.Valid("s2", (column, value)),
            Rows.Valid("s3")));

        var e = Assert.ThrowsExactly<ImportRejectedException>(() => ContractImporter.Import(db.Connection, file));

        var error = e.Errors.Single();
        Assert.AreEqual("line 3", error.Where);
        Assert.AreEqual(column is "advertised_rate" ? "advertised_unit" : column, error.Column);
        StringAssert.Contains(error.Message, expected);
        StringAssert.Contains(e.Message, "bad.csv");
        Assert.AreEqual(before, Snapshot(db), "the database must be exactly as it was");
    }

    [TestMethod]
    public void A_json_file_with_broken_utf8_is_a_named_error_with_its_line_not_a_crash()
    {
        // Found by fuzzing (Reliability/FuzzTests): a byte that is not UTF-8 inside a name escaped as InvalidOperationException.
        using var db = new TestDatabase();
        var file = System.IO.Path.Combine(db.Folder, "bad.json");
        File.WriteAllBytes(file, [.. "[\n{\"platform\": \"A\",\n\"pl"u8, 0xFA, .. "\": 1}]"u8]);
        var e = Assert.ThrowsExactly<ImportFormatException>(() => ContractImporter.Import(db.Connection, file));
        StringAssert.Contains(e.Message, "bad.json: line 3: the file is not valid UTF-8");
    }

    [TestMethod]
    public void Missing_required_values_are_each_named()
    {
        using var db = new TestDatabase();
        var file = db.WriteFile("bad.csv", Rows.Csv(Rows.Valid("s1", ("gross_pay", ""), ("status", ""), ("ended", ""))));
        var e = Assert.ThrowsExactly<ImportRejectedException>(() => ContractImporter.Import(db.Connection, file));
        CollectionAssert.AreEquivalent(new[] { "status", "gross_pay" }, e.Errors.Select(x => x.Column).ToArray());
    }

    [TestMethod]
    public void Active_contracts_have_no_end_and_ended_ones_need_one()
    {
        using var db = new TestDatabase();
        var file = db.WriteFile("bad.csv", Rows.Csv(
            Rows.Valid("s1", ("status", "active")),
            Rows.Valid("s2", ("status", "cancelled_by_platform"), ("ended", ""))));
        var e = Assert.ThrowsExactly<ImportRejectedException>(() => ContractImporter.Import(db.Connection, file));
        Assert.AreEqual("line 2: column 'ended': must be empty while status is active", e.Errors[0].ToString());
        Assert.AreEqual("line 3: column 'ended': is required when status is cancelled_by_platform", e.Errors[1].ToString());
    }

    [TestMethod]
    public void An_unknown_column_stops_the_import_before_any_row()
    {
        using var db = new TestDatabase();
        var file = db.WriteFile("bad.csv", Rows.Csv(Rows.Valid("s1")).Replace("paid_hours", "hours_paid"));
        var e = Assert.ThrowsExactly<ImportFormatException>(() => ContractImporter.Import(db.Connection, file));
        StringAssert.StartsWith(e.Message, "bad.csv: line 1: unknown column 'hours_paid'");
        Assert.AreEqual(0L, db.Connection.ExecuteScalar<long>("SELECT count(*) FROM contracts"));
    }

    [TestMethod]
    public void A_missing_required_column_is_named()
    {
        using var db = new TestDatabase();
        var row = Rows.Valid("s1");
        row.Remove("currency");
        row.Remove("paid_hours");
        var e = Assert.ThrowsExactly<ImportFormatException>(() =>
            ContractImporter.Import(db.Connection, db.WriteFile("bad.csv", Rows.Csv(row))));
        Assert.AreEqual("bad.csv: line 1: missing required columns 'currency', 'paid_hours'", e.Message);
    }

    [TestMethod]
    public void A_row_with_the_wrong_number_of_fields_is_named()
    {
        using var db = new TestDatabase();
        var csv = Rows.Csv(Rows.Valid("s1"), Rows.Valid("s2")).TrimEnd('\n') + ",extra\n";
        var e = Assert.ThrowsExactly<ImportRejectedException>(() => ContractImporter.Import(db.Connection, db.WriteFile("bad.csv", csv)));
        Assert.AreEqual("line 3: has 12 fields, the header has 11", e.Errors.Single().ToString());
    }

    [TestMethod]
    public void Broken_json_names_the_line()
    {
        using var db = new TestDatabase();
        var e = Assert.ThrowsExactly<ImportFormatException>(() =>
            ContractImporter.Import(db.Connection, db.WriteFile("bad.json", "[\n {\"platform\": \"A\",\n  oops }\n]")));
        StringAssert.StartsWith(e.Message, "bad.json: line 3: broken JSON");
    }

    [TestMethod]
    public void A_json_record_with_a_bad_value_names_the_record_and_field()
    {
        using var db = new TestDatabase();
        var json = """
            [ { "platform": "A", "task_type": "writing", "started": "2025-01", "ended": "2025-02", "status": "completed",
                "pay_basis": "hourly", "currency": "USD", "gross_pay": 10, "paid_hours": 1 },
              { "platform": "A", "task_type": "writing", "started": "2025-01", "ended": "2025-02", "status": "completed",
                "pay_basis": "hourly", "currency": "USD", "gross_pay": {"amount": 10}, "paid_hours": 1 } ]
            """;
        var e = Assert.ThrowsExactly<ImportRejectedException>(() => ContractImporter.Import(db.Connection, db.WriteFile("bad.json", json)));
        StringAssert.StartsWith(e.Errors.Single().ToString(), "record 2: column 'gross_pay': '{\"amount\": 10}' is not a number");
    }

    [TestMethod]
    public void An_unknown_file_type_is_refused()
    {
        using var db = new TestDatabase();
        var e = Assert.ThrowsExactly<ImportFormatException>(() => ContractImporter.Import(db.Connection, db.WriteFile("logs.xlsx", "x")));
        StringAssert.Contains(e.Message, "expected .csv or .json");
    }

    [TestMethod]
    public void Every_invalid_row_is_reported_at_once_up_to_a_limit()
    {
        using var db = new TestDatabase();
        var rows = Enumerable.Range(0, 80).Select(i => Rows.Valid("s" + i, ("paid_hours", "x"))).ToArray();
        var e = Assert.ThrowsExactly<ImportRejectedException>(() => ContractImporter.Import(db.Connection, db.WriteFile("bad.csv", Rows.Csv(rows))));
        Assert.AreEqual(80, e.ErrorCount);
        Assert.AreEqual(ContractImporter.MaxListedErrors, e.Errors.Count);
    }

    /// <summary>Every row of every table the import writes, so a test sees any change at all.</summary>
    static string Snapshot(TestDatabase db) => string.Join("\n",
        (TestStore.Postgres ? ["contracts", "platforms", "submitters", "settings", "counters"] : new[] { "contracts", "platforms", "submitters", "settings" }).Select(table =>
            string.Join(";", db.Connection.Query($"SELECT * FROM {table} ORDER BY 1")
                .Select(r => string.Join(",", ((IDictionary<string, object?>)r).Values.Select(v => v is byte[] b ? Convert.ToHexString(b) : v?.ToString()))))));
}
