using System.Globalization;
using System.Text;
using LaborWatch.Contracts;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using static LaborWatch.Web.Layout;

namespace LaborWatch.Web.Submissions;

/// <summary>
/// /submit: a worker's contract logs, one or more, without JavaScript: "add another contract" posts the form
/// back with one more fieldset and everything typed kept. Invalid values come back beside their fields with
/// the values as typed; nothing is stored until every log is valid. Success shows the receipt code once.
/// </summary>
public static class SubmitPage
{
    public static IEndpointRouteBuilder MapSubmitPage(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/submit", (HttpContext http, IAntiforgery antiforgery) =>
        {
            FormPosts.NoStore(http);
            return FormPosts.Html(200, "Report a contract", Form(http, antiforgery, [new FormLog()], null, null));
        });
        routes.MapPost("/submit", async (HttpContext http, IAntiforgery antiforgery, DatabaseFile db, WebOptions options) =>
        {
            var (form, failure) = await FormPosts.ReadAsync(http, antiforgery, options);
            if (failure is not null) return failure;
            var count = int.TryParse(form!["count"], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? Math.Clamp(n, 1, SubmissionStore.MaxLogs) : 1;
            var logs = Enumerable.Range(0, count).Select(i => FormLog.Read(form, i)).ToList();
            var existing = form["receipt"].ToString().Trim() is { Length: > 0 } given ? given : null;
            switch (form["action"].ToString())
            {
                case "add" when count < SubmissionStore.MaxLogs:
                    logs.Add(new FormLog());
                    return FormPosts.Html(200, "Report a contract", Form(http, antiforgery, logs, existing, null));
                case "remove" when count > 1:
                    logs.RemoveAt(logs.Count - 1);
                    return FormPosts.Html(200, "Report a contract", Form(http, antiforgery, logs, existing, null));
            }
            var validator = new ContractValidator();
            var valid = logs.Select(l => l.Validate(validator)).ToList();
            var receiptError = existing is not null && ReceiptCode.Normalize(existing) is null
                ? "that is not a receipt code: 32 letters and digits in groups of four" : null;
            if (valid.Any(v => v is null) || receiptError is not null)
                return FormPosts.Html(400, "Report a contract: please check", Form(http, antiforgery, logs, existing, receiptError));
            using var connection = db.Open();
            try
            {
                var result = SubmissionStore.Submit(connection, valid!, existingCode: existing,
                    daySubmitter: http.RequestServices.GetRequiredService<ClientKeys>().DaySubmitter(http.Connection.RemoteIpAddress));
                return FormPosts.Html(200, "Thank you: your report is in", Receipt(result));
            }
            catch (UnknownReceiptException)
            {
                return FormPosts.Html(400, "Report a contract: please check", Form(http, antiforgery, logs, existing,
                    "no report has this receipt code (if you deleted your logs, it no longer exists): check it, or leave it empty for a new receipt"));
            }
        }).RequireRateLimiting(AbuseControls.PostsPolicy);
        return routes;
    }

    public const string KnownPlatformsId = "known-platforms";

    /// <summary>
    /// Platform names already public: those of released logs (shown in the figures, suppressed rows included) and
    /// of postings. Never the name a single pending or unreleased report brought.
    /// </summary>
    static IReadOnlyList<string> KnownPlatforms(DatabaseFile db)
    {
        using var connection = db.Open();
        return Dapper.SqlMapper.Query<string>(connection, """
            SELECT p.name FROM platforms p WHERE EXISTS (SELECT 1 FROM contracts c WHERE c.platform_id = p.id AND c.released_in IS NOT NULL)
            UNION SELECT platform FROM postings
            ORDER BY 1 LIMIT 500
            """).ToList();
    }

    /// <summary>The form, with the public platform names to suggest (read only when a form is shown, not on a successful post).</summary>
    static string Form(HttpContext http, IAntiforgery antiforgery, List<FormLog> logs, string? existing, string? receiptError)
    {
        var known = KnownPlatforms(http.RequestServices.GetRequiredService<DatabaseFile>());
        var publicK = http.RequestServices.GetRequiredService<WebOptions>().PublicK;
        var sb = new StringBuilder();
        sb.Append($"<datalist id=\"{KnownPlatformsId}\">{string.Concat(known.Select(k => $"<option value=\"{E(k)}\"></option>"))}</datalist>");
        sb.Append($"""
            <p>Tell us what a contract really paid and how it was run. Your report is anonymous: we do not keep your
            IP address, your browser or any exact date, only the month and a number of weeks. Figures are published
            only for groups of at least {publicK} workers. You get a receipt code to view, correct or delete what you sent.</p>
            """);
        ErrorSummary(sb, logs, receiptError is null ? null : ("existing-receipt", "Receipt code", receiptError));
        sb.Append("<form method=\"post\" action=\"/submit\" class=\"submit\" novalidate>");
        sb.Append(FormPosts.TokenField(http, antiforgery));
        sb.Append($"<input type=\"hidden\" name=\"count\" value=\"{logs.Count}\">");
        sb.Append($"""
            <div class="field{(receiptError is null ? "" : " invalid")}"><label for="existing-receipt">Sent a report before? Its receipt code (optional)</label>
            <span class="help" id="existing-receipt-help">These contracts are then added to your earlier report, so you count once in the figures. Leave it empty to get a new receipt.</span>
            {(receiptError is null ? "" : $"<span class=\"error\" id=\"existing-receipt-error\">{E(receiptError)}</span>")}
            <input id="existing-receipt" name="receipt" type="text" autocomplete="off" spellcheck="false" value="{E(existing)}" aria-describedby="existing-receipt-help{(receiptError is null ? "" : " existing-receipt-error")}"{(receiptError is null ? "" : " aria-invalid=\"true\"")}></div>
            """);
        for (var i = 0; i < logs.Count; i++) logs[i].Render(sb, i, logs.Count);
        sb.Append("<p class=\"actions\">");
        if (logs.Count < SubmissionStore.MaxLogs) sb.Append("<button type=\"submit\" name=\"action\" value=\"add\" formnovalidate>Add another contract</button> ");
        if (logs.Count > 1) sb.Append("<button type=\"submit\" name=\"action\" value=\"remove\" formnovalidate>Remove the last contract</button> ");
        sb.Append("<button type=\"submit\" name=\"action\" value=\"submit\" class=\"primary\">Send my report</button></p></form>");
        return sb.ToString();
    }

    /// <summary>A list of every problem at the top, each linking to its field, announced to screen readers.</summary>
    public static void ErrorSummary(StringBuilder sb, IReadOnlyList<FormLog> logs, (string Id, string Label, string Message)? extra = null)
    {
        var total = logs.Sum(l => l.Errors.Count) + (extra is null ? 0 : 1);
        if (total == 0) return;
        sb.Append($"<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\"><h3>{total} answer{(total == 1 ? " needs" : "s need")} fixing; nothing was stored yet</h3><ul>");
        if (extra is { } e) sb.Append($"<li><a href=\"#{e.Id}\">{E(e.Label)}: {E(e.Message)}</a></li>");
        for (var i = 0; i < logs.Count; i++)
            foreach (var (field, message) in logs[i].Errors)
            {
                var label = ContractFields.All.FirstOrDefault(f => f.Name == field)?.Label ?? field;
                sb.Append($"<li><a href=\"#{FormLog.Id(i, field)}\">{(logs.Count > 1 ? $"Contract {i + 1}, " : "")}{E(label)}: {E(message)}</a></li>");
            }
        sb.Append("</ul></div>");
    }

    static string Receipt(SubmissionResult result)
    {
        var sb = new StringBuilder();
        if (result.AddedToExisting)
            sb.Append($"""
                <section class="receipt" aria-labelledby="receipt-heading">
                <h3 id="receipt-heading">Added to your earlier report</h3>
                <p>These contracts are now under your receipt <code id="receipt-code" class="code">{E(result.ReceiptCode)}</code>,
                with your earlier ones: you count once. Keep using the same code to <a href="/receipt">view, correct or delete</a> them.</p>
                </section><h3>What happens to your report</h3><ul class="outcomes">
                """);
        else sb.Append($"""
            <section class="receipt" aria-labelledby="receipt-heading">
            <h3 id="receipt-heading">Your receipt code</h3>
            <p><code id="receipt-code" class="code">{E(result.ReceiptCode)}</code></p>
            <p><strong>Copy it now and keep it somewhere safe.</strong> It is shown only this once: we keep only a
            scrambled form of it, so nobody, not even us, can show it again or find out which logs are yours without it.
            With it you can <a href="/receipt">view, correct or delete your logs</a> at any time.</p>
            </section><h3>What happens to your report</h3><ul class="outcomes">
            """);
        for (var i = 0; i < result.Logs.Count; i++)
            sb.Append($"<li>Contract {i + 1}: {E(Outcome(result.Logs[i]))}</li>");
        sb.Append("</ul>");
        return sb.ToString();
    }

    /// <summary>
    /// What a worker is told of a log: the same words whether it counts at the next release or waits for a
    /// person (a note, a repeat of a stored log, an outlier, a new platform or a first log of its kind), so that
    /// nobody can probe with a submission whether somebody else already sent the same values (issue 11).
    /// </summary>
    public static string Outcome(SubmittedLog log) => log.Moderation == "duplicate"
        ? "the same as a contract you already sent, so recorded once"
        : PublishedAfterReview;

    public const string PublishedAfterReview = "received; published after review, in a coming release of the figures";
}
