using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LaborWatch.Web.Tests;

/// <summary>
/// Every public route, walked with the inputs a prober tries: digits from other scripts (which .NET's \d matches),
/// a trailing newline (which $ lets through), out-of-range numbers and bad Host headers. None may answer 500, and no
/// request's Host may end up in what others are served.
/// </summary>
[TestClass]
public sealed class HostileRouteTests
{
    static readonly string[] Routes =
    [
        "/", "/api/stats", "/api/postings", "/charts/pay-trend.svg", "/charts/pay-distribution.csv", "/methodology",
        "/platform/annotatrix", "/postings", "/postings/changes.atom", "/receipt", "/reports", "/reports/report.json",
        "/reports/pay.csv", "/review", "/submit", "/healthz",
    ];

    static readonly string[] Parameters = ["from", "to", "k", "platform", "parent", "country", "task_type", "by", "lang", "survival"];

    static readonly string[] Values =
    [
        "\u0662\u0660\u0662\u0665-\u0660\u0661",   // Arabic-Indic 2025-01
        "\uFF12\uFF10\uFF12\uFF15-\uFF10\uFF11",   // fullwidth 2025-01
        "\u0967\u0968",                            // Devanagari 12
        "2025-01\n", "2025-01\r\n", "2025-13", "0000-00", "99999999999999999999", "-1", "\u0000", "\uFFFD", "%", "a,,b", new string('9', 5000),
    ];

    /// <summary>A request as bytes over a socket, so that Host can be anything a client can send; the status code back.</summary>
    static async Task<int> Raw(Uri server, string target, string host)
    {
        using var socket = new TcpClient();
        await socket.ConnectAsync(server.Host, server.Port);
        var stream = socket.GetStream();
        await stream.WriteAsync(Encoding.UTF8.GetBytes($"GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var status = await reader.ReadLineAsync() ?? "";
        return int.Parse(status.Split(' ')[1]);
    }

    [TestMethod]
    public async Task No_public_route_answers_500_to_unicode_digits_trailing_newlines_or_bad_numbers()
    {
        await using var app = await TestApp.StartAsync(CsvRows.Csv(CsvRows.Many("Annotatrix", 40)));
        var failures = new List<string>();
        foreach (var route in Routes)
            foreach (var name in Parameters)
                foreach (var value in Values)
                {
                    var url = $"{route}?{name}={Uri.EscapeDataString(value)}";
                    var response = await app.Client.GetAsync(url);
                    if ((int)response.StatusCode >= 500) failures.Add($"{(int)response.StatusCode} {url[..Math.Min(url.Length, 80)]}");
                }
        Assert.AreEqual(0, failures.Count, string.Join("\n", failures.Take(20)));

        // And a month that only looks right is refused, naming the parameter.
        foreach (var month in new[] { "2025-01\n", "\u0662\u0660\u0662\u0665-\u0660\u0661", "\uFF12\uFF10\uFF12\uFF15-\uFF10\uFF11" })
        {
            var refused = await app.Client.GetAsync("/api/stats?from=" + Uri.EscapeDataString(month));
            Assert.AreEqual(HttpStatusCode.BadRequest, refused.StatusCode, month);
            StringAssert.Contains(await refused.Content.ReadAsStringAsync(), "from:");
        }
    }

    [TestMethod]
    public async Task Bad_host_headers_get_no_500_and_never_reach_the_feed_or_a_page()
    {
        await using var app = await TestApp.StartAsync(CsvRows.Csv(CsvRows.Many("Annotatrix", 40)));
        var server = app.Client.BaseAddress!;
        var failures = new List<string>();
        foreach (var host in new[] { "127.0.0.1:99999", "evil.example", "evil.example:80", "[::1]:1", "xn--", "a_b", "" })
            foreach (var route in Routes)
            {
                var status = await Raw(server, route, host);
                if (status >= 500) failures.Add($"{status} {route} Host: {host}");
            }
        Assert.AreEqual(0, failures.Count, string.Join("\n", failures));

        // A request naming another host first, then everyone else's copy of the cached feed and pages.
        Assert.AreEqual(200, await Raw(server, "/postings/changes.atom", "evil.example"));
        foreach (var route in Routes.Where(r => r != "/healthz"))
        {
            var body = await app.Client.GetStringAsync(route);
            Assert.IsFalse(body.Contains("evil.example", StringComparison.OrdinalIgnoreCase), $"{route} names the host another request gave");
        }
        StringAssert.Contains(await app.Client.GetStringAsync("/postings/changes.atom"), $"href=\"{server.GetLeftPart(UriPartial.Authority)}/postings/changes.atom\"",
            "the feed's links come from the server's own public URL");
    }

    /// <summary>
    /// Whether someone else already asked for a filtered view must not show: the first request for it (drawn) and the
    /// next (from the cache) answer with the same headers, no timing header, and the release's cut time as Last-Modified.
    /// </summary>
    [TestMethod]
    public async Task The_first_and_a_cached_answer_of_a_view_carry_identical_headers_and_the_release_s_time()
    {
        await using var app = await TestApp.StartAsync(CsvRows.Csv(CsvRows.Many("Annotatrix", 40)));
        string cutAt;
        using (var db = LaborWatch.Data.Database.Open(app.DatabasePath))
            cutAt = LaborWatch.Contracts.ReleasedLogs.Current(db)!.CutAt;
        static string Headers(HttpResponseMessage r) => string.Join("\n", r.Headers.Concat(r.Content.Headers)
            .Where(h => h.Key != "Date").OrderBy(h => h.Key, StringComparer.Ordinal).Select(h => $"{h.Key}: {string.Join(",", h.Value)}"));
        foreach (var view in new[] { "/api/stats?country=US&task_type=coding", "/charts/pay-trend.svg?platform=annotatrix&from=2025-01", "/?platform=annotatrix", "/postings/changes.atom?platform=annotatrix" })
        {
            var miss = await app.Client.GetAsync(view);
            await Task.Delay(1100);   // a render time would now differ by a second
            var hit = await app.Client.GetAsync(view);
            Assert.AreEqual(HttpStatusCode.OK, miss.StatusCode, view);
            Assert.AreEqual(Headers(miss), Headers(hit), view);
            Assert.IsFalse(miss.Headers.Contains("Server-Timing"), view);
            Assert.AreEqual(DateTimeOffset.Parse(cutAt, System.Globalization.CultureInfo.InvariantCulture), miss.Content.Headers.LastModified, view);
        }
    }
}
