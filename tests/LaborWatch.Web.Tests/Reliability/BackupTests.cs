using System.Net;
using System.Text;
using System.Text.Json;
using Dapper;
using Command = LaborWatch.Tests.Cli.Cli;

namespace LaborWatch.Web.Tests.Reliability;

/// <summary>
/// `laborwatch backup --out FILE` while the server writes: each copy is the database as of one instant (sound,
/// every log in it also in the source), a copy taken at rest has the source's data fingerprint, and restoring a
/// copy as docs/deploy.md says gives the same figures.
/// </summary>
[TestClass, DoNotParallelize]
public sealed class BackupTests
{
    [TestMethod, TestCategory("Reliability")]
    public async Task Backups_taken_while_the_server_writes_are_consistent_and_restore_to_the_same_figures()
    {
        int copies = Figures.Pick(3, 20), clients = 4;
        using var folder = new TempFolder();
        var csv = folder.File("logs.csv");
        Assert.AreEqual(0, Command.Run(null, "sample", "--rows", Figures.Pick(20_000, 200_000).ToString(), "--out", csv).ExitCode);
        var db = folder.File("lw.db");
        Assert.AreEqual(0, Command.Run(db, "import", "contracts", csv).ExitCode);

        var port = CliProcess.FreePort();
        using var serve = CliProcess.Start(db, new Dictionary<string, string> { ["LABORWATCH_POSTS_PER_HOUR"] = "100000" },
            "serve", "--urls", $"http://127.0.0.1:{port}", "--release-every", "off");
        await serve.WaitForStdoutOrStderr("Now listening on", TimeSpan.FromSeconds(60));
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            var stored = 0;
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var body = $$"""[{"platform":"Backupworks","task_type":"coding","started":"2025-0{{1 + i % 9}}","status":"active","pay_basis":"hourly","currency":"USD","gross_pay":{{100 + c * 100_000 + i}},"paid_hours":5}]""";
                using var response = await http.PostAsync("/api/contracts", new StringContent(body, Encoding.UTF8, "application/json"));
                Assert.AreEqual(HttpStatusCode.Created, response.StatusCode, await response.Content.ReadAsStringAsync());
                stored++;
            }
            return stored;
        })).ToList();

        var failures = 0;
        var taken = new List<string>();
        for (var i = 0; i < copies; i++)
        {
            await Task.Delay(200);
            var copy = folder.File($"copy-{i}.db");
            var backup = Command.Run(db, "backup", "--out", copy);
            Assert.AreEqual(0, backup.ExitCode, backup.Stderr);
            DatabaseChecks.AssertSound(copy, $"copy {i + 1}");
            taken.Add(copy);
        }
        stop.Cancel();
        var posted = (await Task.WhenAll(writers)).Sum();
        Assert.IsTrue(posted > copies, $"the server should be writing while the copies are taken ({posted} posts)");

        // Each copy is one instant of the source: every log it holds is in the source, and the later copies hold more.
        using (var source = DatabaseChecks.OpenReadOnly(db))
        {
            var hashes = source.Query<byte[]>("SELECT row_hash FROM contracts").Select(Convert.ToHexString).ToHashSet();
            var previous = 0L;
            foreach (var copy in taken)
            {
                using var c = DatabaseChecks.OpenReadOnly(copy);
                var rows = c.Query<byte[]>("SELECT row_hash FROM contracts").Select(Convert.ToHexString).ToList();
                if (rows.Any(h => !hashes.Contains(h)) || rows.Count < previous) failures++;
                previous = rows.Count;
            }
        }
        Assert.AreEqual(0, failures, "a copy holds a log the source does not, or fewer than an earlier copy");

        // At rest: the copy has the source's data fingerprint, and a restored copy serves the same figures.
        var atRest = folder.File("at-rest.db");
        Assert.AreEqual(0, Command.Run(db, "backup", "--out", atRest).ExitCode);
        var restored = folder.File("restored.db");
        File.Copy(atRest, restored);   // docs/deploy.md: stop the server, copy the backup in place of the file, start it
        serve.KillHard();
        string Fingerprint(string file)
        {
            var json = folder.File(Path.GetFileNameWithoutExtension(file) + ".report.json");
            Assert.AreEqual(0, Command.Run(file, "report", "--out", json).ExitCode);
            return JsonDocument.Parse(File.ReadAllText(json)).RootElement.GetProperty("report").GetProperty("dataFingerprint").GetString()!;
        }
        var sourcePrint = Fingerprint(db);
        var restoredPrint = Fingerprint(restored);
        if (sourcePrint != restoredPrint) failures++;
        Figures.Record("backup", $"`backup` while the server writes ({posted:N0} posts meanwhile), then restored", copies + 1, "copies", failures, "unsound or inconsistent copies");
        Assert.AreEqual(sourcePrint, restoredPrint, "the restored copy's data fingerprint");
        Assert.AreEqual(Command.Run(db, "stats", "--json").Stdout, Command.Run(restored, "stats", "--json").Stdout, "the restored copy's figures");
    }

}
