using System.Net;
using LaborWatch.Web.Submissions;

namespace LaborWatch.Web.Tests;

/// <summary>The review side as an attacker tries it: a removed reviewer's cookie, placeholder tokens, a forged form.</summary>
[TestClass]
public sealed class ReviewerSecurityTests
{
    const string Alice = "alice-token-0123456789";
    const string Bob = "bob-token-0123456789abc";

    static async Task<(FormClient Form, HttpClientHandler Handler)> SignIn(HttpClient anonymous, string token)
    {
        var handler = new HttpClientHandler { CookieContainer = new CookieContainer() };
        var form = new FormClient(new HttpClient(handler) { BaseAddress = anonymous.BaseAddress });
        var (_, signIn) = await form.Open("/review");
        var (response, _) = await form.Post("/review/login", [new("token", token)], signIn);
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        return (form, handler);
    }

    [TestMethod]
    public async Task A_removed_reviewer_or_a_replaced_token_ends_the_session_at_once()
    {
        var keys = Directory.CreateTempSubdirectory("laborwatch-keys-").FullName;
        WebOptions With(string reviewers) => new() { ReviewToken = null, KeysFolder = keys, NamedReviewers = WebOptions.ParseReviewers(reviewers) };
        await using var app = await TestApp.StartAsync(options: With($"alice={Alice}; bob={Bob}"));
        var (bob, handler) = await SignIn(app.Client, Bob);
        StringAssert.Contains((await bob.Open("/review")).Page.Body!.TextContent, "Signed in as bob");
        var cookie = handler.CookieContainer.GetCookies(new Uri(app.Client.BaseAddress!, "/review"))["lw_review"]!.Value;

        async Task<string> Review(string options)
        {
            await using var restarted = WebApp.Build(app.DatabasePath, "http://127.0.0.1:0", With(options));
            await restarted.StartAsync();
            using var client = new HttpClient { BaseAddress = new Uri(restarted.Urls.First()) };
            using var request = new HttpRequestMessage(HttpMethod.Get, "/review");
            request.Headers.Add("Cookie", "lw_review=" + cookie);
            return await (await client.SendAsync(request)).Content.ReadAsStringAsync();
        }
        StringAssert.Contains(await Review($"alice={Alice}; bob={Bob}"), "Signed in as <strong>bob</strong>", "the control: same reviewers, same keys");
        StringAssert.Contains(await Review($"alice={Alice}; bob=bob-new-token-9876543210xyz"), "Review sign-in", "a new token for bob ends his session");
        StringAssert.Contains(await Review($"alice={Alice}"), "Review sign-in", "bob removed: refused");
        Directory.Delete(keys, recursive: true);
    }

    [TestMethod]
    public async Task A_form_token_of_the_attacker_s_own_with_a_reviewer_s_session_decides_nothing()
    {
        await using var app = await TestApp.StartAsync();
        var worker = new FormClient(app.Client);
        var (_, submit) = await worker.Open("/submit");
        await worker.Post("/submit", FormClient.Log(0, new() { ["notes"] = "waits for a person" }), submit);
        var (reviewer, handler) = await SignIn(app.Client, TestApp.ReviewToken);
        var (queue, _) = await reviewer.Open("/review");
        var id = queue.QuerySelector("input[name=id]")!.GetAttribute("value")!;
        var session = handler.CookieContainer.GetCookies(new Uri(app.Client.BaseAddress!, "/review"))["lw_review"]!.Value;

        // The attacker's own antiforgery pair, from a page the attacker opened, with the reviewer's session cookie.
        using var attacker = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = app.Client.BaseAddress };
        var opened = await attacker.GetAsync("/review");
        var formCookie = opened.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("lw_form=", StringComparison.Ordinal)).Split(';')[0];
        var formToken = FormClient.Parse(await opened.Content.ReadAsStringAsync()).QuerySelector("input[name=form_token]")!.GetAttribute("value")!;
        using var forged = new HttpRequestMessage(HttpMethod.Post, "/review")
        {
            Content = new FormUrlEncodedContent([new("id", id), new("action", "approve"), new("form_token", formToken)]),
        };
        forged.Headers.Add("Cookie", $"{formCookie}; lw_review={session}");
        var response = await attacker.SendAsync(forged);
        Assert.AreEqual(HttpStatusCode.Forbidden, response.StatusCode);
        using (var db = LaborWatch.Data.Database.Open(app.DatabasePath))
            Assert.AreEqual("pending", Dapper.SqlMapper.ExecuteScalar<string>(db, "SELECT moderation FROM contracts WHERE id = @id", new { id = long.Parse(id) }));

        // The reviewer's own form decides.
        var (_, token) = await reviewer.Open("/review");
        await reviewer.Post("/review", [new("id", id), new("action", "approve")], token);
        using (var db = LaborWatch.Data.Database.Open(app.DatabasePath))
            Assert.AreEqual("approved", Dapper.SqlMapper.ExecuteScalar<string>(db, "SELECT moderation FROM contracts WHERE id = @id", new { id = long.Parse(id) }));
    }

    [TestMethod]
    public void Placeholder_weak_and_shared_tokens_are_refused_at_start_naming_the_reviewer()
    {
        static string Refused(string reviewers) => Assert.ThrowsExactly<ArgumentException>(
            () => WebApp.Build(":memory:", "http://127.0.0.1:0", new WebOptions { NamedReviewers = WebOptions.ParseReviewers(reviewers) })).Message;
        StringAssert.Contains(Refused("alice=CHANGE-ME-16-chars-or-more"), "reviewer 'alice': the token is a placeholder");
        StringAssert.Contains(Refused("alice=aaaaaaaaaaaaaaaaaaaaaaaa"), "reviewer 'alice': the token is too easy to guess");
        StringAssert.Contains(Refused($"alice={Alice}; bob={Alice}"), "reviewers 'alice' and 'bob' have the same token");
        Assert.AreEqual(0, new WebOptions { NamedReviewers = WebOptions.ParseReviewers($"alice={Alice}; bob={Bob}") }.ReviewerProblems().Count);

        // Through serve's settings too, named as a setting.
        var folder = Directory.CreateTempSubdirectory("laborwatch-settings-").FullName;
        File.WriteAllText(Path.Combine(folder, ServeSettings.FileName), """{"REVIEWERS": "alice=CHANGE-ME-16-chars-or-more;bob=CHANGE-ME-16-chars-or-more"}""");
        var message = Assert.ThrowsExactly<ArgumentException>(() => ServeSettings.Load(new Dictionary<string, string?>(), folder)).Message;
        StringAssert.Contains(message, "placeholder");
        StringAssert.Contains(message, "the same token");
        Directory.Delete(folder, recursive: true);
    }

    [TestMethod, System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task The_keys_folder_is_the_owner_s_alone()
    {
        var keys = Path.Combine(Directory.CreateTempSubdirectory("laborwatch-keys-").FullName, "keys");
        await using (var app = await TestApp.StartAsync(options: new WebOptions { ReviewToken = TestApp.ReviewToken, KeysFolder = keys }))
            await SignIn(app.Client, TestApp.ReviewToken);   // a key is made and written
        Assert.AreEqual("700", Convert.ToString((int)File.GetUnixFileMode(keys), 8));
        Assert.IsTrue(Directory.EnumerateFiles(keys).Any(), "the key was written there");
        Directory.Delete(Path.GetDirectoryName(keys)!, recursive: true);
    }
}
