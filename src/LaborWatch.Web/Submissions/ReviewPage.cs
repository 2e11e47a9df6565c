using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using LaborWatch.Contracts;
using LaborWatch.Pay;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static LaborWatch.Web.Layout;

namespace LaborWatch.Web.Submissions;

/// <summary>
/// /review: researchers approve or reject the logs that wait (flagged ones and every log with notes). Closed
/// unless a reviewer token of at least 16 characters is configured; a named reviewer signs in with their token
/// once and gets an 8-hour session cookie (HttpOnly, SameSite=Strict, path /review, Secure under HTTPS) holding a
/// random id sealed with the data-protection keys. The session lives in the database (review_sessions, only the
/// id's hash), so every server shares it and signing out ends it everywhere; each decision records who made it.
/// </summary>
public static class ReviewPage
{
    const string Cookie = "lw_review";
    static readonly TimeSpan Session = TimeSpan.FromHours(8);


    public static IEndpointRouteBuilder MapReviewPage(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/review", (HttpContext http, IAntiforgery antiforgery, DatabaseFile db, WebOptions options, IDataProtectionProvider keys) =>
        {
            FormPosts.NoStore(http);
            if (!options.ReviewEnabled) return Closed();
            using var connection = db.Open();
            if (Reviewer(http, keys, connection) is not { } reviewer) return FormPosts.Html(200, "Review sign-in", SignIn(http, antiforgery, null));
            return FormPosts.Html(200, "Review queue", Queue(http, antiforgery, connection, reviewer));
        });
        routes.MapPost("/review/login", async (HttpContext http, IAntiforgery antiforgery, DatabaseFile db, WebOptions options, IDataProtectionProvider keys) =>
        {
            var (form, failure) = await FormPosts.ReadAsync(http, antiforgery, options);
            if (failure is not null) return failure;
            if (!options.ReviewEnabled) return Closed();
            // Every token is compared, in constant time, whichever matches: the time taken says nothing about which.
            var given = form!["token"].ToString();
            var matched = options.Reviewers.Where(r => TokenMatches(given, r.Value)).Select(r => r.Key).ToList().FirstOrDefault();
            if (matched is null) return FormPosts.Html(403, "Review sign-in", SignIn(http, antiforgery, "That token is not right."));
            var expires = DateTimeOffset.UtcNow + Session;
            var id = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
            using (var connection = db.Open())
            {
                Dapper.SqlMapper.Execute(connection, "DELETE FROM review_sessions WHERE expires <= @now", new { now = DateTimeOffset.UtcNow.ToUnixTimeSeconds() });
                Dapper.SqlMapper.Execute(connection, "INSERT INTO review_sessions(id_hash, reviewer, expires) VALUES (@hash, @matched, @expires)",
                    new { hash = SHA256.HashData(Encoding.UTF8.GetBytes(id)), matched, expires = expires.ToUnixTimeSeconds() });
            }
            // Secure whenever the request came over HTTPS, so the session never travels in clear afterwards.
            http.Response.Cookies.Append(Cookie, Protector(keys).Protect(id),
                new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, Path = "/review", Expires = expires, IsEssential = true, Secure = http.Request.IsHttps });
            return Results.Redirect("/review", preserveMethod: false);
        }).RequireRateLimiting(AbuseControls.PostsPolicy);
        routes.MapPost("/review", async (HttpContext http, IAntiforgery antiforgery, DatabaseFile db, WebOptions options, IDataProtectionProvider keys) =>
        {
            var (form, failure) = await FormPosts.ReadAsync(http, antiforgery, options);
            if (failure is not null) return failure;
            if (!options.ReviewEnabled) return Closed();
            using var connection = db.Open();
            if (Reviewer(http, keys, connection) is not { } reviewer) return FormPosts.Html(403, "Review sign-in", SignIn(http, antiforgery, "Your session has ended: sign in again."));
            var action = form!["action"].ToString();
            if (action == "logout")
            {
                // Ended on the server, for every server, not only in this browser.
                if (SessionId(http, keys) is { } ended)
                    Dapper.SqlMapper.Execute(connection, "DELETE FROM review_sessions WHERE id_hash = @hash", new { hash = SHA256.HashData(Encoding.UTF8.GetBytes(ended)) });
                http.Response.Cookies.Delete(Cookie, new CookieOptions { Path = "/review", Secure = http.Request.IsHttps });
                return Results.Redirect("/review", preserveMethod: false);
            }
            var ids = form["id"].Select(v => long.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : -1).Where(id => id > 0).ToList();
            if (action is "approve" or "reject" && ids.Count > 0)
                ReviewQueue.Decide(connection, ids, approve: action == "approve", reviewer: reviewer);
            return Results.Redirect("/review", preserveMethod: false);
        });
        return routes;
    }

    static IResult Closed() => FormPosts.Html(404, "Review is closed",
        $"<p>Review is not enabled on this server. Set {WebOptions.ReviewTokenVariable} to a secret of at least {WebOptions.MinimumReviewTokenLength} characters and restart.</p>");

    static IDataProtector Protector(IDataProtectionProvider keys) => keys.CreateProtector("LaborWatch.Review.Session");

    /// <summary>The reviewer of the request's session, or null when it has none (no cookie, a forged one, expired or signed out).</summary>
    static string? Reviewer(HttpContext http, IDataProtectionProvider keys, Microsoft.Data.Sqlite.SqliteConnection connection) =>
        SessionId(http, keys) is { } id
            ? Dapper.SqlMapper.ExecuteScalar<string?>(connection, "SELECT reviewer FROM review_sessions WHERE id_hash = @hash AND expires > @now",
                new { hash = SHA256.HashData(Encoding.UTF8.GetBytes(id)), now = DateTimeOffset.UtcNow.ToUnixTimeSeconds() })
            : null;

    static string? SessionId(HttpContext http, IDataProtectionProvider keys)
    {
        if (http.Request.Cookies[Cookie] is not { } sealedValue) return null;
        try
        {
            return Protector(keys).Unprotect(sealedValue);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    /// <summary>Compared as hashes in constant time, so neither the token's length nor its prefix leaks by timing.</summary>
    static bool TokenMatches(string given, string expected) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));

    static string SignIn(HttpContext http, IAntiforgery antiforgery, string? error) => $"""
        <p>The review queue is for the researchers who run this server.</p>
        <form method="post" action="/review/login">{FormPosts.TokenField(http, antiforgery)}
        <div class="field{(error is null ? "" : " invalid")}"><label for="token">Review token</label>
        {(error is null ? "" : $"<span class=\"error\" id=\"token-error\" role=\"alert\">{E(error)}</span>")}
        <input id="token" name="token" type="password" autocomplete="current-password" required></div>
        <p class="actions"><button type="submit" class="primary">Sign in</button></p></form>
        """;

    static string Queue(HttpContext http, IAntiforgery antiforgery, Microsoft.Data.Sqlite.SqliteConnection connection, string reviewer)
    {
        var pending = ReviewQueue.Pending(connection);
        var total = ReviewQueue.PendingCount(connection);
        var token = FormPosts.TokenField(http, antiforgery);
        var sb = new StringBuilder($"<p>Signed in as <strong>{E(reviewer)}</strong>: your decisions are recorded under this name, with the day.</p><p>{total:N0} log{(total == 1 ? "" : "s")} waiting{(total > pending.Count ? $"; the oldest {pending.Count} shown" : "")}. Notes were scrubbed of contact details before storage; they are shown only here.</p>");
        sb.Append($"<form method=\"post\" action=\"/review\">{token}<div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\"table (scrolls sideways)\"><table><caption>Waiting for review</caption><thead><tr><th scope=\"col\">Select</th><th scope=\"col\">Why</th><th scope=\"col\">Platform</th><th scope=\"col\">Kind</th><th scope=\"col\">Started</th><th scope=\"col\">Status</th><th scope=\"col\">Received</th><th scope=\"col\">Hours paid + unpaid</th><th scope=\"col\">Effective per hour</th><th scope=\"col\">Notes</th></tr></thead><tbody>");
        foreach (var log in pending)
        {
            var minor = PayReference.Shipped.IsCurrency(log.Currency) ? PayReference.Shipped.MinorUnits(log.Currency) : 2;
            var gross = log.GrossPayMinor / Math.Pow(10, minor);
            var hours = log.PaidHours + log.UnpaidHours;
            var perHour = hours > 0 ? (gross / hours).ToString("0.00", CultureInfo.InvariantCulture) : "–";
            sb.Append($"<tr><td><input type=\"checkbox\" name=\"id\" value=\"{log.Id}\" id=\"review-{log.Id}\" aria-label=\"Select log {log.Id}\"></td><td>{E(log.ReviewReason)}</td><th scope=\"row\">{E(log.Platform)}</th><td>{E(log.TaskType)}</td><td>{E(log.StartMonth)}</td><td>{E(log.Status)}</td><td>{gross.ToString("0.##", CultureInfo.InvariantCulture)} {E(log.Currency)}</td><td>{log.PaidHours:0.#} + {log.UnpaidHours:0.#}</td><td>{perHour}</td><td class=\"notes\">{E(log.Notes)}</td></tr>");
        }
        sb.Append("</tbody></table></div><p class=\"actions\"><button type=\"submit\" name=\"action\" value=\"approve\" class=\"primary\">Approve selected</button> <button type=\"submit\" name=\"action\" value=\"reject\" class=\"danger\">Reject selected</button></p></form>");
        sb.Append($"<form method=\"post\" action=\"/review\">{token}<p><button type=\"submit\" name=\"action\" value=\"logout\">Sign out</button></p></form>");
        return sb.ToString();
    }
}
