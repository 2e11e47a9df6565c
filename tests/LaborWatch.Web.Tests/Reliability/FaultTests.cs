using System.Net;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Microsoft.AspNetCore.Http;
using LaborWatch.Data;
using Command = LaborWatch.Tests.Cli.Cli;

namespace LaborWatch.Web.Tests.Reliability;

/// <summary>
/// Faults from below: a full disk, a read-only or locked database, a damaged file at start, a scrape target that
/// dies in the middle of its answer. Each gets a clear error naming what went wrong; nothing is half written, and
/// a damaged file is never written to.
/// </summary>
[TestClass, DoNotParallelize]
public sealed class FaultTests
{
    [TestMethod, TestCategory("Reliability")]
    public void An_import_onto_a_full_disk_says_so_and_writes_nothing()
    {
        using var folder = new TempFolder();
        var csv = folder.File("logs.csv");
        Assert.AreEqual(0, Command.Run(null, "sample", "--rows", "60000", "--out", csv).ExitCode);
        using var disk = SmallDisk.Mount(4);
        var db = disk.File("lw.db");
        Assert.AreEqual(0, Command.Run(db, "release", "--force").ExitCode, "a migrated, empty database fits");
        var result = Command.Run(db, "import", "contracts", csv);
        Figures.Record("fault", "disk full during an import (4 MiB filesystem)", 1, "imports", result.ExitCode == 1 ? 0 : 1, "unclear failures");
        Assert.AreEqual(1, result.ExitCode, result.Stdout + result.Stderr);
        StringAssert.Contains(result.Stderr, "disk is full");
        StringAssert.Contains(result.Stderr, "nothing");
        DatabaseChecks.AssertSound(db, "after the full disk");
        Assert.AreEqual(0L, DatabaseChecks.Count(db, "SELECT count(*) FROM contracts"));
    }

    [TestMethod, TestCategory("Reliability")]
    public async Task On_a_full_disk_the_server_refuses_posts_with_a_503_and_keeps_serving_reads()
    {
        using var disk = SmallDisk.Mount(8);
        var csv = CsvRows.Csv(CsvRows.Workers("Annotatrix", 12));
        await using var app = await TestApp.StartAsync(csv, databaseFolder: disk.Path);
        var before = await app.Client.GetStringAsync("/");
        // The WAL is emptied first, so that no write can land in room it kept from before: how much it kept depends on
        // the layout of everything written before (one more migration was enough to let a form post fit).
        using (var connection = LaborWatch.Data.Database.Open(app.DatabasePath))
            Assert.AreEqual(0, Dapper.SqlMapper.QuerySingle<(int Busy, int Log, int Checkpointed)>(connection, "PRAGMA wal_checkpoint(TRUNCATE)").Busy, "the WAL could be emptied");
        disk.FillUp();
        int errors = 0, posts = Figures.Pick(20, 200);
        var form = new FormClient(app.Client);
        for (var i = 0; i < posts; i++)
        {
            var body = $$"""[{"platform":"Fullness {{i}}","task_type":"coding","started":"2025-02","status":"active","pay_basis":"hourly","currency":"USD","gross_pay":{{100 + i}},"paid_hours":5,"notes":"{{new string('x', 1500)}}"}]""";
            using var response = await app.Client.PostAsync("/api/contracts", new StringContent(body, Encoding.UTF8, "application/json"));
            if ((int)response.StatusCode >= 500 && response.StatusCode != HttpStatusCode.ServiceUnavailable) errors++;
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
                StringAssert.Contains(await response.Content.ReadAsStringAsync(), "nothing was stored");
        }
        var (page, token) = await form.Open("/submit");
        var (formResponse, formPage) = await form.Post("/submit", FormClient.Log(0, new() { ["notes"] = new string('y', 3000) }), token);
        var reads = new[] { "/", "/methodology", "/api/stats?by=platform", "/healthz" };
        foreach (var path in reads)
            if ((await app.Client.GetAsync(path)).StatusCode != HttpStatusCode.OK) errors++;
        Figures.Record("fault", "disk full while the server takes posts", posts + 1 + reads.Length, "requests", errors, "5xx other than 503, failed reads");
        Assert.AreEqual(0, errors);
        Assert.AreEqual(HttpStatusCode.ServiceUnavailable, formResponse.StatusCode, formPage.Body?.TextContent);
        Assert.AreEqual(before, await app.Client.GetStringAsync("/"), "the overview still reads the same");
        DatabaseChecks.AssertSound(app.DatabasePath, "after the full disk");
    }

    [TestMethod, TestCategory("Reliability")]
    public void A_read_only_database_gets_a_clear_error_and_stays_as_it_was()
    {
        using var folder = new TempFolder();
        var csv = folder.File("logs.csv");
        Assert.AreEqual(0, Command.Run(null, "sample", "--rows", "500", "--out", csv).ExitCode);
        using var disk = SmallDisk.Mount(16);
        var db = disk.File("lw.db");
        Assert.AreEqual(0, Command.Run(db, "import", "contracts", csv).ExitCode);
        var sha = Sha(db);
        disk.MakeReadOnly();
        var import = Command.Run(db, "import", "contracts", csv);
        var serve = Command.Run(db, "serve", "--urls", "http://127.0.0.1:0");
        var clear = import.ExitCode == 1 && serve.ExitCode == 1 && import.Stderr.Contains("read-only") && serve.Stderr.Contains("read-only");
        Figures.Record("fault", "read-only database (import, serve)", 2, "runs", clear ? 0 : 1, "unclear failures");
        Assert.AreEqual(1, import.ExitCode, import.Stdout + import.Stderr);
        StringAssert.Contains(import.Stderr, "read-only");
        Assert.AreEqual(1, serve.ExitCode, serve.Stdout + serve.Stderr);
        StringAssert.Contains(serve.Stderr, "read-only");
        Assert.AreEqual(sha, Sha(db));
    }

    [TestMethod, TestCategory("Reliability")]
    public void A_database_locked_by_another_writer_past_the_busy_timeout_fails_the_import_whole()
    {
        using var folder = new TempFolder();
        var csv = folder.File("logs.csv");
        Assert.AreEqual(0, Command.Run(null, "sample", "--rows", "2000", "--out", csv).ExitCode);
        var db = folder.File("lw.db");
        Assert.AreEqual(0, Command.Run(db, "release", "--force").ExitCode);
        using (var holder = Database.Open(db))
        {
            using var tx = holder.BeginWrite();   // BEGIN IMMEDIATE: the write lock, held past the 5 s busy timeout
            holder.Execute("INSERT INTO releases(cut_at, logs, added) VALUES ('2026-01-01T00:00:00Z', 0, 0)", transaction: tx);
            var result = Command.Run(db, "import", "contracts", csv);
            tx.Rollback();
            Figures.Record("fault", "database locked by another writer past the busy timeout", 1, "imports", result.ExitCode == 1 && result.Stderr.Contains("locked") ? 0 : 1, "unclear failures");
            Assert.AreEqual(1, result.ExitCode, result.Stdout + result.Stderr);
            StringAssert.Contains(result.Stderr, "locked");
        }
        Assert.AreEqual(0L, DatabaseChecks.Count(db, "SELECT count(*) FROM contracts"));
        Assert.AreEqual(0, Command.Run(db, "import", "contracts", csv).ExitCode, "once the lock is gone the import goes through");
        Assert.AreEqual(2000L, DatabaseChecks.Count(db, "SELECT count(*) FROM contracts"));
    }

    [TestMethod, TestCategory("Reliability")]
    public void A_damaged_or_foreign_database_file_is_refused_at_start_and_never_written()
    {
        using var folder = new TempFolder();
        var csv = folder.File("logs.csv");
        Assert.AreEqual(0, Command.Run(null, "sample", "--rows", "20000", "--out", csv).ExitCode);
        var healthy = folder.File("healthy.db");
        Assert.AreEqual(0, Command.Run(healthy, "import", "contracts", csv).ExitCode);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        var cases = new Dictionary<string, Action<string>>
        {
            ["random bytes"] = f => File.WriteAllBytes(f, RandomNumberGenerator.GetBytes(64 * 1024)),
            ["a text file"] = f => File.WriteAllText(f, "platform,task_type\nnot,a database\n"),
            ["a database with pages zeroed in the middle"] = f =>
            {
                File.Copy(healthy, f);
                using var stream = new FileStream(f, FileMode.Open);
                stream.Position = stream.Length / 2 / 4096 * 4096;
                stream.Write(new byte[4096 * 8]);
            },
            ["its header cut off"] = f => File.WriteAllBytes(f, File.ReadAllBytes(healthy)[100..]),
            ["another program's SQLite database"] = f =>
            {
                using var other = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={f};Pooling=false");
                other.Open();
                other.Execute("CREATE TABLE invoices(id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices(total) VALUES (12.5);");
            },
        };
        // A damaged header or a foreign file shows on opening: every verb refuses. Damaged pages show only when read:
        // serve checks the whole file at start (PRAGMA quick_check) and a backup reads every page.
        var headerOnly = new HashSet<string> { "a database with pages zeroed in the middle" };
        int starts = 0, refused = 0;
        foreach (var (what, make) in cases)
        {
            var file = folder.File(what.Replace(' ', '-') + ".db");
            make(file);
            var sha = Sha(file);
            var runs = new List<(string Verb, Command.Result Result)>
            {
                ("serve", Command.Run(file, "serve", "--urls", "http://127.0.0.1:0")),
                ("backup", Command.Run(file, "backup", "--out", file + ".copy")),
            };
            if (!headerOnly.Contains(what)) runs.Add(("import", Command.Run(file, "import", "contracts", csv)));
            foreach (var (verb, result) in runs)
            {
                starts++;
                Assert.AreEqual(1, result.ExitCode, $"{what}: {verb} ran: {result.Stdout}{result.Stderr}");
                StringAssert.Contains(result.Stderr, file, $"{what}: {verb}: the message names the file");
                StringAssert.Contains(result.Stderr, "left as it is", $"{what}: {verb}: the message says the file was not touched");
                Assert.IsFalse(File.Exists(file + ".copy"), $"{what}: a backup of a damaged file was written");
                refused++;
            }
            Assert.AreEqual(sha, Sha(file), $"{what}: the file was written to");
            Assert.IsFalse(File.Exists(file + "-wal") && new FileInfo(file + "-wal").Length > 0, $"{what}: a write-ahead log was started");
        }
        Figures.Record("fault", "damaged or foreign database file (serve, backup, import)", starts, "starts", starts - refused, "files written to or opened");
    }

    [TestMethod, TestCategory("Reliability")]
    public async Task A_scrape_target_that_dies_mid_body_is_an_error_for_that_source_and_the_others_are_recorded()
    {
        using var folder = new TempFolder();
        await using var server = await BoardServer.StartAsync(4, TimeSpan.Zero, async (c, board) =>
        {
            c.Response.ContentType = "application/json";
            var json = BoardServer.Board(board);
            if (board != 2) { await c.Response.WriteAsync(json); return; }
            c.Response.ContentLength = json.Length;   // promises the whole answer, sends half, then drops the connection
            await c.Response.WriteAsync(json[..(json.Length / 2)]);
            await c.Response.Body.FlushAsync();
            c.Abort();
        });
        var sources = folder.File("sources.json");
        File.WriteAllText(sources, server.SourcesJson());
        var db = folder.File("lw.db");
        var result = Command.Run(db, "scrape", "--sources", sources);
        Assert.AreEqual(0, result.ExitCode, result.Stderr);
        StringAssert.Contains(result.Stderr, "/v1/boards/2/jobs");
        Assert.AreEqual(3L * BoardServer.JobsPerBoard, DatabaseChecks.Count(db, "SELECT count(*) FROM postings"));
        Assert.AreEqual(0L, DatabaseChecks.Count(db, "SELECT count(*) FROM postings WHERE platform = 'Board2'"));
        Assert.AreEqual(3L, DatabaseChecks.Count(db, "SELECT count(*) FROM raw_responses"), "no half answer is kept as a page");
        Assert.AreEqual(1L, DatabaseChecks.Count(db, "SELECT count(*) FROM source_runs WHERE error IS NOT NULL AND platform = 'Board2'"));
        Figures.Record("fault", "scrape target dying mid-body", 1, "scrapes", 0, "half answers stored");
    }

    static string Sha(string file) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file)));
}
