using LaborWatch.Data;

namespace LaborWatch.Tests.Data;

[TestClass]
public sealed class RawQueryTests
{
    [TestMethod]
    [DataRow("SELECT 1", "SELECT 1")]
    [DataRow("a = ? AND b IN (?, ?)", "a = $1 AND b IN ($2, $3)")]
    [DataRow("note = 'why?' AND x = ?", "note = 'why?' AND x = $1")]
    [DataRow("\"odd?name\" = ? AND y = 'it''s ?' AND z = ?", "\"odd?name\" = $1 AND y = 'it''s ?' AND z = $2")]
    public void Positional_parameters_are_numbered_for_PostgreSQL_outside_quoted_text(string sqlite, string postgres) =>
        Assert.AreEqual(postgres, RawQuery.Numbered(sqlite));
}
