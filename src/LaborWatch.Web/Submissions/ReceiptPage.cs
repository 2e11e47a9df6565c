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
            return FormPosts.Html(200, Title, CodeForm(http, antiforgery, null));
        });
        routes.MapPost("/receipt", async (HttpContext http, IAntiforgery antiforgery, DatabaseFile db, WebOptions options) =>
        {
            var (form, failure) = await FormPosts.ReadAsync(http, antiforgery, options);
            if (failure is not null) return failure;
            var code = form!["code"].ToString();
            if (ReceiptCode.Normalize(code) is null)
                return FormPosts.Html(400, Title, CodeForm(http, antiforgery, "That is not a receipt code: it has 32 letters and digits, in groups of four."));
            using var connection = db.Open();
            var logs = SubmissionStore.View(connection, code);
            if (logs is null)
                return FormPosts.Html(404, Title, CodeForm(http, antiforgery, "No logs match this receipt code. Check it for typos; if you deleted your logs, the code no longer exists."));
            long.TryParse(form["log"], NumberStyles.None, CultureInfo.InvariantCulture, out var logId);
            switch (form["action"].ToString())
            {
                case "delete":
                    return FormPosts.Html(200, "Delete your logs?", ConfirmDelete(http, antiforgery, code, logs.Count));
                case "delete-confirmed":
                    var removed = SubmissionStore.Delete(connection, code);
                    return FormPosts.Html(200, "Deleted", $"<p role=\"status\">{removed} log{(removed == 1 ? " was" : "s were")} deleted, with the receipt. They are gone from the database and will not count in any figure. The code no longer works.</p>");
                case "edit" when logs.FirstOrDefault(l => l.Id == logId) is { } stored:
                    return FormPosts.Html(200, "Correct a log", EditForm(http, antiforgery, code, logId, FormLog.From(stored)));
                case "save" when logs.Any(l => l.Id == logId):
                    var edited = FormLog.Read(form, 0);
                    var corrected = edited.Validate(new ContractValidator());
                    if (corrected is null)
                        return FormPosts.Html(400, "Correct a log: please check", EditForm(http, antiforgery, code, logId, edited));
                    if (SubmissionStore.Correct(connection, code, logId, corrected) is not { } outcome)   // deleted meanwhile
                        return FormPosts.Html(404, Title, CodeForm(http, antiforgery, "This log no longer exists under this receipt code."));
                    return FormPosts.Html(200, Title, $"<p role=\"status\">Corrected: {E(SubmitPage.Outcome(outcome))}.</p>" + List(http, antiforgery, code, SubmissionStore.View(connection, code)!));
                default:
                    return FormPosts.Html(200, Title, List(http, antiforgery, code, logs));
            }
        }).RequireRateLimiting(AbuseControls.PostsPolicy);
        return routes;
    }

    static string CodeForm(HttpContext http, IAntiforgery antiforgery, string? error) => $"""
        <p>Enter the receipt code you were given when you sent your report.</p>
        <form method="post" action="/receipt">{FormPosts.TokenField(http, antiforgery)}
        <div class="field{(error is null ? "" : " invalid")}"><label for="code">Receipt code</label>
        {(error is null ? "" : $"<span class=\"error\" id=\"code-error\" role=\"alert\">{E(error)}</span>")}
        <input id="code" name="code" autocomplete="off" autocapitalize="characters" spellcheck="false" size="45" required{(error is null ? "" : " aria-invalid=\"true\" aria-describedby=\"code-error\"")}></div>
        <p class="actions"><button type="submit" name="action" value="view" class="primary">Show my logs</button>
        <button type="submit" name="action" value="delete">Delete all my logs</button></p></form>
        """;

    static string Hidden(HttpContext http, IAntiforgery antiforgery, string code) =>
        FormPosts.TokenField(http, antiforgery) + $"<input type=\"hidden\" name=\"code\" value=\"{E(code)}\">";

    static string List(HttpContext http, IAntiforgery antiforgery, string code, IReadOnlyList<StoredLog> logs)
    {
        var sb = new StringBuilder("<div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\"table (scrolls sideways)\"><table><caption>The logs of this receipt, as stored (months only)</caption><thead><tr><th scope=\"col\">#</th><th scope=\"col\">Platform</th><th scope=\"col\">Kind of work</th><th scope=\"col\">Started</th><th scope=\"col\">Ended</th><th scope=\"col\">Weeks</th><th scope=\"col\">Status</th><th scope=\"col\">Received</th><th scope=\"col\">Paid hours</th><th scope=\"col\">Counted?</th><th scope=\"col\"><span class=\"visually-hidden\">Action</span></th></tr></thead><tbody>");
        for (var i = 0; i < logs.Count; i++)
        {
            var log = logs[i];
            string? V(string column) => log.Values[ContractColumns.Index[column]];
            sb.Append($"<tr><th scope=\"row\">{i + 1}</th><td>{E(V("platform"))}</td><td>{E(V("task_type"))}</td><td>{E(V("started"))}</td><td>{E(V("ended") ?? "–")}</td><td>{log.DurationWeeks?.ToString(CultureInfo.InvariantCulture) ?? "–"}</td><td>{E(V("status"))}</td><td>{E(V("gross_pay"))} {E(V("currency"))}</td><td>{E(V("paid_hours"))}</td><td>{(log.Moderation == "approved" ? "yes" : log.Moderation == "pending" ? "waiting for review" : "not counted (rejected in review)")}</td>");
            sb.Append($"<td><form method=\"post\" action=\"/receipt\">{Hidden(http, antiforgery, code)}<input type=\"hidden\" name=\"log\" value=\"{log.Id}\"><button type=\"submit\" name=\"action\" value=\"edit\" aria-label=\"Correct log {i + 1}\">Correct</button></form></td></tr>");
        }
        sb.Append("</tbody></table></div>");
        sb.Append($"<form method=\"post\" action=\"/receipt\">{Hidden(http, antiforgery, code)}<p class=\"actions\"><button type=\"submit\" name=\"action\" value=\"delete\">Delete all these logs</button></p></form>");
        return sb.ToString();
    }

    static string EditForm(HttpContext http, IAntiforgery antiforgery, string code, long logId, FormLog log)
    {
        var sb = new StringBuilder("<p>Change what is wrong and save. The corrected log replaces the old one and is checked again like a new report.</p>");
        SubmitPage.ErrorSummary(sb, [log]);
        sb.Append($"<form method=\"post\" action=\"/receipt\" class=\"submit\" novalidate>{Hidden(http, antiforgery, code)}<input type=\"hidden\" name=\"log\" value=\"{logId}\">");
        log.Render(sb, 0, 1);
        sb.Append("<p class=\"actions\"><button type=\"submit\" name=\"action\" value=\"save\" class=\"primary\">Save the correction</button> <button type=\"submit\" name=\"action\" value=\"view\">Cancel</button></p></form>");
        return sb.ToString();
    }

    static string ConfirmDelete(HttpContext http, IAntiforgery antiforgery, string code, int count) => $"""
        <p>This deletes all {count} log{(count == 1 ? "" : "s")} of this receipt and the receipt itself. It cannot be undone.</p>
        <form method="post" action="/receipt">{Hidden(http, antiforgery, code)}
        <p class="actions"><button type="submit" name="action" value="delete-confirmed" class="danger">Yes, delete them</button>
        <button type="submit" name="action" value="view">No, go back</button></p></form>
        """;
}
