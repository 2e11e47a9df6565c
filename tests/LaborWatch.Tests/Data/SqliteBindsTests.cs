using LaborWatch.Data;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace LaborWatch.Tests.Data;

/// <summary>The import's binds straight into e_sqlite3 give SQLite the values SQLitePCL's own binds would.</summary>
[TestClass, TestCategory(TestStore.SqliteOnly)]
public sealed class SqliteBindsTests
{
    [TestMethod]
    public void Each_kind_of_value_arrives_as_itself_empty_ones_too()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        SqliteBinds.CheckSameLibrary();
        var db = connection.Handle!;
        Assert.AreEqual(raw.SQLITE_OK, raw.sqlite3_prepare_v2(db, "SELECT typeof(?1), quote(?1)", out var statement));
        using (statement)
        {
            var handle = statement.DangerousGetHandle();
            string Read(Func<int> bind)
            {
                Assert.AreEqual(raw.SQLITE_OK, bind());
                Assert.AreEqual(raw.SQLITE_ROW, raw.sqlite3_step(statement));
                var text = $"{raw.sqlite3_column_text(statement, 0).utf8_to_string()} {raw.sqlite3_column_text(statement, 1).utf8_to_string()}";
                raw.sqlite3_reset(statement);
                return text;
            }
            Assert.AreEqual("blob X''", Read(() => SqliteBinds.Blob(handle, 1, [])), "an empty blob, not NULL");
            Assert.AreEqual("blob X'00FF'", Read(() => SqliteBinds.Blob(handle, 1, [0, 255])));
            Assert.AreEqual("text ''", Read(() => SqliteBinds.Text(handle, 1, "")), "an empty text, not NULL");
            Assert.AreEqual("text 'naïve – «x»'", Read(() => SqliteBinds.Text(handle, 1, "naïve – «x»")));
            var longText = new string('é', 3_000);   // past the stack buffer
            Assert.AreEqual($"text '{longText}'", Read(() => SqliteBinds.Text(handle, 1, longText)));
            Assert.AreEqual("integer -9223372036854775808", Read(() => SqliteBinds.Integer(handle, 1, long.MinValue)));
            Assert.AreEqual("real 0.1", Read(() => SqliteBinds.Real(handle, 1, 0.1)));
            Assert.AreEqual("null NULL", Read(() => SqliteBinds.Null(handle, 1)));
            Assert.AreEqual(raw.SQLITE_RANGE, SqliteBinds.Integer(handle, 2, 1), "a parameter that does not exist is an error code, not a crash");
        }
    }
}
