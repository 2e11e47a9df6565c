using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace LaborWatch.Tests.Cli;

/// <summary>
/// Runs `laborwatch serve` as its own process, submits through a client whose connections come from
/// 127.0.0.77 with a unique user agent, then searches the database, its WAL and shared-memory files and
/// everything the server wrote to stdout and stderr for that address and user agent: there must be none.
/// </summary>
[TestClass]
public sealed partial class ServePrivacyTests
{
    const string ClientAddress = "127.0.0.77";
    const string UserAgent = "PrivacyProbe/1.0 (ua-marker-5e1f9c)";
    const string ReviewToken = "privacy-test-review-token-42";

    [TestMethod]
    [DataRow("simple")]
    [DataRow("json")]
    public async Task A_submission_leaves_no_client_address_or_user_agent_anywhere(string logFormat)
    {
        var folder = Directory.CreateTempSubdirectory("laborwatch-privacy-").FullName;
        var db = Path.Combine(folder, "privacy.db");
        var output = new StringBuilder();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "LaborWatch.Cli.dll"), "--db", db, "serve", "--urls", "http://127.0.0.1:0" })
            start.ArgumentList.Add(a);
        start.Environment["LABORWATCH_REVIEW_TOKEN"] = ReviewToken;
        start.Environment["LABORWATCH_LOG_FORMAT"] = logFormat;
        using var server = Process.Start(start)!;
        string? address0 = null;
        var listening = new TaskCompletionSource<string>();
        void Collect(string? line)
        {
            if (line is null) return;
            lock (output) output.AppendLine(line);
            if (ListeningLine().Match(line) is { Success: true } m) listening.TrySetResult(m.Groups[1].Value);
        }
        server.OutputDataReceived += (_, e) => Collect(e.Data);
        server.ErrorDataReceived += (_, e) => Collect(e.Data);
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        try
        {
            var address = await listening.Task.WaitAsync(TimeSpan.FromSeconds(60));
            address0 = address;
            var localEndpoints = new List<EndPoint>();
            using var handler = new SocketsHttpHandler
            {
                UseCookies = true,
                ConnectCallback = async (context, token) =>
                {
                    var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    socket.Bind(new IPEndPoint(IPAddress.Parse(ClientAddress), 0));
                    await socket.ConnectAsync(context.DnsEndPoint, token);
                    lock (localEndpoints) localEndpoints.Add(socket.LocalEndPoint!);
                    return new NetworkStream(socket, ownsSocket: true);
                },
            };
            using var client = new HttpClient(handler) { BaseAddress = new Uri(address) };
            client.DefaultRequestHeaders.UserAgent.ParseAdd(UserAgent);
            client.DefaultRequestHeaders.Add("X-Forwarded-For", ClientAddress);

            var token = Token(await client.GetStringAsync("/submit"));
            var log = new Dictionary<string, string>
            {
                ["count"] = "1", ["action"] = "submit", ["form_token"] = token, ["log0.platform"] = "Annotatrix", ["log0.task_type"] = "writing",
                ["log0.started"] = "2025-04", ["log0.status"] = "active", ["log0.pay_basis"] = "hourly", ["log0.currency"] = "USD",
                ["log0.gross_pay"] = "300", ["log0.paid_hours"] = "15", ["log0.notes"] = "sent from " + ClientAddress,
            };
            var submitted = await client.PostAsync("/submit", new FormUrlEncodedContent(log));
            Assert.AreEqual(HttpStatusCode.OK, submitted.StatusCode);
            var receipt = Regex.Match(await submitted.Content.ReadAsStringAsync(), "id=\"receipt-code\"[^>]*>([^<]+)<").Groups[1].Value;
            log["log0.gross_pay"] = "lots";
            Assert.AreEqual(HttpStatusCode.BadRequest, (await client.PostAsync("/submit", new FormUrlEncodedContent(log))).StatusCode);
            var api = await client.PostAsync("/api/contracts", new StringContent(
                """[{"platform":"Annotatrix","task_type":"coding","started":"2025-02","status":"active","pay_basis":"hourly","currency":"USD","gross_pay":100,"paid_hours":5}]""",
                Encoding.UTF8, "application/json"));
            Assert.AreEqual(HttpStatusCode.Created, api.StatusCode);
            var receiptPage = await client.PostAsync("/receipt", new FormUrlEncodedContent(new Dictionary<string, string>
                { ["code"] = receipt, ["action"] = "view", ["form_token"] = Token(await client.GetStringAsync("/receipt")) }));
            Assert.AreEqual(HttpStatusCode.OK, receiptPage.StatusCode);
            await client.PostAsync("/review/login", new FormUrlEncodedContent(new Dictionary<string, string>
                { ["token"] = ReviewToken, ["form_token"] = Token(await client.GetStringAsync("/review")) }));
            await client.GetAsync("/no-such-page");
            await client.GetAsync("/");
            Assert.IsTrue(localEndpoints.Count > 0 && localEndpoints.All(e => e.ToString()!.StartsWith(ClientAddress + ":", StringComparison.Ordinal)),
                "every request came from the probe address");
        }
        finally
        {
            using (var stop = Process.Start("kill", ["-TERM", server.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) stop.WaitForExit();
            if (!server.WaitForExit(TimeSpan.FromSeconds(30))) server.Kill(entireProcessTree: true);
            server.WaitForExit();
        }

        string log2;
        lock (output) log2 = output.ToString();
        StringAssert.Contains(log2, "Now listening on", "the server's output was captured");
        if (logFormat == "json")
            foreach (var line in log2.Split('\n').Where(l => l.Contains("Now listening", StringComparison.Ordinal)))
                Assert.AreEqual("Now listening on: " + address0, System.Text.Json.JsonDocument.Parse(line).RootElement.GetProperty("Message").GetString(), "JSON logs: one object a line");
        var files = new[] { db, db + "-wal", db + "-shm" }.Where(File.Exists).ToList();
        Assert.IsTrue(new FileInfo(db).Length > 0);
        foreach (var needle in new[] { ClientAddress, "ua-marker-5e1f9c", "PrivacyProbe", ReviewToken })
        {
            Assert.IsFalse(log2.Contains(needle, StringComparison.Ordinal), $"server output holds '{needle}':\n{log2}");
            foreach (var file in files)
            {
                var bytes = File.ReadAllBytes(file);
                Assert.AreEqual(-1, bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(needle)), $"{Path.GetFileName(file)} holds '{needle}'");
                Assert.AreEqual(-1, bytes.AsSpan().IndexOf(Encoding.Unicode.GetBytes(needle)), $"{Path.GetFileName(file)} holds '{needle}' (UTF-16)");
            }
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    static string Token(string html) => Regex.Match(html, "name=\"form_token\" value=\"([^\"]+)\"").Groups[1].Value;

    [GeneratedRegex(@"Now listening on: (http://[0-9.:\[\]a-z]+)")]
    private static partial Regex ListeningLine();
}
