using System.Net;
using System.Text;
using System.Text.Json;
using Dapper;
using LaborWatch.Data;
using LaborWatch.Web.Submissions;

namespace LaborWatch.Web.Tests;

[TestClass]
public sealed class SubmissionTests
{
    /// <summary>How many logs the published figures stand on: those of the current release (the counts shown are perturbed).</summary>
    static int CountedLogs(TestApp app) => (int)Count(app, $"moderation = 'approved' AND {LaborWatch.Contracts.ReleasedLogs.Published}");

    static long Count(TestApp app, string where = "1 = 1")
    {
        using var connection = Database.Open(app.DatabasePath);
        return connection.ExecuteScalar<long>($"SELECT count(*) FROM contracts c WHERE {where}");
    }

    [TestMethod]
    public async Task Form_page_is_not_cached_and_carries_a_token()
    {
        await using var app = await TestApp.StartAsync();
        var response = await app.Client.GetAsync("/submit");
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        StringAssert.Contains(response.Headers.CacheControl?.ToString(), "no-store");
        StringAssert.Contains(response.Headers.GetValues("Content-Security-Policy").Single(), "frame-ancestors 'none'");
        var page = FormClient.Parse(await response.Content.ReadAsStringAsync());
        Assert.IsNotNull(page.QuerySelector("input[name=form_token]"));
        // Every input has a label a screen reader can announce.
        foreach (var input in page.QuerySelectorAll("form.submit input:not([type=hidden]):not([type=radio]), form.submit select, form.submit textarea"))
            Assert.IsNotNull(page.QuerySelector($"label[for='{input.Id}']"), $"input {input.Id} has no label");
    }

    [TestMethod]
    public async Task A_valid_log_is_stored_coarsened_and_counted_once_approved()
    {
        await using var app = await TestApp.StartAsync(CsvRows.Csv(CsvRows.Workers("Annotatrix", 12)));   // a known platform: no first-of-kind review
        var form = new FormClient(app.Client);
        var (_, token) = await form.Open("/submit");
        var (response, page) = await form.Post("/submit", FormClient.Log(0, new() { ["notes"] = "timer paid 20 of 35 minutes; mail me at jo@example.com" }), token);

        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, page.Body!.TextContent);
        var code = page.QuerySelector("#receipt-code")!.TextContent;
        Assert.IsNotNull(LaborWatch.Contracts.ReceiptCode.Normalize(code), code);
        StringAssert.Contains(page.QuerySelector(".outcomes")!.TextContent, "published after review");

        using (var db = Database.Open(app.DatabasePath))
        {
            var row = db.QuerySingle<(string Start, string End, long Weeks, string Notes, string Moderation, string Reason)>(
                "SELECT start_month, end_month, duration_weeks, notes, moderation, review_reason FROM contracts WHERE receipt_id IS NOT NULL");
            Assert.AreEqual(("2025-03", "2025-05", 8L, "pending", "notes"), (row.Start, row.End, row.Weeks, row.Moderation, row.Reason));
            Assert.AreEqual("timer paid 20 of 35 minutes; mail me at [removed email]", row.Notes);
            Assert.AreEqual(0, db.ExecuteScalar<long>("SELECT count(*) FROM receipts WHERE key = @code", new { code = Encoding.UTF8.GetBytes(code) }));
        }
        Assert.AreEqual(12, CountedLogs(app), "a pending log does not count");

        // A researcher approves it; the figures (and the cached pages) change.
        var researcher = new FormClient(app.Client);
        var (_, reviewToken) = await researcher.Open("/review");
        var (login, _) = await researcher.Post("/review/login", [new("token", TestApp.ReviewToken)], reviewToken);
        Assert.AreEqual(HttpStatusCode.OK, login.StatusCode);
        var (queue, queueToken) = await researcher.Open("/review");
        StringAssert.Contains(queue.QuerySelector("td.notes")!.TextContent, "[removed email]");
        var id = queue.QuerySelector("input[name=id]")!.GetAttribute("value")!;
        await researcher.Post("/review", [new("id", id), new("action", "approve")], queueToken);
        Assert.AreEqual(12, CountedLogs(app), "approved counts from the next release, not at once");
        app.Release();
        Assert.AreEqual(13, CountedLogs(app));
    }

    [TestMethod]
    public async Task A_log_without_notes_counts_from_the_next_release()
    {
        await using var app = await TestApp.StartAsync(CsvRows.Csv(CsvRows.Workers("Annotatrix", 12)));   // a known platform: no first-of-kind review
        var form = new FormClient(app.Client);
        var (_, token) = await form.Open("/submit");
        var (response, page) = await form.Post("/submit", FormClient.Log(), token);
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        StringAssert.Contains(page.QuerySelector(".outcomes")!.TextContent, "published after review");
        Assert.AreEqual(1, Count(app, "moderation = 'approved' AND receipt_id IS NOT NULL"));
        Assert.AreEqual(12, CountedLogs(app), "counted from the next release");
        app.Release();
        Assert.AreEqual(13, CountedLogs(app));
    }

    [TestMethod]
    [DataRow("platform", "", "is required")]
    [DataRow("task_type", "poetry", "is not one of")]
    [DataRow("started", "March 2025", "is not a date")]
    [DataRow("started", "2099-01", "is in the future")]
    [DataRow("ended", "2025-01", "is before started")]
    [DataRow("status", "", "is required")]
    [DataRow("currency", "DOLLARS", "unknown currency")]
    [DataRow("gross_pay", "$640", "is not a number")]
    [DataRow("gross_pay", "640.123", "more decimals than USD")]
    [DataRow("paid_hours", "-3", "is negative")]
    [DataRow("unpaid_idle_hours", "lots", "is not a number of hours")]
    [DataRow("country", "Narnia", "is not an ISO 3166-1")]
    [DataRow("duration_weeks", "40", "does not fit between")]
    [DataRow("payment_delay_days", "soon", "is not a whole number")]
    [DataRow("platform", "Evil\u202Egnp.exe", "text-direction characters")]
    public async Task Each_invalid_field_gets_its_message_keeps_what_was_typed_and_stores_nothing(string field, string value, string message)
    {
        await using var app = await TestApp.StartAsync();
        var form = new FormClient(app.Client);
        var (_, token) = await form.Open("/submit");
        var (response, page) = await form.Post("/submit", FormClient.Log(0, new() { [field] = value, ["notes"] = "kept as typed" }), token);

        Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode);
        var error = page.QuerySelector($"#log0-{field}-error");
        Assert.IsNotNull(error, $"no error shown beside {field}: {page.QuerySelector(".error-summary")?.TextContent}");
        StringAssert.Contains(error.TextContent, message);
        Assert.AreEqual("true", page.QuerySelector($"#log0-{field}")!.GetAttribute("aria-invalid"));
        Assert.IsNotNull(page.QuerySelector($".error-summary a[href='#log0-{field}']"));
        var input = page.QuerySelector($"#log0-{field}")!;
        if (value.Length > 0 && input.TagName == "INPUT") Assert.AreEqual(value, input.GetAttribute("value"));
        Assert.AreEqual("kept as typed", page.QuerySelector("#log0-notes")!.TextContent);
        Assert.AreEqual(0, Count(app));
    }

    [TestMethod]
    public async Task Add_another_contract_keeps_the_first_and_stores_both_under_one_receipt()
    {
        await using var app = await TestApp.StartAsync();
        var form = new FormClient(app.Client);
        var (_, token) = await form.Open("/submit");
        var first = FormClient.Log(0, new() { ["platform"] = "Kept Platform" }).Where(f => f.Key != "action").Append(new("action", "add"));
        var (_, twoLogs) = await form.Post("/submit", first, token);
        Assert.AreEqual("Kept Platform", twoLogs.QuerySelector("#log0-platform")!.GetAttribute("value"));
        Assert.IsNotNull(twoLogs.QuerySelector("#log1-platform"));

        var both = FormClient.Log(0, new() { ["platform"] = "Kept Platform" }).Where(f => f.Key.StartsWith("log", StringComparison.Ordinal))
            .Concat(FormClient.Log(1, new() { ["gross_pay"] = "700" })).ToList();
        var (response, _) = await form.Post("/submit", both, token);
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        using var db = Database.Open(app.DatabasePath);
        Assert.AreEqual((2L, 1L, 1L), db.QuerySingle<(long, long, long)>("SELECT count(*), count(DISTINCT receipt_id), count(DISTINCT submitter_id) FROM contracts"));
    }

    [TestMethod]
    public async Task A_cross_site_post_without_the_token_is_rejected_and_stores_nothing()
    {
        await using var app = await TestApp.StartAsync();
        var form = new FormClient(app.Client);
        var (noToken, page) = await form.Post("/submit", FormClient.Log(), token: null);
        Assert.AreEqual(HttpStatusCode.BadRequest, noToken.StatusCode);
        StringAssert.Contains(page.QuerySelector("[role=alert]")!.TextContent, "nothing was stored");
        Assert.AreEqual("/submit", page.QuerySelector("main a")!.GetAttribute("href"));
        var (receiptPost, receiptPage) = await form.Post("/receipt", [new("code", "x")], token: null);
        Assert.AreEqual(HttpStatusCode.BadRequest, receiptPost.StatusCode);
        Assert.AreEqual("/receipt", receiptPage.QuerySelector("main a")!.GetAttribute("href"), "the way back leads to the form that was posted");

        // A token served to someone else (another cookie jar) does not work either.
        var (_, othersToken) = await new FormClient(new HttpClient { BaseAddress = app.Client.BaseAddress }).Open("/submit");
        await form.Open("/submit");
        var (stolen, _) = await form.Post("/submit", FormClient.Log(), othersToken);
        Assert.AreEqual(HttpStatusCode.BadRequest, stolen.StatusCode);
        Assert.AreEqual(0, Count(app));
    }

    [TestMethod]
    public async Task The_rate_limit_answers_429_with_retry_after()
    {
        await using var app = await TestApp.StartAsync(options: new WebOptions { PostsPerWindow = 3, Window = TimeSpan.FromMinutes(10) });
        var form = new FormClient(app.Client);
        var (_, token) = await form.Open("/submit");
        for (var i = 0; i < 3; i++)
            Assert.AreNotEqual(HttpStatusCode.TooManyRequests, (await form.Post("/submit", FormClient.Log(0, new() { ["gross_pay"] = $"{600 + i}" }), token)).Response.StatusCode);
        var (limited, _) = await form.Post("/submit", FormClient.Log(0, new() { ["gross_pay"] = "700" }), token);
        Assert.AreEqual(HttpStatusCode.TooManyRequests, limited.StatusCode);
        var retryAfter = int.Parse(limited.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.IsTrue(retryAfter is > 0 and <= 600, $"Retry-After {retryAfter}");
        // The JSON API shares the limit.
        var api = await app.Client.PostAsync("/api/contracts", new StringContent("[]", Encoding.UTF8, "application/json"));
        Assert.AreEqual(HttpStatusCode.TooManyRequests, api.StatusCode);
        Assert.AreEqual(3, Count(app));
    }

    [TestMethod]
    public async Task An_oversized_post_gets_413_not_a_crash()
    {
        await using var app = await TestApp.StartAsync();
        var form = new FormClient(app.Client);
        var (_, token) = await form.Open("/submit");
        var (response, page) = await form.Post("/submit", FormClient.Log(0, new() { ["notes"] = new string('x', 1024 * 1024) }), token);
        Assert.AreEqual(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        StringAssert.Contains(page.QuerySelector("[role=alert]")!.TextContent, "larger than this server accepts");
        Assert.AreEqual(0, Count(app));
    }

    [TestMethod]
    public async Task The_form_suggests_the_platform_names_already_public_and_no_other()
    {
        await using var app = await TestApp.StartAsync(CsvRows.Csv(CsvRows.Workers("Annotatrix", 12)), setup: (connection, _) =>
            LaborWatch.Scraping.OfflineScraper.Scrape(connection, Path.Combine(FixturesRoot(), "feeds", "day1"), "2026-10-01"));
        var form = new FormClient(app.Client);
        var (page, token) = await form.Open("/submit");
        var input = page.QuerySelector("#log0-platform")!;
        var list = page.QuerySelector("datalist#" + input.GetAttribute("list"))!;
        var names = list.QuerySelectorAll("option").Select(o => o.GetAttribute("value")).ToList();
        CollectionAssert.Contains(names, "Annotatrix", "released logs' platform");
        CollectionAssert.Contains(names, "taskfarer", "a platform of the postings");
        // A new platform's name waits for review and a release before anyone is offered it.
        await form.Post("/submit", FormClient.Log(0, new() { ["platform"] = "Secret Startup Ltd" }), token);
        var (again, _) = await form.Open("/submit");
        Assert.IsFalse(again.QuerySelectorAll("datalist option").Any(o => o.GetAttribute("value") == "Secret Startup Ltd"));
    }

    static string FixturesRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "LaborWatch.sln"))) return Path.Combine(dir.FullName, "data", "fixtures");
        throw new InvalidOperationException("repository root not found");
    }

    [TestMethod]
    public async Task Exact_duplicates_and_pay_outliers_wait_for_review()
    {
        // Twelve workers' approved logs at about $16/h for the platform and task type: the baseline. Another
        // worker's receipt (sent from elsewhere) is there too, to send the same values as a second worker.
        string? otherWorker = null;
        await using var app = await TestApp.StartAsync(CsvRows.Csv(CsvRows.Workers("Annotatrix", 12, grossPerLog: 190)), (connection, _) =>
            otherWorker = LaborWatch.Contracts.SubmissionStore.Submit(connection, [new LaborWatch.Contracts.ContractValidator().Validate(
                LaborWatch.Contracts.ContractColumns.All.Select(c => c switch
                {
                    "platform" => "Annotatrix", "task_type" => "rlhf_rating", "country" => "US-CA", "started" => "2025-02", "status" => "active",
                    "pay_basis" => "hourly", "currency" => "USD", "gross_pay" => "160", "paid_hours" => "10", _ => (string?)null,
                }).ToArray()).Log!]).ReceiptCode);
        var form = new FormClient(app.Client);
        var (_, token) = await form.Open("/submit");
        var (_, first) = await form.Post("/submit", FormClient.Log(), token);
        var (_, again) = await form.Post("/submit", [.. FormClient.Log(), new("receipt", otherWorker!)], token);
        var (_, outlier) = await form.Post("/submit", FormClient.Log(0, new() { ["gross_pay"] = "40000" }), token);
        Assert.AreEqual(1, Count(app, "review_reason LIKE '%duplicate%'"));
        Assert.AreEqual(1, Count(app, "review_reason LIKE '%outlier%'"));
        // The worker is never told why: a prober cannot learn that somebody already sent the same values.
        var outcomes = new[] { first, again, outlier }.Select(p => p.QuerySelector(".outcomes")!.TextContent).ToList();
        foreach (var text in outcomes)
        {
            StringAssert.Contains(text, "published after review");
            foreach (var reason in new[] { "identical", "duplicate", "outlier", "far from", "already" })
                Assert.IsFalse(text.Contains(reason, StringComparison.OrdinalIgnoreCase), $"'{reason}' told to the submitter: {text}");
        }
        Assert.AreEqual(outcomes[0], outcomes[1], "a held duplicate reads exactly like a log that counts");
    }

    [TestMethod]
    public async Task The_review_queue_is_closed_without_a_token_and_refuses_a_wrong_one()
    {
        await using (var closed = await TestApp.StartAsync(options: new WebOptions { ReviewToken = null }))
            Assert.AreEqual(HttpStatusCode.NotFound, (await closed.Client.GetAsync("/review")).StatusCode);

        await using var app = await TestApp.StartAsync();
        var form = new FormClient(app.Client);
        var (signIn, token) = await form.Open("/review");
        Assert.IsNotNull(signIn.QuerySelector("input[name=token][type=password]"));
        var (wrong, _) = await form.Post("/review/login", [new("token", "guess")], token);
        Assert.AreEqual(HttpStatusCode.Forbidden, wrong.StatusCode);
        var (decide, _) = await form.Post("/review", [new("id", "1"), new("action", "approve")], token);
        Assert.AreEqual(HttpStatusCode.Forbidden, decide.StatusCode);
    }

    [TestMethod]
    public async Task The_api_takes_the_import_format_and_answers_with_a_receipt()
    {
        await using var app = await TestApp.StartAsync();
        var body = """
            [{"platform":"Annotatrix","task_type":"coding","country":"KE","started":"2025-02-03","ended":"2025-02-27",
              "status":"completed","pay_basis":"per_task","currency":"KES","gross_pay":12000,"paid_hours":30,"quotas":true}]
            """;
        var response = await app.Client.PostAsync("/api/contracts", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.AreEqual(HttpStatusCode.Created, response.StatusCode, await response.Content.ReadAsStringAsync());
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.IsNotNull(LaborWatch.Contracts.ReceiptCode.Normalize(json.GetProperty("receipt").GetString()));
        Assert.AreEqual("received", json.GetProperty("logs")[0].GetProperty("status").GetString());
        using var db = Database.Open(app.DatabasePath);
        Assert.AreEqual(("2025-02", 3L), db.QuerySingle<(string, long)>("SELECT start_month, duration_weeks FROM contracts"));

        var bad = await app.Client.PostAsync("/api/contracts", new StringContent("""[{"platform":"X","task_type":"coding","started":"2025-02","status":"active","pay_basis":"hourly","currency":"USD","gross_pay":"ten","paid_hours":{"a":1}}]""", Encoding.UTF8, "application/json"));
        Assert.AreEqual(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = JsonDocument.Parse(await bad.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        CollectionAssert.AreEquivalent(new[] { "gross_pay", "paid_hours" }, errors.EnumerateArray().Select(e => e.GetProperty("column").GetString()).ToArray());
        Assert.AreEqual(HttpStatusCode.UnsupportedMediaType, (await app.Client.PostAsync("/api/contracts", new StringContent(body))).StatusCode);
        Assert.AreEqual(1, Count(app));
    }

    [TestMethod]
    public async Task The_api_adds_to_an_earlier_receipt_named_in_the_body()
    {
        await using var app = await TestApp.StartAsync();
        const string log = """{"platform":"Annotatrix","task_type":"coding","started":"2025-02","status":"active","pay_basis":"hourly","currency":"USD","gross_pay":GROSS,"paid_hours":5}""";
        var first = JsonDocument.Parse(await (await app.Client.PostAsync("/api/contracts", new StringContent($"[{log.Replace("GROSS", "100")}]", Encoding.UTF8, "application/json"))).Content.ReadAsStringAsync()).RootElement;
        var code = first.GetProperty("receipt").GetString()!;
        var second = await app.Client.PostAsync("/api/contracts", new StringContent($$"""{"receipt":"{{code}}","logs":[{{log.Replace("GROSS", "120")}}]}""", Encoding.UTF8, "application/json"));
        Assert.AreEqual(HttpStatusCode.Created, second.StatusCode, await second.Content.ReadAsStringAsync());
        var json = JsonDocument.Parse(await second.Content.ReadAsStringAsync()).RootElement;
        Assert.AreEqual(code, json.GetProperty("receipt").GetString());
        Assert.IsTrue(json.GetProperty("addedToExisting").GetBoolean());
        using (var db = Database.Open(app.DatabasePath))
            Assert.AreEqual((2L, 1L), db.QuerySingle<(long, long)>("SELECT count(*), count(DISTINCT submitter_id) FROM contracts"));

        foreach (var (body, message) in new[]
                 {
                     ($$"""{"receipt":"{{new string('7', 32)}}","logs":[{{log.Replace("GROSS", "130")}}]}""", "no report has this receipt code"),
                     ($$"""{"receipt":"nope","logs":[{{log.Replace("GROSS", "130")}}]}""", "not a receipt code"),
                     ($$"""{"receipt":"{{code}}","extra":1,"logs":[]}""", "unknown or mistyped property 'extra'"),
                     ("""{"receipt":"x"}""", "no \"logs\" array"),
                 })
        {
            var response = await app.Client.PostAsync("/api/contracts", new StringContent(body, Encoding.UTF8, "application/json"));
            Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode, body);
            StringAssert.Contains(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString(), message.Replace("\\", ""));
        }
        Assert.AreEqual(2, Count(app));
    }
}
