using System.Net;
using LaborWatch.Tests;
using Command = LaborWatch.Tests.Cli.Cli;
using LaborWatch.Web.Tests.Reliability;

namespace LaborWatch.Web.Tests;

/// <summary>
/// Several `serve` processes over one database: on the PostgreSQL pass of scripts/test.sh a PostgreSQL
/// database, which is what a union runs behind a load balancer; on the SQLite pass one file, which also must hold.
/// </summary>
[TestClass]
public sealed class TwoServersTests
{
    const string ReviewToken = "two-servers-review-token-0123";

    [TestMethod]
    public async Task Two_servers_over_one_database_serve_the_same_figures_and_follow_each_release()
    {
        var folder = Directory.CreateTempSubdirectory("laborwatch-two-").FullName;
        var db = TestStore.NewTarget(folder, "two.db");
        var servers = new List<CliProcess>();
        try
        {
            var first = Path.Combine(folder, "first.csv");
            var more = Path.Combine(folder, "more.csv");
            Assert.AreEqual(0, Command.Run(null, "sample", "--rows", "3000", "--out", first).ExitCode);
            Assert.AreEqual(0, Command.Run(null, "sample", "--rows", "600", "--seed", "99", "--out", more).ExitCode);
            var imported = Command.Run(db, "import", "contracts", first);
            Assert.AreEqual(0, imported.ExitCode, imported.Stderr);

            var clients = new List<HttpClient>();
            for (var i = 0; i < 2; i++)
            {
                var port = CliProcess.FreePort();
                var server = CliProcess.Start(db, new Dictionary<string, string> { ["LABORWATCH_REVIEW_TOKEN"] = ReviewToken },
                    "serve", "--urls", $"http://127.0.0.1:{port}");
                servers.Add(server);
                await server.WaitForStdoutOrStderr("Now listening on", TimeSpan.FromSeconds(60));
                clients.Add(new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") });
            }
            string[] routes = ["/api/stats?by=platform", "/api/stats?by=task_type,country", "/charts/pay-trend.svg"];
            async Task<List<string>> Answers(HttpClient client)
            {
                var bodies = new List<string>();
                foreach (var route in routes)
                {
                    using var response = await client.GetAsync(route);
                    Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, route);
                    bodies.Add(await response.Content.ReadAsStringAsync());
                }
                return bodies;
            }
            var before = await Answers(clients[0]);
            CollectionAssert.AreEqual(before, await Answers(clients[1]), "both servers answer the same");

            // A release cut elsewhere (the CLI, a third process) shows on both at once.
            Assert.AreEqual(0, Command.Run(db, "import", "contracts", more).ExitCode);
            var released = Command.Run(db, "release", "--force");
            Assert.AreEqual(0, released.ExitCode, released.Stderr);
            var after = await Answers(clients[0]);
            Assert.AreNotEqual(before[0], after[0], "the new release's figures");
            CollectionAssert.AreEqual(after, await Answers(clients[1]), "both servers follow the release");

            // A reviewer signed in on one server: on PostgreSQL the other knows the session (the keys that seal the
            // cookie are in the database, the session in review_sessions); two SQLite servers without KEYS_DIR keep
            // their keys in memory, each its own, and say so by asking to sign in.
            var handler = new HttpClientHandler { CookieContainer = new CookieContainer() };
            using (var signedIn = new HttpClient(handler) { BaseAddress = clients[0].BaseAddress })
            {
                var form = new FormClient(signedIn);
                var (_, token) = await form.Open("/review");
                await form.Post("/review/login", [new("token", ReviewToken)], token);
                StringAssert.Contains((await form.Open("/review")).Page.Body!.TextContent, "Signed in");
            }
            var cookie = handler.CookieContainer.GetCookies(new Uri(clients[0].BaseAddress!, "/review"))["lw_review"]?.Value;
            Assert.IsNotNull(cookie, "the sign-in cookie");
            using var onSecond = new HttpRequestMessage(HttpMethod.Get, "/review");
            onSecond.Headers.Add("Cookie", "lw_review=" + cookie);
            var page = await (await clients[1].SendAsync(onSecond)).Content.ReadAsStringAsync();
            if (TestStore.Postgres) StringAssert.Contains(page, "Signed in", "the second server knows the first one's sign-in");
            else StringAssert.Contains(page, "Review sign-in", "SQLite servers without KEYS_DIR: keys in each one's memory");
            foreach (var client in clients) client.Dispose();
        }
        finally
        {
            foreach (var server in servers) server.Dispose();
            TestStore.Drop(db);
            Directory.Delete(folder, recursive: true);
        }
    }
}
