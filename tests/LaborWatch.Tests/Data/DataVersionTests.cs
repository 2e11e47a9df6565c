using LaborWatch.Contracts;
using LaborWatch.Data;
using LaborWatch.Scraping;

namespace LaborWatch.Tests.Data;

[TestClass]
public sealed class DataVersionTests
{
    [TestMethod]
    public void The_version_moves_when_a_release_is_cut_or_postings_are_written_and_not_otherwise()
    {
        using var db = new TestDatabase();
        var v0 = DataVersion.Of(db.Connection);
        var file = db.WriteFile("logs.csv", Rows.Csv(Rows.Valid("s1")));
        ContractImporter.Import(db.Connection, file);
        Assert.AreEqual(v0, DataVersion.Of(db.Connection), "imported logs are not public until a release");
        LaborWatch.Privacy.Releases.Cut(db.Connection, 1, DateTimeOffset.UnixEpoch);
        var v1 = DataVersion.Of(db.Connection);
        Assert.AreNotEqual(v0, v1);
        ContractImporter.Import(db.Connection, file);
        Assert.AreEqual(v1, DataVersion.Of(db.Connection), "a re-import that adds nothing changes nothing");
        Assert.ThrowsExactly<ImportRejectedException>(() => ContractImporter.Import(db.Connection, db.WriteFile("bad.csv", Rows.Csv(Rows.Valid("s2", ("paid_hours", "-1"))))));
        Assert.AreEqual(v1, DataVersion.Of(db.Connection), "a rejected import changes nothing");
        OfflineScraper.Scrape(db.Connection, Repo.File("data", "fixtures", "postings", "day1"), "2026-10-05");
        Assert.AreNotEqual(v1, DataVersion.Of(db.Connection));
    }
}
