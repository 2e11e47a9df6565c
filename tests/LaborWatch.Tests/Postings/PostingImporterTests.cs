using Dapper;
using LaborWatch.Contracts;
using LaborWatch.Postings;
using LaborWatch.Scraping;

namespace LaborWatch.Tests.Postings;

[TestClass]
public sealed class PostingImporterTests
{
    const string Good = """
        {"platform": "Annotara", "url": "https://jobs.annotara.example/rater", "observedAt": "2026-09-01", "title": "Rater", "payMin": 21, "payMax": 21, "payCurrency": "USD", "payUnit": "hour"}
        {"platform": "Annotara", "url": "https://jobs.annotara.example/rater", "observedAt": "2026-10-01", "title": "Rater", "payText": "$16/hr"}

        {"platform": "Quillstream", "url": "https://q.example/1", "observedAt": "2026-10-01", "payText": "no pay stated"}
        """;

    [TestMethod]
    public void Imports_observations_with_their_history_and_a_traceable_raw_line()
    {
        using var db = new TestDatabase();
        var summary = PostingImporter.Import(db.Connection, db.WriteFile("p.jsonl", Good));
        Assert.AreEqual((3, 2), (summary.Documents, summary.NewPostings));
        var change = PostingQueries.Changes(db.Connection).Single();
        Assert.IsTrue(change.Cut, "21 to 16 an hour");
        Assert.AreEqual("p.jsonl:4", db.Connection.Query<(string Url, byte[] Body, string? Encoding)>("SELECT source_url, body, body_encoding FROM raw_responses").ToList()
            .Single(r => System.Text.Encoding.UTF8.GetString(LaborWatch.Postings.RawBodies.Unpack(r.Body, r.Encoding)).Contains("Quillstream")).Url);
        Assert.AreEqual(0, PostingImporter.Import(db.Connection, db.WriteFile("p.jsonl", Good)).NewPostings, "importing again adds nothing new");
        Assert.AreEqual(3L, db.Connection.ExecuteScalar<long>("SELECT count(*) FROM posting_observations"));
    }

    [TestMethod]
    [DataRow("""{"url": "https://a.example/1", "observedAt": "2026-10-01"}""", "line 2: field 'platform': is required")]
    [DataRow("""{"platform": "A", "url": "ftp://a.example/1", "observedAt": "2026-10-01"}""", "line 2: field 'url': 'ftp://a.example/1' is not an absolute http(s) URL")]
    [DataRow("""{"platform": "A", "url": "https://a.example/1", "observedAt": "01/10/2026"}""", "line 2: field 'observedAt': '01/10/2026' is not a date")]
    [DataRow("""{"platform": "A", "url": "https://a.example/1", "observedAt": "2026-10-01", "payMin": 5, "payCurrency": "XYZ"}""", "line 2: field 'payCurrency': unknown currency 'XYZ'")]
    [DataRow("""{"platform": "A", "url": "https://a.example/1", "observedAt": "2026-10-01", "payMin": 9, "payMax": 5, "payCurrency": "USD"}""", "line 2: field 'payMin': 9 is above payMax 5")]
    [DataRow("""{"platform": "A", "url": "https://a.example/1", "observedAt": "2026-10-01", "salary": 5}""", "line 2: field 'salary': unknown")]
    [DataRow("""{"platform": "A", "url": """, "line 2: broken JSON")]
    public void A_bad_line_names_line_and_field_and_nothing_is_written(string bad, string expected)
    {
        using var db = new TestDatabase();
        var file = db.WriteFile("p.jsonl", Good.Split('\n')[0] + "\n" + bad + "\n");
        var e = Assert.ThrowsExactly<ImportFormatException>(() => PostingImporter.Import(db.Connection, file));
        StringAssert.Contains(e.Message, "p.jsonl: " + expected);
        StringAssert.Contains(e.Message, "nothing was imported");
        Assert.AreEqual(0L, db.Connection.ExecuteScalar<long>("SELECT count(*) FROM postings"));
    }
}
