using System.Globalization;
using LaborWatch.Contracts;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using LaborWatch.Web.Shared;

namespace LaborWatch.Web.Submissions;

/// <summary>
/// /receipt: with the code from /submit a worker views, corrects or deletes their logs. The code travels only
/// in POST bodies (never a URL, so never a server log, a history entry or a Referer); every action re-sends it
/// as a hidden field. A deletion removes the rows, the receipt and any platform name only they used, then
/// checkpoints the WAL.
/// </summary>
public static class ReceiptPage
{
    public static IEndpointRouteBuilder MapReceiptPage(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/receipt", (HttpContext http, IAntiforgery antiforgery) =>
        {
            FormPosts.NoStore(http);
            return CodeForm(http, antiforgery, 200, null, WorkerLanguage.For(http));
        });
        routes.MapPost("/receipt", async (HttpContext http, IAntiforgery antiforgery, DatabaseFile db, WebOptions options) =>
        {
            var (form, failure) = await FormPosts.ReadAsync(http, antiforgery, options);
            if (failure is not null) return failure;
            var words = WorkerLanguage.For(http);
            var token = FormPosts.Token(http, antiforgery);
            var code = form!["code"].ToString();
            if (ReceiptCode.Normalize(code) is null)
                return CodeForm(http, antiforgery, 400, "That is not a receipt code: it has 32 letters and digits, in groups of four.", words);
            using var connection = db.Open();
            var logs = SubmissionStore.View(connection, code);
            if (logs is null)
                return CodeForm(http, antiforgery, 404, "No logs match this receipt code. Check it for typos; if you deleted your logs, the code no longer exists.", words);
            long.TryParse(form["log"], NumberStyles.None, CultureInfo.InvariantCulture, out var logId);
            switch (form["action"].ToString())
            {
                case "delete":
                    return PageRenderer.Result<ReceiptDeleteView>(new { Words = words, Token = token, Code = code, logs.Count });
                case "delete-confirmed":
                    var removed = SubmissionStore.Delete(connection, code, out var withdrawn);
                    return PageRenderer.Result<Message>(new
                    {
                        Title = words["Deleted"], Words = words, Path = "/receipt", Role = "status", Back = (string?)null,
                        Text = withdrawn > 0
                            ? words.Format("Logs deleted, with the receipt: {0}. Of these, {1} already counted in the published figures: they stay in the figures published now and leave them with the next release, which also erases them from the database. Until then nothing links them to you or to this code. The code no longer works.", removed, withdrawn)
                            : words.Format(removed == 1
                            ? "{0} log was deleted, with the receipt. It is gone from the database and will not count in any figure. The code no longer works."
                            : "{0} logs were deleted, with the receipt. They are gone from the database and will not count in any figure. The code no longer works.", removed),
                    });
                case "edit" when logs.FirstOrDefault(l => l.Id == logId) is { } stored:
                    return PageRenderer.Result<ReceiptEditView>(new { Title = "Correct a log", Words = words, Token = token, Code = code, LogId = logId, Log = FormLog.From(stored) });
                case "save" when logs.Any(l => l.Id == logId):
                    var edited = FormLog.Read(form, 0);
                    var corrected = edited.Validate(new ContractValidator());
                    if (corrected is null)
                        return PageRenderer.Result<ReceiptEditView>(new { Title = "Correct a log: please check", Words = words, Token = token, Code = code, LogId = logId, Log = edited }, 400);
                    if (SubmissionStore.Correct(connection, code, logId, corrected) is not { } outcome)   // deleted meanwhile
                        return CodeForm(http, antiforgery, 404, "This log no longer exists under this receipt code.", words);
                    return PageRenderer.Result<ReceiptLogsView>(new
                    {
                        Words = words, Token = token, Code = code, Logs = SubmissionStore.View(connection, code)!,
                        Status = words.Format("Corrected: {0}.", words[SubmitPage.Outcome(outcome)]),
                    });
                default:
                    return PageRenderer.Result<ReceiptLogsView>(new { Words = words, Token = token, Code = code, Logs = logs });
            }
        }).RequireRateLimiting(AbuseControls.ReceiptsPolicy);
        return routes;
    }

    /// <param name="error">in English: translated by the view</param>
    static IResult CodeForm(HttpContext http, IAntiforgery antiforgery, int status, string? error, Words words) =>
        PageRenderer.Result<ReceiptCodeView>(new { Words = words, Token = FormPosts.Token(http, antiforgery), Error = error }, status);
}
