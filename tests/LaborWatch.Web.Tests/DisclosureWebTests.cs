using System.Net;
using System.Text;
using System.Text.Json;
using Dapper;
using LaborWatch.Data;

namespace LaborWatch.Web.Tests;

/// <summary>The disclosure attacks against the real server, as an outsider with an HTTP client.</summary>
[TestClass]
public sealed class DisclosureWebTests
{
    static readonly string[] Routes =
    [
        "/", "/api/stats", "/api/stats?by=platform,country", "/platform/alpha", "/postings", "/api/postings",
        "/charts/pay-trend.svg", "/charts/pay-distribution.csv", "/charts/cancellations.png",
        "/reports", "/reports/report.html", "/reports/report.json", "/reports/report.zip", "/reports/pay.csv",
    ];

    [TestMethod]
    public async Task A_k_below_the_operator_s_floor_is_refused_on_every_route_and_a_higher_one_is_fine()
    {
        await using var app = await TestApp.StartAsync(CsvRows.Csv(CsvRows.Workers("Alpha", 14)));
        foreach (var route in Routes)
        {
            var join = route.Contains('?') ? "&" : "?";
            var low = await app.Client.GetAsync(route + join + "k=2");
            Assert.AreEqual(HttpStatusCode.BadRequest, low.StatusCode, route);
            StringAssert.Contains(await low.Content.ReadAsStringAsync(), "below the floor of 11", route);
            Assert.AreEqual(HttpStatusCode.OK, (await app.Client.GetAsync(route + join + "k=12")).StatusCode, route);
        }

        await using var strict = await TestApp.StartAsync(CsvRows.Csv(CsvRows.Workers("Alpha", 14)),
            options: new LaborWatch.Web.Submissions.WebOptions { PublicK = 20 });
        var json = JsonDocument.Parse(await strict.Client.GetStringAsync("/api/stats")).RootElement;
        Assert.AreEqual(20, json.GetProperty("k").GetInt32(), "the operator's k is the default");
        Assert.IsTrue(json.GetProperty("pay")[0].GetProperty("suppressed").GetBoolean(), "14 workers < 20");
        Assert.AreEqual(HttpStatusCode.BadRequest, (await strict.Client.GetAsync("/api/stats?k=11")).StatusCode);
        StringAssert.Contains(await strict.Client.GetStringAsync("/submit"), "at least 20 workers", "the form promises the operator's k, not the default");
    }

    [TestMethod]
    public async Task One_submission_within_a_release_changes_nothing_public()
    {
        await using var app = await TestApp.StartAsync(CsvRows.Csv(CsvRows.Workers("Annotatrix", 30)));
        string[] views = ["/api/stats?by=platform,country", "/charts/pay-distribution.csv", "/api/stats?by=platform&survival=1", "/reports/pay.csv?by=platform,country"];
        var before = new List<(string Body, string? ETag, DateTimeOffset? Modified)>();
        foreach (var view in views) before.Add(await Fetch(app.Client, view));

        var log = """[{"platform":"Annotatrix","task_type":"rlhf_rating","country":"US-CA","started":"2025-03","ended":"2025-05","status":"cancelled_by_platform","pay_basis":"hourly","currency":"USD","gross_pay":"620.00","paid_hours":"30","rate_cut":1}]""";
        var posted = await app.Client.PostAsync("/api/contracts", new StringContent(log, Encoding.UTF8, "application/json"));
        Assert.AreEqual(HttpStatusCode.Created, posted.StatusCode, await posted.Content.ReadAsStringAsync());
        using (var db = Database.Open(app.DatabasePath))
            Assert.AreEqual(1L, db.ExecuteScalar<long>($"SELECT count(*) FROM contracts c WHERE moderation = 'approved' AND NOT {LaborWatch.Contracts.ReleasedLogs.Published}"), "stored and approved");

        for (var i = 0; i < views.Length; i++)
            Assert.AreEqual(before[i], await Fetch(app.Client, views[i]), $"{views[i]} changed before a release");

        Assert.IsNotNull(app.Release().Cut);
        var after = await Fetch(app.Client, views[0]);
        Assert.AreNotEqual(before[0].Body, after.Body, "the next release publishes it");
        Assert.AreEqual(2, JsonDocument.Parse(after.Body).RootElement.GetProperty("release").GetProperty("id").GetInt32());
    }

    static async Task<(string Body, string? ETag, DateTimeOffset? Modified)> Fetch(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, path);
        return (await response.Content.ReadAsStringAsync(), response.Headers.ETag?.Tag, response.Content.Headers.LastModified);
    }

    [TestMethod]
    public async Task Posts_from_one_connection_in_a_day_count_as_one_worker_and_new_kinds_wait_for_review()
    {
        await using var app = await TestApp.StartAsync(CsvRows.Csv(CsvRows.Workers("Annotatrix", 12)));
        string Log(string platform, string task = "rlhf_rating", int gross = 345) =>
            $$"""[{"platform":"{{platform}}","task_type":"{{task}}","country":"US-CA","started":"2025-03","ended":"2025-05","status":"completed","pay_basis":"hourly","currency":"USD","gross_pay":"{{gross}}","paid_hours":"20"}]""";
        var receipts = new HashSet<string>();
        for (var i = 0; i < 10; i++)
        {
            var response = await app.Client.PostAsync("/api/contracts", new StringContent(Log("Annotatrix", gross: 345 + i), Encoding.UTF8, "application/json"));
            var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.AreEqual("received", body.GetProperty("logs")[0].GetProperty("status").GetString());
            receipts.Add(body.GetProperty("receipt").GetString()!);
        }
        Assert.AreEqual(10, receipts.Count, "each post its own receipt");
        using var db = Database.Open(app.DatabasePath);
        Assert.AreEqual(1L, db.ExecuteScalar<long>("SELECT count(DISTINCT submitter_id) FROM contracts WHERE receipt_id IS NOT NULL"),
            "ten posts from one connection in one day: one worker for the k rule");

        await app.Client.PostAsync("/api/contracts", new StringContent(Log("Brand New Co"), Encoding.UTF8, "application/json"));
        await app.Client.PostAsync("/api/contracts", new StringContent(Log("Annotatrix", "coding"), Encoding.UTF8, "application/json"));
        CollectionAssert.AreEquivalent(new[] { "new_platform", "first_of_kind" },
            db.Query<string>("SELECT review_reason FROM contracts WHERE moderation = 'pending'").ToArray());
    }

    [TestMethod]
    public async Task The_cache_key_is_the_filter_not_the_raw_url()
    {
        await using var app = await TestApp.StartAsync(CsvRows.Csv(CsvRows.Workers("Alpha", 12)));
        Assert.AreEqual(HttpStatusCode.NotFound, (await app.Client.GetAsync("/platform/alpha%3Fto=2025-06")).StatusCode);
        Assert.AreEqual(HttpStatusCode.OK, (await app.Client.GetAsync("/platform/alpha?to=2025-06")).StatusCode, "not the cached 404 of the other URL");
        var a = await app.Client.GetStringAsync("/api/stats?platform=alpha,beta&country=us");
        var b = await app.Client.GetStringAsync("/api/stats?country=US&platform=Beta,%20Alpha");
        Assert.AreEqual(JsonDocument.Parse(a).RootElement.GetProperty("pay").GetRawText(), JsonDocument.Parse(b).RootElement.GetProperty("pay").GetRawText());
    }

    [TestMethod]
    public async Task An_amount_too_large_for_minor_units_is_a_400_naming_the_field()
    {
        await using var app = await TestApp.StartAsync();
        var log = """[{"platform":"X","task_type":"coding","started":"2025-02","status":"active","pay_basis":"hourly","currency":"USD","gross_pay":"79228162514264337593543950335","paid_hours":"1"}]""";
        var response = await app.Client.PostAsync("/api/contracts", new StringContent(log, Encoding.UTF8, "application/json"));
        Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode);
        StringAssert.Contains(await response.Content.ReadAsStringAsync(), "implausibly large");
    }

    [TestMethod]
    public async Task Signing_out_ends_the_review_session_on_the_server()
    {
        await using var app = await TestApp.StartAsync();
        var handler = new HttpClientHandler { UseCookies = true, CookieContainer = new CookieContainer() };
        using var client = new HttpClient(handler) { BaseAddress = app.Client.BaseAddress };
        var form = new FormClient(client);
        var (_, token) = await form.Open("/review");
        await form.Post("/review/login", [new("token", TestApp.ReviewToken)], token);
        var (queue, queueToken) = await form.Open("/review");
        Assert.AreEqual("Review queue", queue.QuerySelector("main h2")!.TextContent);
        var stolen = handler.CookieContainer.GetCookies(new Uri(client.BaseAddress!, "/review"))["lw_review"]!.Value;

        await form.Post("/review", [new("action", "logout")], queueToken);
        using var replay = new HttpRequestMessage(HttpMethod.Get, "/review");
        replay.Headers.Add("Cookie", "lw_review=" + stolen);
        var page = await app.Client.SendAsync(replay);
        StringAssert.Contains(await page.Content.ReadAsStringAsync(), "Review sign-in", "a cookie kept from before sign-out opens nothing");
    }
}
