using System.Text;
using LaborWatch.Contracts;

namespace LaborWatch.Tests.Contracts;

/// <summary>
/// How an import reads CSV (RawRecords over Sep, which is lenient about quotes): RFC 4180 cells come out as written,
/// and a file that is not RFC 4180 stops with its line rather than shifting values into the wrong columns.
/// </summary>
[TestClass]
public sealed class CsvReadingTests
{
    const string Header = "platform,task_type,started,status,pay_basis,currency,gross_pay,paid_hours,notes";

    static List<RawRecord> Read(string text, bool byteOrderMark = false)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        if (byteOrderMark) bytes = [0xEF, 0xBB, 0xBF, .. bytes];
        return [.. RawRecords.Read("logs.csv", new MemoryStream(bytes))];
    }

    static string? Value(RawRecord record, string column) => record.Values[ContractColumns.Index[column]];

    [TestMethod]
    public void Quoted_cells_keep_commas_quotes_and_line_breaks_and_an_empty_or_blank_cell_is_no_value()
    {
        var records = Read(Header + "\r\n" + "\"Acme, Inc.\",writing,2025-03,completed,hourly,USD,10,1,\"said \"\"no\"\"\nthen left\"\r\n"
            + "Beta,writing,2025-03,completed,hourly,USD,\"\",  ,\"\"\"\"\r\n");
        Assert.HasCount(2, records);
        Assert.AreEqual("Acme, Inc.", Value(records[0], "platform"));
        Assert.AreEqual("said \"no\"\nthen left", Value(records[0], "notes"));
        Assert.IsNull(Value(records[1], "gross_pay"), "a quoted empty cell");
        Assert.IsNull(Value(records[1], "paid_hours"), "a cell of spaces");
        Assert.AreEqual("\"", Value(records[1], "notes"));
        Assert.AreEqual("line 4", records[1].Where, "the first record spans lines 2-3");
    }

    [TestMethod]
    public void A_byte_order_mark_blank_lines_even_before_the_header_and_a_missing_last_line_break_are_read()
    {
        var records = Read("\n" + Header + "\n\nAlpha,writing,2025-03,completed,hourly,USD,10,1,\n   \nBeta,writing,2025-03,completed,hourly,USD,10,1,", byteOrderMark: true);
        CollectionAssert.AreEqual(new[] { "Alpha", "Beta" }, records.Select(r => Value(r, "platform")).ToArray());
        CollectionAssert.AreEqual(new[] { "line 4", "line 6" }, records.Select(r => r.Where).ToArray());
    }

    [TestMethod]
    [DataRow("Alpha,writing,2025-03,completed,hourly,USD,10,1,the \"best\" job", "line 3: malformed CSV")]
    [DataRow("\"Alpha\"x,writing,2025-03,completed,hourly,USD,10,1,", "line 3: malformed CSV")]
    [DataRow("\"Alpha,writing,2025-03,completed,hourly,USD,10,1,\nBeta,writing,2025-03,completed,hourly,USD,10,1,", "line 3: malformed CSV")]
    public void A_stray_or_unclosed_quote_stops_the_import_at_its_line(string row, string expected)
    {
        var e = Assert.ThrowsExactly<ImportFormatException>(() => Read(Header + "\nAlpha,writing,2025-03,completed,hourly,USD,10,1,\n" + row + "\n"));
        StringAssert.StartsWith(e.Message, "logs.csv: " + expected);
    }

    [TestMethod]
    public void A_quote_never_closed_in_a_large_file_is_a_named_error_not_a_crash()
    {
        // Sep holds a row whole up to 16M characters and then throws its own NotSupportedException: found by hand.
        var row = "Alpha,writing,2025-03,completed,hourly,USD,10,1,\n";
        var text = new StringBuilder(Header).Append('\n').Append(row).Append("\"Alpha,writing\n");
        while (text.Length < 17_000_000) text.Append(row);
        var e = Assert.ThrowsExactly<ImportFormatException>(() => Read(text.ToString()));
        StringAssert.StartsWith(e.Message, "logs.csv: line 3: malformed CSV (a quote never closed?)");
    }

    [TestMethod]
    public void A_row_with_another_number_of_fields_is_named_and_the_rows_after_it_are_read()
    {
        var records = Read(Header + "\nAlpha,writing,2025-03,completed,hourly,USD,10,1,,extra\nBeta,writing,2025-03,completed,hourly,USD,10,1,\n");
        Assert.AreEqual("has 10 fields, the header has 9", records[0].Problem);
        Assert.AreEqual("line 2", records[0].Where);
        Assert.AreEqual("Beta", Value(records[1], "platform"));
    }

    [TestMethod]
    [DataRow("platform,hours_paid\n", "logs.csv: line 1: unknown column 'hours_paid'")]
    [DataRow("\n\nplatform,hours_paid\n", "logs.csv: line 3: unknown column 'hours_paid'")]
    public void A_bad_header_is_named_at_its_own_line(string text, string expected) =>
        StringAssert.StartsWith(Assert.ThrowsExactly<ImportFormatException>(() => Read(text)).Message, expected);

    [TestMethod]
    public void An_empty_file_is_a_named_error_and_a_quoted_header_is_read()
    {
        StringAssert.Contains(Assert.ThrowsExactly<ImportFormatException>(() => Read("")).Message, "logs.csv: the file is empty");
        var records = Read("\"platform\"," + Header["platform,".Length..] + "\nAlpha,writing,2025-03,completed,hourly,USD,10,1,\n");
        Assert.AreEqual("Alpha", Value(records.Single(), "platform"));
    }
}
