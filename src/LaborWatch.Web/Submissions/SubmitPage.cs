using System.Globalization;
using LaborWatch.Contracts;
using LaborWatch.Data;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using LaborWatch.Web.Shared;

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
            return Form(http, antiforgery, 200, "Report a contract", [new FormLog()], null, null, WorkerLanguage.For(http));
        });
        routes.MapPost("/submit", async (HttpContext http, IAntiforgery antiforgery, DatabaseFile db, WebOptions options) =>
        {
            var (form, failure) = await FormPosts.ReadAsync(http, antiforgery, options);
            if (failure is not null) return failure;
            var words = WorkerLanguage.For(http);
            var memberCode = form!["member_code"].ToString().Trim() is { Length: > 0 } typed ? typed : null;
            IResult Page(int status, string title, List<FormLog> logs, string? existing, string? receiptError, string? memberCodeError = null) =>
                Form(http, antiforgery, status, title, logs, existing, receiptError, words, memberCode, memberCodeError);
            var count = int.TryParse(form["count"], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? Math.Clamp(n, 1, SubmissionStore.MaxLogs) : 1;
            var logs = Enumerable.Range(0, count).Select(i => FormLog.Read(form, i)).ToList();
            var existing = form["receipt"].ToString().Trim() is { Length: > 0 } given ? given : null;
            switch (form["action"].ToString())
            {
                case "add" when count < SubmissionStore.MaxLogs:
                    logs.Add(new FormLog());
                    return Page(200, "Report a contract", logs, existing, null);
                case "remove" when count > 1:
                    logs.RemoveAt(logs.Count - 1);
                    return Page(200, "Report a contract", logs, existing, null);
            }
            var validator = new ContractValidator();
            var valid = logs.Select(l => l.Validate(validator)).ToList();
            var receiptError = existing is not null && ReceiptCode.Normalize(existing) is null
                ? "that is not a receipt code: 32 letters and digits in groups of four" : null;
            var memberCodeError = memberCode is not null && MemberCodes.Normalize(memberCode) is null
                ? "that is not a member code: 20 letters and digits in groups of four" : null;
            if (valid.Any(v => v is null) || receiptError is not null || memberCodeError is not null)
                return Page(400, "Report a contract: please check", logs, existing, receiptError, memberCodeError);
            using var connection = db.Open();
            try
            {
                var result = SubmissionStore.Submit(connection, valid!, existingCode: existing,
                    daySubmitter: http.RequestServices.GetRequiredService<ClientKeys>().DaySubmitter(http.Connection.RemoteIpAddress), memberCode: memberCode);
                return PageRenderer.Result<SubmittedView>(new { Words = words, Result = result });
            }
            catch (UnknownMemberCodeException)
            {
                return Page(400, "Report a contract: please check", logs, existing, null,
                    "this member code was not issued here, or it has been used already: check it, or leave it empty");
            }
            catch (UnknownReceiptException)
            {
                return Page(400, "Report a contract: please check", logs, existing,
                    "no report has this receipt code (if you deleted your logs, it no longer exists): check it, or leave it empty for a new receipt");
            }
        }).RequireRateLimiting(AbuseControls.PostsPolicy);
        return routes;
    }

    /// <summary>
    /// Platform names already public: those of released logs (shown in the figures, suppressed rows included) and
    /// of postings. Never the name a single pending or unreleased report brought.
    /// </summary>
    static IReadOnlyList<string> KnownPlatforms(DatabaseFile db)
    {
        using var connection = db.Open();
        return Dapper.SqlMapper.Query<string>(connection, $$"""
            SELECT name FROM (
                SELECT p.name FROM platforms p WHERE EXISTS (SELECT 1 FROM contracts c WHERE c.platform_id = p.id AND {{LaborWatch.Contracts.ReleasedLogs.CountedInPublic}})
                UNION SELECT platform FROM postings) AS known
            ORDER BY name{{connection.Bytewise()}} LIMIT 500
            """).ToList();
    }

    /// <summary>The form (SubmitView.razor), with the public platform names to suggest (read only when a form is shown, not on a successful post).</summary>
    /// <param name="receiptError">in English: translated by the view, like every text of the form</param>
    static IResult Form(HttpContext http, IAntiforgery antiforgery, int status, string title, List<FormLog> logs, string? existing, string? receiptError, Words words,
        string? memberCode = null, string? memberCodeError = null) =>
        PageRenderer.Result<SubmitView>(new
        {
            Title = title, Words = words, Token = FormPosts.Token(http, antiforgery), Logs = logs, Existing = existing, ReceiptError = receiptError,
            MemberCode = memberCode, MemberCodeError = memberCodeError,
            KnownPlatforms = KnownPlatforms(http.RequestServices.GetRequiredService<DatabaseFile>()),
            PublicK = http.RequestServices.GetRequiredService<WebOptions>().PublicK,
        }, status);

    /// <summary>
    /// What a worker is told of a log: the same words whether it counts at the next release, waits for a person (a
    /// note, a repeat of a stored log, an outlier, a new platform or a first log of its kind) or repeats a log of the
    /// same network's worker today, so that nobody, on a shared connection or not, can probe with a submission whether
    /// somebody else already sent the same values.
    /// </summary>
    public static string Outcome(SubmittedLog log) => PublishedAfterReview;

    public const string PublishedAfterReview = "received; published after review, in a coming release of the figures";
}
