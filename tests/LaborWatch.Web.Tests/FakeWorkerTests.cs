using System.Net;
using System.Text;
using System.Text.Json;
using LaborWatch.Data;
using LaborWatch.Privacy;
using LaborWatch.Web.Submissions;

namespace LaborWatch.Web.Tests;

/// <summary>
/// Fake workers against a real serve: a platform's only log from Great Britain is one worker's cell; eleven posts into
/// it from eleven addresses must not make it an eleven-worker cell, cut a release, or publish the cell.
/// </summary>
[TestClass]
public sealed class FakeWorkerTests
{
    const string Cell = "/api/stats?platform=Annotatrix&country=GB";

    static string Log(int gross) =>
        $$"""[{"platform":"Annotatrix","task_type":"rlhf_rating","country":"GB","started":"2025-03","ended":"2025-05","status":"completed","pay_basis":"hourly","currency":"GBP","gross_pay":"{{gross}}","paid_hours":"20","unpaid_idle_hours":"4"}]""";

    static async Task<TestApp> Start() => await TestApp.StartAsync(
        CsvRows.Csv(CsvRows.Many("Annotatrix", 40), "victim,Annotatrix,rlhf_rating,GB,2025-03-10,2025-04-20,completed,hourly,GBP,180,20,9\n"),
        options: new WebOptions { ReviewToken = TestApp.ReviewToken, PostsPerWindow = 10_000, TrustedProxies = WebOptions.ParseNetworks("127.0.0.1, ::1") });

    static async Task Post(TestApp app, string from, int gross)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/contracts") { Content = new StringContent(Log(gross), Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Forwarded-For", from);
        var response = await app.Client.SendAsync(request);
        Assert.AreEqual(HttpStatusCode.Created, response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    static async Task<bool> Suppressed(TestApp app) =>
        JsonDocument.Parse(await app.Client.GetStringAsync(Cell)).RootElement.GetProperty("pay")[0].GetProperty("suppressed").GetBoolean();

    static ReleaseOutcome Cut(TestApp app)
    {
        using var db = Database.Open(app.DatabasePath);
        return Releases.Cut(db, Disclosure.DefaultK, DateTimeOffset.UtcNow);   // as the schedule cuts: not forced
    }

    [TestMethod]
    public async Task Eleven_posts_from_one_slash_24_are_one_worker_no_release_and_the_cell_stays_suppressed()
    {
        await using var app = await Start();
        Assert.IsTrue(await Suppressed(app), "one worker's cell");
        for (var host = 2; host <= 12; host++) await Post(app, $"198.51.100.{host}", 300 + host);
        var refused = Cut(app);
        Assert.IsNull(refused.Cut, refused.Message);
        Assert.AreEqual(1, refused.WaitingSubmitters, "eleven addresses of one /24: one worker");
        Assert.IsTrue(await Suppressed(app), "still suppressed");

    }

    [TestMethod]
    public async Task Eleven_posts_from_eleven_networks_are_eleven_workers_and_cut_a_release()
    {
        // The control: the rule counts networks, so eleven real workers on eleven networks still publish.
        await using var app = await Start();
        for (var net = 1; net <= 11; net++) await Post(app, $"203.0.{net}.9", 300 + net);
        var cut = Cut(app);
        using (var db = Database.Open(app.DatabasePath))
            Assert.IsNotNull(cut.Cut, cut.Message + " " + string.Join(",", Dapper.SqlMapper.Query<string>(db, "SELECT moderation || ':' || coalesce(review_reason, '') FROM contracts WHERE receipt_id IS NOT NULL")));
        Assert.AreEqual(11L, cut.Cut!.Added);
    }

    [TestMethod]
    public void The_day_table_forgets_its_oldest_networks_never_all_of_them()
    {
        var keys = new ClientKeys();
        static IPAddress Network(int i) => new([(byte)(20 + (i >> 16)), (byte)(i >> 8), (byte)i, 1]);
        var first = keys.DaySubmitter(IPAddress.Parse("10.0.0.1"));
        Assert.AreEqual(first, keys.DaySubmitter(IPAddress.Parse("10.0.0.200")), "one /24, one worker");
        Assert.AreNotEqual(first, keys.DaySubmitter(IPAddress.Parse("10.0.1.1")), "the next /24, another");
        Assert.AreEqual(keys.DaySubmitter(IPAddress.Parse("2001:db8:42:1::7")), keys.DaySubmitter(IPAddress.Parse("2001:db8:42:ff00::1")), "two /64s of one /48, one worker");
        Assert.AreNotEqual(keys.DaySubmitter(IPAddress.Parse("2001:db8:42::1")), keys.DaySubmitter(IPAddress.Parse("2001:db8:43::1")), "another /48, another");
        Assert.AreEqual(first, keys.DaySubmitter(IPAddress.Parse("::ffff:10.0.0.9")), "an IPv4 address mapped to IPv6 is its IPv4 /24");
        var tokens = Enumerable.Range(0, ClientKeys.MaxDaySubmitters).Select(i => keys.DaySubmitter(Network(i))).ToList();
        Assert.AreEqual(tokens[^1], keys.DaySubmitter(Network(ClientKeys.MaxDaySubmitters - 1)), "the newest are kept: the table was not emptied");
        Assert.AreEqual(tokens[1000], keys.DaySubmitter(Network(1000)), "and so are older ones still within the bound");
        Assert.AreNotEqual(first, keys.DaySubmitter(IPAddress.Parse("10.0.0.1")), "the oldest network was forgotten");
    }
}
