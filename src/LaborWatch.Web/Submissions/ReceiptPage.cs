using System.Globalization;
using System.Text;
using LaborWatch.Contracts;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static LaborWatch.Web.Layout;

namespace LaborWatch.Web.Submissions;

/// <summary>
/// /receipt: with the code from /submit a worker views, corrects or deletes their logs. The code travels only
/// in POST bodies (never a URL, so never a server log, a history entry or a Referer); every action re-sends it
/// as a hidden field. A deletion removes the rows, the receipt and any platform name only they used, then
/// checkpoints the WAL.
/// </summary>
public static class ReceiptPage
{
    const string Title = "Your logs";

    public static IEndpointRouteBuilder MapReceiptPage(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/receipt", (HttpContext http, IAntiforgery antiforgery) =>
        {
            FormPosts.NoStore(http);
            var words = WorkerLanguage.For(http);
            return FormPosts.Html(200, words[Title], CodeForm(http, antiforgery, null, words), words, "/receipt");
        });
        routes.MapPost("/receipt", async (HttpContext http, IAntiforgery antiforgery, DatabaseFile db, WebOptions options) =>
        {
            var (form, failure) = await FormPosts.ReadAsync(http, antiforgery, options);
            if (failure is not null) return failure;
            var words = WorkerLanguage.For(http);
            IResult Page(int status, string title, string body) => FormPosts.Html(status, words[title], body, words, "/receipt");
            var code = form!["code"].ToString();
            if (ReceiptCode.Normalize(code) is null)
                return Page(400, Title, CodeForm(http, antiforgery, "That is not a receipt code: it has 32 letters and digits, in groups of four.", words));
            using var connection = db.Open();
            var logs = SubmissionStore.View(connection, code);
            if (logs is null)
                return Page(404, Title, CodeForm(http, antiforgery, "No logs match this receipt code. Check it for typos; if you deleted your logs, the code no longer exists.", words));
            long.TryParse(form["log"], NumberStyles.None, CultureInfo.InvariantCulture, out var logId);
            switch (form["action"].ToString())
            {
                case "delete":
                    return Page(200, "Delete your logs?", ConfirmDelete(http, antiforgery, code, logs.Count, words));
                case "delete-confirmed":
                    var removed = SubmissionStore.Delete(connection, code);
                    return Page(200, "Deleted", $"<p role=\"status\">{E(words.Format(removed == 1
                        ? "{0} log was deleted, with the receipt. It is gone from the database and will not count in any figure. The code no longer works."
                        : "{0} logs were deleted, with the receipt. They are gone from the database and will not count in any figure. The code no longer works.", removed))}</p>");
                case "edit" when logs.FirstOrDefault(l => l.Id == logId) is { } stored:
                    return Page(200, "Correct a log", EditForm(http, antiforgery, code, logId, FormLog.From(stored), words));
                case "save" when logs.Any(l => l.Id == logId):
                    var edited = FormLog.Read(form, 0);
                    var corrected = edited.Validate(new ContractValidator());
                    if (corrected is null)
                        return Page(400, "Correct a log: please check", EditForm(http, antiforgery, code, logId, edited, words));
                    if (SubmissionStore.Correct(connection, code, logId, corrected) is not { } outcome)   // deleted meanwhile
                        return Page(404, Title, CodeForm(http, antiforgery, "This log no longer exists under this receipt code.", words));
                    return Page(200, Title, $"<p role=\"status\">{E(words.Format("Corrected: {0}.", words[SubmitPage.Outcome(outcome)]))}</p>" + List(http, antiforgery, code, SubmissionStore.View(connection, code)!, words));
                default:
                    return Page(200, Title, List(http, antiforgery, code, logs, words));
            }
        }).RequireRateLimiting(AbuseControls.PostsPolicy);
        return routes;
    }

    /// <param name="error">in English: translated here</param>
    static string CodeForm(HttpContext http, IAntiforgery antiforgery, string? error, Words words) => $"""
        <p>{E(words["Enter the receipt code you were given when you sent your report."])}</p>
        <form method="post" action="{E(words.Link("/receipt"))}">{FormPosts.TokenField(http, antiforgery)}
        <div class="field{(error is null ? "" : " invalid")}"><label for="code">{E(words["Receipt code"])}</label>
        {(error is null ? "" : $"<span class=\"error\" id=\"code-error\" role=\"alert\">{E(words[error])}</span>")}
        <input id="code" name="code" autocomplete="off" autocapitalize="characters" spellcheck="false" size="45" required{(error is null ? "" : " aria-invalid=\"true\" aria-describedby=\"code-error\"")}></div>
        <p class="actions"><button type="submit" name="action" value="view" class="primary">{E(words["Show my logs"])}</button>
        <button type="submit" name="action" value="delete">{E(words["Delete all my logs"])}</button></p></form>
        """;

    static string Hidden(HttpContext http, IAntiforgery antiforgery, string code) =>
        FormPosts.TokenField(http, antiforgery) + $"<input type=\"hidden\" name=\"code\" value=\"{E(code)}\">";

    /// <summary>The words a worker chose for a stored value: the form's label of a choice, translated.</summary>
    static string Choice(Words words, string field, string? value) =>
        ContractFields.All.First(f => f.Name == field).Choices!.FirstOrDefault(c => c.Value == value).Label is { } label ? words[label] : value ?? "–";

    static string List(HttpContext http, IAntiforgery antiforgery, string code, IReadOnlyList<StoredLog> logs, Words words)
    {
        string Th(string english) => $"<th scope=\"col\">{E(words[english])}</th>";
        var sb = new StringBuilder($"<div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\"{E(words["table (scrolls sideways)"])}\"><table><caption>{E(words["The logs of this receipt, as stored (months only)"])}</caption><thead><tr><th scope=\"col\">#</th>{Th("Platform")}{Th("Kind of work")}{Th("Started")}{Th("Ended")}{Th("Weeks")}{Th("Status")}{Th("Received")}{Th("Paid hours")}{Th("Counted?")}<th scope=\"col\"><span class=\"visually-hidden\">{E(words["Action"])}</span></th></tr></thead><tbody>");
        for (var i = 0; i < logs.Count; i++)
        {
            var log = logs[i];
            string? V(string column) => log.Values[ContractColumns.Index[column]];
            var counted = log.Moderation == "approved" ? "yes, it counts" : log.Moderation == "pending" ? "waiting for review" : "not counted (rejected in review)";
            sb.Append($"<tr><th scope=\"row\">{i + 1}</th><td>{E(V("platform"))}</td><td>{E(Choice(words, "task_type", V("task_type")))}</td><td>{E(V("started"))}</td><td>{E(V("ended") ?? "–")}</td><td>{log.DurationWeeks?.ToString(CultureInfo.InvariantCulture) ?? "–"}</td><td>{E(Choice(words, "status", V("status")))}</td><td>{E(words.Number(V("gross_pay")))} {E(V("currency"))}</td><td>{E(words.Number(V("paid_hours")))}</td><td>{E(words[counted])}</td>");
            sb.Append($"<td><form method=\"post\" action=\"{E(words.Link("/receipt"))}\">{Hidden(http, antiforgery, code)}<input type=\"hidden\" name=\"log\" value=\"{log.Id}\"><button type=\"submit\" name=\"action\" value=\"edit\" aria-label=\"{E(words.Format("Correct log {0}", i + 1))}\">{E(words["Correct"])}</button></form></td></tr>");
        }
        sb.Append("</tbody></table></div>");
        sb.Append($"<form method=\"post\" action=\"{E(words.Link("/receipt"))}\">{Hidden(http, antiforgery, code)}<p class=\"actions\"><button type=\"submit\" name=\"action\" value=\"delete\">{E(words["Delete all these logs"])}</button></p></form>");
        return sb.ToString();
    }

    static string EditForm(HttpContext http, IAntiforgery antiforgery, string code, long logId, FormLog log, Words words)
    {
        var sb = new StringBuilder($"<p>{E(words["Change what is wrong and save. The corrected log replaces the old one and is checked again like a new report."])}</p>");
        SubmitPage.ErrorSummary(sb, [log], words);
        sb.Append($"<form method=\"post\" action=\"{E(words.Link("/receipt"))}\" class=\"submit\" novalidate>{Hidden(http, antiforgery, code)}<input type=\"hidden\" name=\"log\" value=\"{logId}\">");
        log.Render(sb, 0, 1, words);
        sb.Append($"<p class=\"actions\"><button type=\"submit\" name=\"action\" value=\"save\" class=\"primary\">{E(words["Save the correction"])}</button> <button type=\"submit\" name=\"action\" value=\"view\">{E(words["Cancel"])}</button></p></form>");
        return sb.ToString();
    }

    static string ConfirmDelete(HttpContext http, IAntiforgery antiforgery, string code, int count, Words words) => $"""
        <p>{E(words.Format(count == 1 ? "This deletes the {0} log of this receipt and the receipt itself. It cannot be undone." : "This deletes all {0} logs of this receipt and the receipt itself. It cannot be undone.", count))}</p>
        <form method="post" action="{E(words.Link("/receipt"))}">{Hidden(http, antiforgery, code)}
        <p class="actions"><button type="submit" name="action" value="delete-confirmed" class="danger">{E(words["Yes, delete them"])}</button>
        <button type="submit" name="action" value="view">{E(words["No, go back"])}</button></p></form>
        """;
}
