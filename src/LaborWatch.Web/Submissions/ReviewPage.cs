using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using LaborWatch.Contracts;
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
/// once and gets an 8-hour session cookie (HttpOnly, SameSite=Strict; under HTTPS named __Host-lw_review, Secure, path
/// /; else lw_review, path /review) holding a random id and a fingerprint of the token signed in with, sealed with the
/// data-protection keys. The session lives in the database (review_sessions, only the id's hash), so every server
/// shares it and signing out ends it everywhere; each decision records who made it. Every request checks the session
/// against the reviewers configured now: a reviewer removed, or given a new token, is signed out at once.
/// </summary>
public static class ReviewPage
{
    static readonly TimeSpan Session = TimeSpan.FromHours(8);

    /// <summary>The session cookie's name: with the __Host- prefix under HTTPS, so no other site or path can set it.</summary>
    static string Cookie(HttpContext http) => http.Request.IsHttps ? "__Host-lw_review" : "lw_review";

    static CookieOptions CookieOptions(HttpContext http, DateTimeOffset? expires = null) => new()
    {
        HttpOnly = true, SameSite = SameSiteMode.Strict, Path = http.Request.IsHttps ? "/" : "/review", Expires = expires, IsEssential = true, Secure = http.Request.IsHttps,
    };


    public static IEndpointRouteBuilder MapReviewPage(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/review", (HttpContext http, IAntiforgery antiforgery, DatabaseFile db, WebOptions options, IDataProtectionProvider keys) =>
        {
            FormPosts.NoStore(http);
            if (!options.ReviewEnabled) return Closed();
            using var connection = db.Open();
            if (Reviewer(http, keys, connection, options) is not { } reviewer) return SignIn(http, antiforgery, 200, null);
            return PageRenderer.Result<ReviewQueueView>(new
            {
                Token = FormPosts.Token(http, antiforgery), Reviewer = reviewer.Name, SessionCheck = reviewer.Check,
                Pending = ReviewQueue.Pending(connection), Total = ReviewQueue.PendingCount(connection),
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
            http.Response.Cookies.Append(Cookie(http), Protector(keys).Protect(id + ":" + Fingerprint(options.Reviewers[matched])), CookieOptions(http, expires));
            return Results.Redirect("/review", preserveMethod: false);
        }).RequireRateLimiting(AbuseControls.PostsPolicy);
        routes.MapPost("/review", async (HttpContext http, IAntiforgery antiforgery, DatabaseFile db, WebOptions options, IDataProtectionProvider keys) =>
        {
            var (form, failure) = await FormPosts.ReadAsync(http, antiforgery, options);
            if (failure is not null) return failure;
            if (!options.ReviewEnabled) return Closed();
            using var connection = db.Open();
            if (Reviewer(http, keys, connection, options) is not { } reviewer) return SignIn(http, antiforgery, 403, "Your session has ended: sign in again.");
            // The form's anti-forgery token is not tied to the session; this field is: a form token and cookie of the
            // attacker's own, sent with a reviewer's session, lack it.
            if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(form!["session_check"].ToString()), Encoding.UTF8.GetBytes(reviewer.Check)))
                return SignIn(http, antiforgery, 403, "This form does not belong to your session: open the review page again.");
            var action = form["action"].ToString();
            if (action == "logout")
            {
                // Ended on the server, for every server, not only in this browser.
                Dapper.SqlMapper.Execute(connection, "DELETE FROM review_sessions WHERE id_hash = @hash", new { hash = SHA256.HashData(Encoding.UTF8.GetBytes(reviewer.Id)) });
                http.Response.Cookies.Delete(Cookie(http), CookieOptions(http));
                return Results.Redirect("/review", preserveMethod: false);
            }
            var ids = form["id"].Select(v => long.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : -1).Where(id => id > 0).ToList();
            if (action is "approve" or "reject" && ids.Count > 0)
                ReviewQueue.Decide(connection, ids, approve: action == "approve", reviewer: reviewer.Name);
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

    /// <summary>A signed-in reviewer: their name, the session's id, and the value the session's forms carry.</summary>
    sealed record SignedIn(string Name, string Id, string Check);

    /// <summary>
    /// The reviewer of the request's session, or null when it has none: no cookie, a forged one, expired, signed out, or
    /// signed in with a token that is no longer that reviewer's (removed from the settings, or replaced).
    /// </summary>
    static SignedIn? Reviewer(HttpContext http, IDataProtectionProvider keys, DbConnection connection, WebOptions options)
    {
        if (SessionValue(http, keys) is not { } value || value.Split(':') is not [var id, var fingerprint]) return null;
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(id));
        var name = Dapper.SqlMapper.ExecuteScalar<string?>(connection, "SELECT reviewer FROM review_sessions WHERE id_hash = @hash AND expires > @now",
            new { hash, now = DateTimeOffset.UtcNow.ToUnixTimeSeconds() });
        if (name is null) return null;
        if (!options.Reviewers.TryGetValue(name, out var token) || Fingerprint(token) != fingerprint)
        {
            Dapper.SqlMapper.Execute(connection, "DELETE FROM review_sessions WHERE id_hash = @hash", new { hash });
            return null;
        }
        return new SignedIn(name, id, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("review form\n" + id)))[..32]);
    }

    /// <summary>Which token a session was signed in with, without the token: a change of token ends the session.</summary>
    static string Fingerprint(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("review token\n" + token)))[..16];

    static string? SessionValue(HttpContext http, IDataProtectionProvider keys)
    {
        if (http.Request.Cookies[Cookie(http)] is not { } sealedValue) return null;
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
