using System.Net;
using System.Text;
using LaborWatch.Web.Submissions;

namespace LaborWatch.Web.Tests;

/// <summary>Behind a reverse proxy: forwarded headers only from the proxies the operator lists.</summary>
[TestClass]
public sealed class ProxyTests
{
    static async Task<HttpStatusCode> Post(TestApp app, string? forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/contracts") { Content = new StringContent("[]", Encoding.UTF8, "application/json") };
        if (forwardedFor is not null) request.Headers.Add("X-Forwarded-For", forwardedFor);
        return (await app.Client.SendAsync(request)).StatusCode;
    }

    [TestMethod]
    public async Task Behind_a_listed_proxy_each_worker_is_their_own_client_and_one_worker_is_still_limited()
    {
        await using var app = await TestApp.StartAsync(options: new WebOptions
        {
            ReviewToken = TestApp.ReviewToken, PostsPerWindow = 3, TrustedProxies = WebOptions.ParseNetworks("127.0.0.1/32, ::1"),
        });
        for (var worker = 1; worker <= 25; worker++)
            Assert.AreNotEqual(HttpStatusCode.TooManyRequests, await Post(app, $"203.0.113.{worker}"), $"worker {worker} through the proxy");
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 25; i++) answers.Add(await Post(app, "198.51.100.7"));
        Assert.AreEqual(22, answers.Count(a => a == HttpStatusCode.TooManyRequests), "one worker posting 25 times: 3 allowed, then limited");
    }

    [TestMethod]
    public async Task Without_a_listed_proxy_a_forwarded_header_is_ignored()
    {
        await using var app = await TestApp.StartAsync(options: new WebOptions { ReviewToken = TestApp.ReviewToken, PostsPerWindow = 3 });
        var answers = new List<HttpStatusCode>();
        for (var i = 1; i <= 6; i++) answers.Add(await Post(app, $"203.0.113.{i}"));
        Assert.AreEqual(3, answers.Count(a => a == HttpStatusCode.TooManyRequests), "a client cannot claim another address to escape its limit");
    }

    [TestMethod]
    public async Task A_forwarded_https_request_gets_a_secure_review_cookie()
    {
        await using var app = await TestApp.StartAsync(options: new WebOptions { ReviewToken = TestApp.ReviewToken, TrustedProxies = WebOptions.ParseNetworks("127.0.0.1") });
        // Cookies by hand: a Secure cookie would not go back over this test's plain-HTTP hop to the "proxy".
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = app.Client.BaseAddress };
        using var open = new HttpRequestMessage(HttpMethod.Get, "/review");
        open.Headers.Add("X-Forwarded-Proto", "https");
        var opened = await client.SendAsync(open);
        var formCookie = opened.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("lw_form=", StringComparison.Ordinal)).Split(';')[0];
        var token = FormClient.Parse(await opened.Content.ReadAsStringAsync()).QuerySelector("input[name=form_token]")!.GetAttribute("value")!;
        using var login = new HttpRequestMessage(HttpMethod.Post, "/review/login")
        {
            Content = new FormUrlEncodedContent([new("token", TestApp.ReviewToken), new("form_token", token)]),
        };
        login.Headers.Add("X-Forwarded-Proto", "https");
        login.Headers.Add("Cookie", formCookie);
        var response = await client.SendAsync(login);
        Assert.AreEqual(HttpStatusCode.Redirect, response.StatusCode, await response.Content.ReadAsStringAsync());
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("__Host-lw_review=", StringComparison.Ordinal));
        StringAssert.Contains(cookie.ToLowerInvariant(), "secure", "the original request was HTTPS");
        StringAssert.Contains(cookie.ToLowerInvariant(), "path=/;", "a __Host- cookie is for the whole host");
    }

    [TestMethod]
    public void A_bad_proxy_list_is_refused_with_the_value_named()
    {
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => WebOptions.ParseNetworks("10.0.0.0/8, proxy.example")).Message, "'proxy.example' is not an address or CIDR block");
        Assert.AreEqual(2, WebOptions.ParseNetworks("10.0.0.0/8,::1").Count);
    }

    [TestMethod]
    public async Task Healthz_answers_without_data()
    {
        await using var app = await TestApp.StartAsync(CsvRows.Csv(CsvRows.Workers("Alpha", 12)));
        var response = await app.Client.GetAsync("/healthz");
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.AreEqual("ok\n", await response.Content.ReadAsStringAsync());
    }

    [TestMethod]
    public async Task Named_reviewers_are_recorded_with_their_decisions_and_sessions_survive_a_restart_with_kept_keys()
    {
        var keys = Directory.CreateTempSubdirectory("laborwatch-keys-").FullName;
        var options = new WebOptions
        {
            ReviewToken = null, KeysFolder = keys,
            NamedReviewers = WebOptions.ParseReviewers("alice=alice-token-0123456789; bob=bob-token-0123456789abc; short=tooshort"),
        };
        Assert.AreEqual(2, options.Reviewers.Count, "a token under 16 characters opens nothing");
        string? cookie;
        string database;
        var handler = new HttpClientHandler { CookieContainer = new CookieContainer() };
        await using (var app = await TestApp.StartAsync(CsvRows.Csv(CsvRows.Workers("Annotatrix", 12)), options: options))
        {
            database = app.DatabasePath;
            using var client = new HttpClient(handler, disposeHandler: false) { BaseAddress = app.Client.BaseAddress };
            var form = new FormClient(client);
            var (_, token) = await form.Open("/submit");
            await form.Post("/submit", FormClient.Log(0, new() { ["notes"] = "needs a person" }), token);
            var (_, signIn) = await form.Open("/review");
            await form.Post("/review/login", [new("token", "bob-token-0123456789abc")], signIn);
            var (queue, queueToken) = await form.Open("/review");
            StringAssert.Contains(queue.Body!.TextContent, "Signed in as bob");
            await form.Post("/review", [new("id", queue.QuerySelector("input[name=id]")!.GetAttribute("value")!), new("action", "approve")], queueToken);
            using var db = LaborWatch.Data.Database.Open(database);
            Assert.AreEqual(("bob", DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)),
                Dapper.SqlMapper.QuerySingle<(string, string)>(db, "SELECT reviewed_by, reviewed_on FROM contracts WHERE receipt_id IS NOT NULL"));
            cookie = handler.CookieContainer.GetCookies(new Uri(client.BaseAddress!, "/review"))["lw_review"]?.Value;
            Assert.AreEqual(0L, Dapper.SqlMapper.ExecuteScalar<long>(db, "SELECT count(*) FROM review_sessions WHERE reviewer <> 'bob'"));

            // A second server over the same database and key folder knows the session...
            var second = WebApp.Build(database, "http://127.0.0.1:0", options);
            await second.StartAsync();
            try
            {
                using var other = new HttpClient { BaseAddress = new Uri(second.Urls.First()) };
                async Task<string> Review()
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, "/review");
                    request.Headers.Add("Cookie", "lw_review=" + cookie);
                    return await (await other.SendAsync(request)).Content.ReadAsStringAsync();
                }
                StringAssert.Contains(await Review(), "Signed in as <strong>bob</strong>", "several servers share sign-ins");
                // ... and signing out on the first ends it on the second.
                var (_, again) = await form.Open("/review");
                await form.Post("/review", [new("action", "logout")], again);
                StringAssert.Contains(await Review(), "Review sign-in");
            }
            finally
            {
                await second.DisposeAsync();
            }
        }
        Assert.IsNotNull(cookie);
        Assert.IsTrue(Directory.EnumerateFiles(keys, "*.xml").Any(), "the keys are kept in the folder");
        Directory.Delete(keys, recursive: true);
    }
}
