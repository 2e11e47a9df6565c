using System.Net;
using System.Net.Sockets;
using System.Text;
using Dapper;
using LaborWatch.Data;
using LaborWatch.Web.Submissions;

namespace LaborWatch.Web.Tests.Reliability;

/// <summary>
/// Hostile posts at scale, each from its own client (behind a trusted proxy, each with its own forwarded
/// address, so the per-client rate limit lets every one through), then every page that shows submitted text read
/// back for injected elements; and slow clients that hold connections open while others are served.
/// </summary>
[TestClass, DoNotParallelize]
public sealed class HostileScaleTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod, TestCategory("Reliability")]
    public async Task Ten_thousand_hostile_posts_from_as_many_clients_give_no_5xx_and_inject_nothing()
    {
        var posts = Figures.Pick(1_000, 10_000);
        var options = new WebOptions { ReviewToken = TestApp.ReviewToken, TrustedProxies = [System.Net.IPNetwork.Parse("127.0.0.1/32")] };
        await using var app = await TestApp.StartAsync(CsvRows.Csv(CsvRows.Workers("Annotatrix", 12)), options: options);
        var random = new Random(29);
        var payloads = HostileInputTests.Payloads;
        var fields = ContractFields.All.Select(f => f.Name).ToArray();
        var columns = LaborWatch.Contracts.ContractColumns.All;
        var statuses = new Dictionary<int, int>();
        var serverErrors = new List<string>();
        var (_, formToken) = await new FormClient(app.Client).Open("/submit");   // the antiforgery token (and cookie) a browser would hold
        for (var i = 0; i < posts; i++)
        {
            var client = $"198.18.{i / 250}.{i % 250 + 1}";   // one forwarded address a post: as many clients as posts
            HttpRequestMessage request;
            string what;
            if (i % 4 == 0)
            {
                // The form: hostile values in a random field, and hostile names and notes on logs that are otherwise valid.
                var payload = i % 200 == 0 ? new string('<', 300 * 1024) : payloads[random.Next(payloads.Length)];
                var overrides = i % 8 == 0
                    ? new Dictionary<string, string> { ["platform"] = "P" + payload, ["notes"] = payload, ["gross_pay"] = (600 + i).ToString(System.Globalization.CultureInfo.InvariantCulture) }
                    : new Dictionary<string, string> { [fields[random.Next(fields.Length)]] = payload };
                var form = FormClient.Log(0, overrides);
                if (i % 12 == 0) form.Add(new("count", payload));
                form.Add(new("form_token", formToken));
                request = new HttpRequestMessage(HttpMethod.Post, "/submit") { Content = new FormUrlEncodedContent(form) };
                what = $"form {i}";
            }
            else
            {
                var value = random.Next(2) == 0 ? HostileInputTests.JsonValues[random.Next(HostileInputTests.JsonValues.Length)]
                    : System.Text.Json.JsonSerializer.Serialize(payloads[random.Next(payloads.Length)]);
                var body = $$"""[{"platform":"Api {{i % 50}}","task_type":"coding","started":"2025-02","status":"active","pay_basis":"hourly","currency":"USD","gross_pay":{{100 + i}},"paid_hours":5,"{{columns[random.Next(columns.Length)]}}":{{value}}}]""";
                if (i % 40 == 0) body = body[..(body.Length / 2)];
                if (i % 97 == 0) body = $$"""[{"platform":"Huge","task_type":"coding","started":"2025-02","status":"active","pay_basis":"hourly","currency":"USD","gross_pay":{{(i % 3 == 0 ? "1e300" : "92233720368547758.07")}},"paid_hours":5}]""";
                request = new HttpRequestMessage(HttpMethod.Post, "/api/contracts") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
                what = $"api {i}: {body[..Math.Min(300, body.Length)]}";
            }
            request.Headers.Add("X-Forwarded-For", client);
            // As browsers' uploads effectively do: a body the server refuses (413) is not written into a closed connection.
            if (request.Content.Headers.ContentLength > 64 * 1024) request.Headers.ExpectContinue = true;
            using var response = await app.Client.SendAsync(request);
            var code = (int)response.StatusCode;
            statuses[code] = statuses.GetValueOrDefault(code) + 1;
            if (code >= 500) serverErrors.Add($"{what}: {code}");
            request.Dispose();
        }
        TestContext.WriteLine(string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}")));
        Figures.Record("hostile", $"hostile posts (form and API), each from its own client", posts, "posts", serverErrors.Count, "server errors");
        Assert.AreEqual(0, serverErrors.Count, string.Join("\n", serverErrors.Take(5)));
        Assert.AreEqual(0, statuses.GetValueOrDefault(429), "each post came from its own client: none should be rate limited");
        Assert.IsTrue(statuses.GetValueOrDefault(201) + statuses.GetValueOrDefault(200) > posts / 10, "some hostile-but-valid logs should be stored");

        // Publish what was approved, then read back every page that can show submitted text.
        using (var db = Database.Open(app.DatabasePath))
            db.Execute("UPDATE contracts SET moderation = 'approved' WHERE moderation = 'pending'");
        app.Release();
        var pages = new List<string> { "/", "/postings", "/methodology", "/submit", "/reports", "/reports/report.html", "/api/stats?by=platform",
            "/charts/pay-trend.svg", "/charts/cancellations.svg", "/charts/misclassification.svg", "/postings/changes.atom" };
        using (var db = Database.Open(app.DatabasePath))
            pages.AddRange(db.Query<string>("SELECT slug FROM platforms ORDER BY id").Select(s => "/platform/" + Uri.EscapeDataString(s)));
        var injected = new List<string>();
        foreach (var path in pages)
        {
            using var response = await app.Client.GetAsync(path);
            if ((int)response.StatusCode >= 500) serverErrors.Add($"GET {path}: {(int)response.StatusCode}");
            injected.AddRange(HostileInputTests.Injected(path, await response.Content.ReadAsStringAsync()));
        }
        var researcher = new FormClient(app.Client);
        var (_, token) = await researcher.Open("/review");
        await researcher.Post("/review/login", [new("token", TestApp.ReviewToken)], token);
        using (var db = Database.Open(app.DatabasePath))
            db.Execute("UPDATE contracts SET moderation = 'pending' WHERE id IN (SELECT id FROM contracts WHERE notes IS NOT NULL ORDER BY id LIMIT 200)");
        var queue = await app.Client.GetStringAsync("/review");
        injected.AddRange(HostileInputTests.Injected("/review", queue));
        Figures.Record("hostile", "pages read back after them (every page, each platform, review queue, HTML report)", pages.Count + 1, "pages", injected.Count, "injected elements");
        Assert.AreEqual(0, injected.Count, string.Join("\n", injected.Take(5)));
        Assert.AreEqual(0, serverErrors.Count, string.Join("\n", serverErrors.Take(5)));
        StringAssert.Contains(queue, "&lt;script&gt;", "the review queue should show hostile notes, escaped");
    }

    [TestMethod, TestCategory("Reliability")]
    public async Task Slow_clients_holding_connections_open_do_not_stop_the_server_answering_others()
    {
        await using var app = await TestApp.StartAsync(CsvRows.Csv(CsvRows.Workers("Annotatrix", 12)));
        var uri = new Uri(app.Address);
        var slow = new List<TcpClient>();
        int headers = Figures.Pick(100, 400), bodies = Figures.Pick(20, 100);
        try
        {
            // Slowloris: a request line and then one header byte at a time. Slow bodies: a big Content-Length, 1 byte a second.
            for (var i = 0; i < headers + bodies; i++)
            {
                var tcp = new TcpClient();
                await tcp.ConnectAsync(uri.Host, uri.Port);
                var start = i < headers ? "GET / HTTP/1.1\r\nHost: x\r\nX-a: " : "POST /api/contracts HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n[";
                await tcp.GetStream().WriteAsync(Encoding.ASCII.GetBytes(start));
                slow.Add(tcp);
            }
            using var drip = new CancellationTokenSource();
            var dripping = Task.Run(async () =>
            {
                while (!drip.IsCancellationRequested)
                {
                    foreach (var tcp in slow)
                        try { await tcp.GetStream().WriteAsync("a"u8.ToArray()); } catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException) { }
                    try { await Task.Delay(1000, drip.Token); } catch (TaskCanceledException) { }
                }
            });
            // Meanwhile everyone else is served, again and again, for longer than the header timeout.
            var answered = 0;
            var failures = new List<string>();
            var until = DateTime.UtcNow + TimeSpan.FromSeconds(Figures.Pick(12, 20));
            while (DateTime.UtcNow < until)
            {
                foreach (var path in new[] { "/", "/api/stats", "/healthz" })
                {
                    using var response = await app.Client.GetAsync(path);
                    if (response.StatusCode == HttpStatusCode.OK) answered++; else failures.Add($"{path}: {(int)response.StatusCode}");
                }
                await Task.Delay(200);
            }
            drip.Cancel();
            await dripping;
            // Kestrel's limits (set in WebApp) drop them: headers must arrive within 10 s, bodies at 240 bytes/s after a 5 s grace.
            var dropped = 0;
            foreach (var tcp in slow)
            {
                tcp.Client.ReceiveTimeout = 100;
                try
                {
                    var buffer = new byte[4096];
                    var read = tcp.Client.Receive(buffer);
                    if (read == 0 || Encoding.ASCII.GetString(buffer, 0, read).Contains("408") || Encoding.ASCII.GetString(buffer, 0, read).Contains("400")) dropped++;
                }
                catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset) { dropped++; }
                catch (SocketException) { }   // still open: not dropped
            }
            Figures.Record("hostile", $"slow clients ({headers} slowloris headers, {bodies} bodies at 1 byte/s) while others are served", answered + failures.Count, "requests from others", failures.Count, "unanswered");
            TestContext.WriteLine($"{answered} answered; {dropped} of {slow.Count} slow connections dropped by the server");
            Assert.AreEqual(0, failures.Count, string.Join("\n", failures.Take(5)));
            Assert.IsTrue(answered > 20);
            Assert.AreEqual(slow.Count, dropped, "every slow connection should have been dropped by Kestrel's limits");
        }
        finally
        {
            foreach (var tcp in slow) tcp.Dispose();
        }
    }
}
