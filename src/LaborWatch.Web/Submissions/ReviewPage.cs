using System.Data.Common;
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
using LaborWatch.Web.Shared;

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
            if (Reviewer(http, keys, connection) is not { } reviewer) return SignIn(http, antiforgery, 200, null);
            return PageRenderer.Result<ReviewQueueView>(new
            {
                Token = FormPosts.Token(http, antiforgery), Reviewer = reviewer, Pending = ReviewQueue.Pending(connection), Total = ReviewQueue.PendingCount(connection),
            });
        });
        routes.MapPost("/review/login", async (HttpContext http, IAntiforgery antiforgery, DatabaseFile db, WebOptions options, IDataProtectionProvider keys) =>
        {
            var (form, failure) = await FormPosts.ReadAsync(http, antiforgery, options);
            if (failure is not null) return failure;
            if (!options.ReviewEnabled) return Closed();
            // Every token is compared, in constant time, whichever matches: the time taken says nothing about which.
            var given = form!["token"].ToString();
            var matched = options.Reviewers.Where(r => TokenMatches(given, r.Value)).Select(r => r.Key).ToList().FirstOrDefault();
            if (matched is null) return SignIn(http, antiforgery, 403, "That token is not right.");
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
            if (Reviewer(http, keys, connection) is not { } reviewer) return SignIn(http, antiforgery, 403, "Your session has ended: sign in again.");
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

    static IResult Closed() => PageRenderer.Result<Message>(new
    {
        Title = "Review is closed", Role = (string?)null,
        Text = $"Review is not enabled on this server. Set {WebOptions.ReviewTokenVariable} to a secret of at least {WebOptions.MinimumReviewTokenLength} characters and restart.",
    }, 404);

    static IResult SignIn(HttpContext http, IAntiforgery antiforgery, int status, string? error) =>
        PageRenderer.Result<ReviewSignInView>(new { Token = FormPosts.Token(http, antiforgery), Error = error }, status);

    static IDataProtector Protector(IDataProtectionProvider keys) => keys.CreateProtector("LaborWatch.Review.Session");

    /// <summary>The reviewer of the request's session, or null when it has none (no cookie, a forged one, expired or signed out).</summary>
    static string? Reviewer(HttpContext http, IDataProtectionProvider keys, DbConnection connection) =>
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
}
