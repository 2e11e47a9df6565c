using System.Net;
using System.Text;
using Dapper;
using LaborWatch.Data;

namespace LaborWatch.Web.Tests;

[TestClass]
public sealed class ReceiptTests
{
    const string Marker = "Quokkazanzibar";   // a value that appears nowhere else, to look for in the files

    static async Task<(FormClient Form, string Code)> Submit(TestApp app)
    {
        var form = new FormClient(app.Client);
        var (_, token) = await form.Open("/submit");
        var (_, page) = await form.Post("/submit", FormClient.Log(0, new() { ["platform"] = Marker + " Labs", ["notes"] = "the " + Marker + " project was cut" }), token);
        return (form, page.QuerySelector("#receipt-code")!.TextContent);
    }

    static long FileHits(string path, string text)
    {
        if (!File.Exists(path)) return 0;
        var bytes = File.ReadAllBytes(path);
        long hits = 0;
        foreach (var needle in new[] { Encoding.UTF8.GetBytes(text), Encoding.Unicode.GetBytes(text) })
            for (var i = bytes.AsSpan().IndexOf(needle); i >= 0; i = bytes.AsSpan(i + 1).IndexOf(needle) is var next and >= 0 ? i + 1 + next : -1)
                hits++;
        return hits;
    }

    [TestMethod]
    public async Task The_receipt_views_its_logs_by_post_only()
    {
        await using var app = await TestApp.StartAsync();
        var (form, code) = await Submit(app);
        var (_, token) = await form.Open("/receipt");
        // Lower case and without dashes is the same code.
        var (response, page) = await form.Post("/receipt", [new("code", code.Replace("-", "").ToLowerInvariant()), new("action", "view")], token);
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        var row = page.QuerySelector("tbody tr")!.TextContent;
        StringAssert.Contains(row, Marker + " Labs");
        StringAssert.Contains(row, "waiting for review");
        StringAssert.Contains(response.Headers.CacheControl!.ToString(), "no-store");

        var (unknown, _) = await form.Post("/receipt", [new("code", new string('A', 32)), new("action", "view")], token);
        Assert.AreEqual(HttpStatusCode.NotFound, unknown.StatusCode);
        var (garbage, _) = await form.Post("/receipt", [new("code", "<script>"), new("action", "view")], token);
        Assert.AreEqual(HttpStatusCode.BadRequest, garbage.StatusCode);
        var byUrl = await app.Client.GetStringAsync("/receipt?code=" + code);
        Assert.IsFalse(byUrl.Contains(Marker, StringComparison.Ordinal), "a code in a URL is ignored, never looked up");
    }

    [TestMethod]
    public async Task A_correction_replaces_the_log_and_is_reviewed_again()
    {
        await using var app = await TestApp.StartAsync(CsvRows.Csv(CsvRows.Workers(Marker + " Labs", 12)));   // a known platform: no first-of-kind review
        var (form, code) = await Submit(app);
        var (_, token) = await form.Open("/receipt");
        var (_, list) = await form.Post("/receipt", [new("code", code), new("action", "view")], token);
        var logId = list.QuerySelector("tbody input[name=log]")!.GetAttribute("value")!;
        var (_, edit) = await form.Post("/receipt", [new("code", code), new("log", logId), new("action", "edit")], token);
        Assert.AreEqual("2025-03", edit.QuerySelector("#log0-started")!.GetAttribute("value"));
        Assert.AreEqual("8", edit.QuerySelector("#log0-duration_weeks")!.GetAttribute("value"));
        Assert.AreEqual("640.00", edit.QuerySelector("#log0-gross_pay")!.GetAttribute("value"));

        // Send back the form as shown, with the pay corrected and the notes removed.
        var fields = edit.QuerySelectorAll("form.submit input:not([type=radio]), form.submit select, form.submit textarea")
            .Where(e => e.GetAttribute("name") is { } n && n != "form_token")
            .Select(e => new KeyValuePair<string, string>(e.GetAttribute("name")!, e.TagName switch
            {
                "SELECT" => e.QuerySelector("option[selected]")?.GetAttribute("value") ?? "",
                "TEXTAREA" => "",
                _ => e.GetAttribute("value") ?? "",
            }))
            .Concat(edit.QuerySelectorAll("form.submit input[type=radio][checked]").Select(e => new KeyValuePair<string, string>(e.GetAttribute("name")!, e.GetAttribute("value")!)))
            .Select(f => f.Key == "log0.gross_pay" ? new KeyValuePair<string, string>(f.Key, "720.50") : f)
            .Append(new("action", "save"))
            .ToList();
        var (saved, page) = await form.Post("/receipt", fields, token);
        Assert.AreEqual(HttpStatusCode.OK, saved.StatusCode, page.QuerySelector(".error-summary")?.TextContent);
        StringAssert.Contains(page.QuerySelector("[role=status]")!.TextContent, "published after review");
        using var db = Database.Open(app.DatabasePath);
        Assert.AreEqual((1L, 72050L, "approved", 8L, 1L), db.QuerySingle<(long, long, string, long, long)>(
            "SELECT count(*), max(gross_pay_minor), max(moderation), max(duration_weeks), max(monitoring) FROM contracts WHERE receipt_id IS NOT NULL"),
            db.ExecuteScalar<string>("SELECT review_reason FROM contracts WHERE receipt_id IS NOT NULL"));
    }

    [TestMethod, TestCategory(LaborWatch.Tests.TestStore.SqliteOnly)]   // SQLite's secure_delete; PostgreSQL has none (docs/deploy.md)
    public async Task A_deletion_removes_the_values_from_the_database_file_and_the_wal()
    {
        // Other workers' logs stay; the deleted worker's platform name and notes must leave every file.
        await using var app = await TestApp.StartAsync(CsvRows.Csv(CsvRows.Workers("Annotatrix", 12)));
        var (form, code) = await Submit(app);
        Assert.IsTrue(FileHits(app.DatabasePath, Marker) + FileHits(app.DatabasePath + "-wal", Marker) > 0, "the marker should be stored before the deletion");

        var (_, token) = await form.Open("/receipt");
        var (_, confirm) = await form.Post("/receipt", [new("code", code), new("action", "delete")], token);
        StringAssert.Contains(confirm.Body!.TextContent, "cannot be undone");
        var (deleted, page) = await form.Post("/receipt", [new("code", code), new("action", "delete-confirmed")], token);
        Assert.AreEqual(HttpStatusCode.OK, deleted.StatusCode);
        StringAssert.Contains(page.QuerySelector("[role=status]")!.TextContent, "1 log was deleted");

        Assert.AreEqual(0, FileHits(app.DatabasePath, Marker), "database file");
        Assert.AreEqual(0, FileHits(app.DatabasePath + "-wal", Marker), "WAL");
        using (var db = Database.Open(app.DatabasePath))
            Assert.AreEqual((12L, 0L), db.QuerySingle<(long, long)>("SELECT count(*), (SELECT count(*) FROM receipts) FROM contracts"));
        var (again, _) = await form.Post("/receipt", [new("code", code), new("action", "view")], token);
        Assert.AreEqual(HttpStatusCode.NotFound, again.StatusCode);
    }

    [TestMethod, TestCategory(LaborWatch.Tests.TestStore.SqliteOnly)]   // SQLite's secure_delete, as above
    public async Task A_deleted_published_log_leaves_the_figures_and_the_files_at_the_next_release()
    {
        await using var app = await TestApp.StartAsync(CsvRows.Csv(CsvRows.Workers("Annotatrix", 12)));
        var (form, code) = await Submit(app);
        using (var db = Database.Open(app.DatabasePath))
        {
            LaborWatch.Contracts.ReviewQueue.Decide(db, LaborWatch.Contracts.ReviewQueue.Pending(db).Select(p => p.Id), approve: true);
            Assert.IsNotNull(LaborWatch.Privacy.Releases.Cut(db, 1, DateTimeOffset.UtcNow, force: true).Cut);
        }
        var published = await app.Client.GetStringAsync("/api/stats?by=platform");
        StringAssert.Contains(published, Marker + " Labs");

        var (_, token) = await form.Open("/receipt");
        var (deleted, page) = await form.Post("/receipt", [new("code", code), new("action", "delete-confirmed")], token);
        Assert.AreEqual(HttpStatusCode.OK, deleted.StatusCode);
        StringAssert.Contains(page.QuerySelector("[role=status]")!.TextContent, "1 already counted in the published figures");
        Assert.AreEqual(published, await app.Client.GetStringAsync("/api/stats?by=platform"), "nothing public changes before the next release");
        Assert.AreEqual(0, FileHits(app.DatabasePath, "the " + Marker + " project") + FileHits(app.DatabasePath + "-wal", "the " + Marker + " project"), "its notes go at once");

        using (var db = Database.Open(app.DatabasePath))
            Assert.IsNotNull(LaborWatch.Privacy.Releases.Cut(db, 1, DateTimeOffset.UtcNow.AddDays(1), force: true).Cut);
        Assert.IsFalse((await app.Client.GetStringAsync("/api/stats?by=platform")).Contains(Marker, StringComparison.Ordinal), "the next release leaves it out");
        Assert.AreEqual(0, FileHits(app.DatabasePath, Marker), "database file");
        Assert.AreEqual(0, FileHits(app.DatabasePath + "-wal", Marker), "WAL");
    }

    [TestMethod]
    public async Task Posts_that_use_up_a_shared_connection_s_budget_do_not_block_a_receipt_deletion()
    {
        await using var app = await TestApp.StartAsync(options: new LaborWatch.Web.Submissions.WebOptions { ReviewToken = TestApp.ReviewToken, PostsPerWindow = 3 });
        var (form, code) = await Submit(app);   // one worker's post: 1 of the connection's 3
        var log = """[{"platform":"Other","task_type":"coding","started":"2025-02","status":"active","pay_basis":"hourly","currency":"USD","gross_pay":"99","paid_hours":"5"}]""";
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)   // someone else on the same connection posts until refused
            statuses.Add((await app.Client.PostAsync("/api/contracts", new StringContent(log, Encoding.UTF8, "application/json"))).StatusCode);
        Assert.AreEqual(HttpStatusCode.TooManyRequests, statuses[^1], "the posts' budget is used up");

        var (_, token) = await form.Open("/receipt");
        var (viewed, _) = await form.Post("/receipt", [new("code", code), new("action", "view")], token);
        Assert.AreEqual(HttpStatusCode.OK, viewed.StatusCode, "the receipt has a budget of its own");
        var (deleted, page) = await form.Post("/receipt", [new("code", code), new("action", "delete-confirmed")], token);
        Assert.AreEqual(HttpStatusCode.OK, deleted.StatusCode);
        StringAssert.Contains(page.QuerySelector("[role=status]")!.TextContent, "1 log was deleted");
    }

    [TestMethod]
    public async Task A_second_report_with_the_receipt_joins_the_first_and_counts_as_the_same_worker()
    {
        await using var app = await TestApp.StartAsync();
        var (form, code) = await Submit(app);
        var (_, token) = await form.Open("/submit");
        var second = FormClient.Log(0, new() { ["gross_pay"] = "900" }).Append(new("receipt", code.ToLowerInvariant().Replace("-", " "))).ToList();
        var (response, page) = await form.Post("/submit", second, token);
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        StringAssert.Contains(page.QuerySelector("#receipt-heading")!.TextContent, "Added to your earlier report");
        Assert.AreEqual(code, page.QuerySelector("#receipt-code")!.TextContent);
        using (var db = Database.Open(app.DatabasePath))
            Assert.AreEqual((2L, 1L, 1L), db.QuerySingle<(long, long, long)>("SELECT count(*), count(DISTINCT receipt_id), count(DISTINCT submitter_id) FROM contracts"));

        // A code that matches no receipt stores nothing and says so beside the field.
        var (unknown, error) = await form.Post("/submit", FormClient.Log(0, new() { ["gross_pay"] = "901" }).Append(new("receipt", new string('7', 32))).ToList(), token);
        Assert.AreEqual(HttpStatusCode.BadRequest, unknown.StatusCode);
        StringAssert.Contains(error.QuerySelector("#existing-receipt-error")!.TextContent, "no report has this receipt code");
        Assert.AreEqual("901", error.QuerySelector("#log0-gross_pay")!.GetAttribute("value"), "what was typed is kept");
        using (var db = Database.Open(app.DatabasePath))
            Assert.AreEqual(2L, db.ExecuteScalar<long>("SELECT count(*) FROM contracts"));
    }
}
