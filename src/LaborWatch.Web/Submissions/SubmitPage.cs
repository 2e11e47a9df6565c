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
            var words = WorkerLanguage.For(http);
            return FormPosts.Html(200, words["Report a contract"], Form(http, antiforgery, [new FormLog()], null, null, words), words, "/submit");
        });
        routes.MapPost("/submit", async (HttpContext http, IAntiforgery antiforgery, DatabaseFile db, WebOptions options) =>
        {
            var (form, failure) = await FormPosts.ReadAsync(http, antiforgery, options);
            if (failure is not null) return failure;
            var words = WorkerLanguage.For(http);
            IResult Page(int status, string title, string body) => FormPosts.Html(status, words[title], body, words, "/submit");
            var count = int.TryParse(form!["count"], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? Math.Clamp(n, 1, SubmissionStore.MaxLogs) : 1;
            var logs = Enumerable.Range(0, count).Select(i => FormLog.Read(form, i)).ToList();
            var existing = form["receipt"].ToString().Trim() is { Length: > 0 } given ? given : null;
            switch (form["action"].ToString())
            {
                case "add" when count < SubmissionStore.MaxLogs:
                    logs.Add(new FormLog());
                    return Page(200, "Report a contract", Form(http, antiforgery, logs, existing, null, words));
                case "remove" when count > 1:
                    logs.RemoveAt(logs.Count - 1);
                    return Page(200, "Report a contract", Form(http, antiforgery, logs, existing, null, words));
            }
            var validator = new ContractValidator();
            var valid = logs.Select(l => l.Validate(validator)).ToList();
            var receiptError = existing is not null && ReceiptCode.Normalize(existing) is null
                ? "that is not a receipt code: 32 letters and digits in groups of four" : null;
            if (valid.Any(v => v is null) || receiptError is not null)
                return Page(400, "Report a contract: please check", Form(http, antiforgery, logs, existing, receiptError, words));
            using var connection = db.Open();
            try
            {
                var result = SubmissionStore.Submit(connection, valid!, existingCode: existing,
                    daySubmitter: http.RequestServices.GetRequiredService<ClientKeys>().DaySubmitter(http.Connection.RemoteIpAddress));
                return Page(200, "Thank you: your report is in", Receipt(result, words));
            }
            catch (UnknownReceiptException)
            {
                return Page(400, "Report a contract: please check", Form(http, antiforgery, logs, existing,
                    "no report has this receipt code (if you deleted your logs, it no longer exists): check it, or leave it empty for a new receipt", words));
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
        return Dapper.SqlMapper.Query<string>(connection, $$"""
            SELECT p.name FROM platforms p WHERE EXISTS (SELECT 1 FROM contracts c WHERE c.platform_id = p.id AND {{LaborWatch.Privacy.Releases.Published}})
            UNION SELECT platform FROM postings
            ORDER BY 1 LIMIT 500
            """).ToList();
    }

    /// <summary>The form, with the public platform names to suggest (read only when a form is shown, not on a successful post).</summary>
    /// <param name="receiptError">in English: translated here, like every text of the form</param>
    static string Form(HttpContext http, IAntiforgery antiforgery, List<FormLog> logs, string? existing, string? receiptError, Words words)
    {
        var known = KnownPlatforms(http.RequestServices.GetRequiredService<DatabaseFile>());
        var publicK = http.RequestServices.GetRequiredService<WebOptions>().PublicK;
        var sb = new StringBuilder();
        sb.Append($"<datalist id=\"{KnownPlatformsId}\">{string.Concat(known.Select(k => $"<option value=\"{E(k)}\"></option>"))}</datalist>");
        sb.Append($"<p>{E(words.Format("Tell us what a contract really paid and how it was run. Your report is anonymous: we do not keep your IP address, your browser or any exact date, only the month and a number of weeks. Figures are published only for groups of at least {0} workers. You get a receipt code to view, correct or delete what you sent.", publicK))}</p>");
        var receiptMessage = receiptError is null ? null : words[receiptError];
        ErrorSummary(sb, logs, words, receiptMessage is null ? null : ("existing-receipt", words["Receipt code"], receiptMessage));
        sb.Append($"<form method=\"post\" action=\"{E(words.Link("/submit"))}\" class=\"submit\" novalidate>");
        sb.Append(FormPosts.TokenField(http, antiforgery));
        sb.Append($"<input type=\"hidden\" name=\"count\" value=\"{logs.Count}\">");
        sb.Append($"""
            <div class="field{(receiptError is null ? "" : " invalid")}"><label for="existing-receipt">{E(words["Sent a report before? Its receipt code (optional)"])}</label>
            <span class="help" id="existing-receipt-help">{E(words["These contracts are then added to your earlier report, so you count once in the figures. Leave it empty to get a new receipt."])}</span>
            {(receiptMessage is null ? "" : $"<span class=\"error\" id=\"existing-receipt-error\">{E(receiptMessage)}</span>")}
            <input id="existing-receipt" name="receipt" type="text" autocomplete="off" spellcheck="false" value="{E(existing)}" aria-describedby="existing-receipt-help{(receiptError is null ? "" : " existing-receipt-error")}"{(receiptError is null ? "" : " aria-invalid=\"true\"")}></div>
            """);
        for (var i = 0; i < logs.Count; i++) logs[i].Render(sb, i, logs.Count, words);
        sb.Append("<p class=\"actions\">");
        if (logs.Count < SubmissionStore.MaxLogs) sb.Append($"<button type=\"submit\" name=\"action\" value=\"add\" formnovalidate>{E(words["Add another contract"])}</button> ");
        if (logs.Count > 1) sb.Append($"<button type=\"submit\" name=\"action\" value=\"remove\" formnovalidate>{E(words["Remove the last contract"])}</button> ");
        sb.Append($"<button type=\"submit\" name=\"action\" value=\"submit\" class=\"primary\">{E(words["Send my report"])}</button></p></form>");
        return sb.ToString();
    }

    /// <summary>A list of every problem at the top, each linking to its field, announced to screen readers.</summary>
    public static void ErrorSummary(StringBuilder sb, IReadOnlyList<FormLog> logs, Words words, (string Id, string Label, string Message)? extra = null)
    {
        var total = logs.Sum(l => l.Errors.Count) + (extra is null ? 0 : 1);
        if (total == 0) return;
        sb.Append($"<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\"><h3>{E(words.Format(total == 1 ? "{0} answer needs fixing; nothing was stored yet" : "{0} answers need fixing; nothing was stored yet", total))}</h3><ul>");
        if (extra is { } e) sb.Append($"<li><a href=\"#{e.Id}\">{E(e.Label)}: {E(e.Message)}</a></li>");
        for (var i = 0; i < logs.Count; i++)
            foreach (var (field, message) in logs[i].Errors)
            {
                var label = ContractFields.All.FirstOrDefault(f => f.Name == field)?.Label is { } english ? words[english] : field;
                sb.Append($"<li><a href=\"#{FormLog.Id(i, field)}\">{(logs.Count > 1 ? E(words.Format("Contract {0}, ", i + 1)) : "")}{E(label)}: {E(words.Error(message))}</a></li>");
            }
        sb.Append("</ul></div>");
    }

    static string Receipt(SubmissionResult result, Words words)
    {
        var sb = new StringBuilder();
        var code = $"<code id=\"receipt-code\" class=\"code\">{E(result.ReceiptCode)}</code>";
        var link = $"<a href=\"{E(words.Link("/receipt"))}\">";
        if (result.AddedToExisting)
            sb.Append($"""
                <section class="receipt" aria-labelledby="receipt-heading">
                <h3 id="receipt-heading">{E(words["Added to your earlier report"])}</h3>
                <p>{words.Html("These contracts are now under your receipt {0}, with your earlier ones: you count once. Keep using the same code to {1}view, correct or delete{2} them.", code, link, "</a>")}</p>
                </section><h3>{E(words["What happens to your report"])}</h3><ul class="outcomes">
                """);
        else sb.Append($"""
            <section class="receipt" aria-labelledby="receipt-heading">
            <h3 id="receipt-heading">{E(words["Your receipt code"])}</h3>
            <p>{code}</p>
            <p><strong>{E(words["Copy it now and keep it somewhere safe."])}</strong> {words.Html("It is shown only this once: we keep only a scrambled form of it, so nobody, not even us, can show it again or find out which logs are yours without it. With it you can {0}view, correct or delete your logs{1} at any time.", link, "</a>")}</p>
            </section><h3>{E(words["What happens to your report"])}</h3><ul class="outcomes">
            """);
        for (var i = 0; i < result.Logs.Count; i++)
            sb.Append($"<li>{E(words.Format("Contract {0}: {1}", i + 1, words[Outcome(result.Logs[i])]))}</li>");
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
