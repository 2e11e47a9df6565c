using Dapper;
using LaborWatch.Data;
using Microsoft.Data.Sqlite;

namespace LaborWatch.Tests.Data;

/// <summary>A new database file gets 16 KB pages (a faster bulk insert); a file an older build made keeps its own and works.</summary>
[TestClass, TestCategory(TestStore.SqliteOnly)]
public sealed class PageSizeTests
{
    [TestMethod]
    public void A_new_file_gets_16_KB_pages_and_an_older_4_KB_file_keeps_its_pages_and_its_logs()
    {
        var folder = Directory.CreateTempSubdirectory("laborwatch-pages-").FullName;
        try
        {
            var fresh = Path.Combine(folder, "new.db");
            using (var connection = Database.OpenMigrated(fresh))
                Assert.AreEqual(16384, connection.ExecuteScalar<int>("PRAGMA page_size"));

            // An older build's file: 4 KB pages, WAL, migrated, with a log in it.
            var older = Path.Combine(folder, "older.db");
            using (var raw = new SqliteConnection($"Data Source={older};Pooling=False"))
            {
                raw.Open();
                raw.Execute("PRAGMA page_size = 4096; PRAGMA journal_mode = WAL;");
            }
            using (var connection = Database.OpenMigrated(older))
            {
                Assert.AreEqual(4096, connection.ExecuteScalar<int>("PRAGMA page_size"));
                var file = Path.Combine(folder, "one.csv");
                File.WriteAllText(file, Rows.Csv(Rows.Valid("s1")));
                Assert.AreEqual(1, LaborWatch.Contracts.ContractImporter.Import(connection, file).Added);
            }
            using (var again = Database.OpenMigrated(older))
            {
                Assert.AreEqual(4096, again.ExecuteScalar<int>("PRAGMA page_size"), "opening it again changes nothing");
                Assert.AreEqual(1, again.ExecuteScalar<int>("SELECT count(*) FROM contracts"));
                Assert.AreEqual("ok", again.ExecuteScalar<string>("PRAGMA integrity_check"));
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }
}
