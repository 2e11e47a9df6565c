using System.Diagnostics;
using System.Text;
using LaborWatch.Data;
using LaborWatch.Web.Submissions;
using Command = LaborWatch.Tests.Cli.Cli;

namespace LaborWatch.Web.Tests.Reliability;

/// <summary>A bulk import into the database the server is using, while workers post and readers read.</summary>
[TestClass, DoNotParallelize]
public sealed class ConcurrencyTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod, TestCategory("Reliability")]
    public async Task A_bulk_import_while_the_server_takes_posts_and_serves_pages_gives_no_5xx_and_no_lock_error()
    {
        var rows = Figures.Pick(100_000, 1_000_000);
        using var folder = new TempFolder();
        var csv = folder.File("logs.csv");
        Assert.AreEqual(0, Command.Run(null, "sample", "--rows", rows.ToString(), "--out", csv).ExitCode);
        await using var app = await TestApp.StartAsync(CsvRows.Csv(CsvRows.Workers("Annotatrix", 12)),
            options: new WebOptions { ReviewToken = TestApp.ReviewToken, PostsPerWindow = 1_000_000 });

        using var import = CliProcess.Start(app.DatabasePath, null, "import", "contracts", csv);
        var failures = new List<string>();
        long posts = 0, reads = 0, slowestPostMs = 0;
        async Task Loop(Func<int, Task<HttpResponseMessage>> request, bool isPost)
        {
            for (var i = 0; !import.HasExited; i++)
            {
                var clock = Stopwatch.StartNew();
                using var response = await request(i);
                var text = await response.Content.ReadAsStringAsync();
                if (isPost) { Interlocked.Increment(ref posts); InterlockedMax(ref slowestPostMs, clock.ElapsedMilliseconds); }
                else Interlocked.Increment(ref reads);
                if ((int)response.StatusCode >= 500 || text.Contains("locked", StringComparison.OrdinalIgnoreCase))
                    lock (failures) failures.Add($"{response.RequestMessage!.RequestUri!.PathAndQuery}: {(int)response.StatusCode} {text[..Math.Min(200, text.Length)]}");
            }
        }
        var client = app.Client;
        client.Timeout = TimeSpan.FromMinutes(2);
        var loops = new List<Task>();
        for (var c = 0; c < 3; c++)
        {
            var worker = c;
            loops.Add(Task.Run(() => Loop(i => client.PostAsync("/api/contracts", new StringContent(
                $$"""[{"platform":"Annotatrix","task_type":"coding","started":"2025-0{{1 + i % 9}}","status":"active","pay_basis":"hourly","currency":"USD","gross_pay":{{500 + worker * 100_000 + i}},"paid_hours":25}]""",
                Encoding.UTF8, "application/json")), isPost: true)));
        }
        var pages = new[] { "/", "/api/stats?by=platform", "/methodology", "/charts/pay-trend.png", "/healthz" };
        loops.Add(Task.Run(() => Loop(i => client.GetAsync(pages[i % pages.Length]), isPost: false)));
        Assert.IsTrue(import.WaitForExit(TimeSpan.FromMinutes(10)), "the import did not finish");
        await Task.WhenAll(loops);
        Assert.AreEqual(0, import.ExitCode, import.Stderr);

        Figures.Record("concurrency", $"import of {rows:N0} logs while the server takes posts and serves pages ({posts:N0} posts, slowest {slowestPostMs / 1000.0:F1} s)",
            posts + reads, "requests", failures.Count, "5xx or lock errors");
        TestContext.WriteLine($"{posts} posts (slowest {slowestPostMs} ms) and {reads} reads during the import");
        Assert.AreEqual(0, failures.Count, string.Join("\n", failures.Take(5)));
        Assert.IsTrue(posts > 0 && reads > 0, "requests should run during the import");
        Assert.IsTrue(slowestPostMs <= Database.BusyTimeoutSeconds * 1000 + 2000, $"a post waited {slowestPostMs} ms, past the {Database.BusyTimeoutSeconds} s busy timeout");
        Assert.AreEqual(rows + 12L + posts, DatabaseChecks.Count(app.DatabasePath, "SELECT count(*) FROM contracts"), "every log of the import and every post is stored");
    }

    static void InterlockedMax(ref long target, long value)
    {
        long seen;
        while (value > (seen = Interlocked.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen) { }
    }
}
