using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace LaborWatch.Web.Submissions;

/// <summary>
/// Rate limits, antiforgery and form limits for everything that accepts posts. Limits are per client key
/// (<see cref="ClientKeys"/>), answered with 429 and Retry-After, and per server (docs/deploy.md). The keys that seal
/// form tokens and review sign-ins live in KEYS_DIR when set, in the database on PostgreSQL, else in memory (a
/// restart then asks for the form to be reloaded and reviewers to sign in again).
/// </summary>
public static class AbuseControls
{
    public const string PostsPolicy = "posts";

    /// <summary>
    /// Receipt look-ups, corrections and deletions: a budget of their own per client, so that someone on a shared
    /// connection who uses up its posts cannot stop another worker from correcting or deleting their logs.
    /// </summary>
    public const string ReceiptsPolicy = "receipts";

    /// <summary>The keys folder, made (or tightened to) owner-only, 0700: the keys seal reviewers' sessions.</summary>
    static DirectoryInfo OwnerOnlyFolder(string folder)
    {
        if (OperatingSystem.IsWindows()) return Directory.CreateDirectory(folder);
        var info = Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        try { if ((info.UnixFileMode & (UnixFileMode)0b000_111_111) != 0) info.UnixFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute; }
        catch (UnauthorizedAccessException) { }   // not ours to change: the owner's umask decides
        return info;
    }

    public static IServiceCollection AddAbuseControls(this IServiceCollection services, WebOptions options, string database)
    {
        services.AddSingleton(options);
        services.AddSingleton<ClientKeys>();
        // Keys in a folder when the operator gives one (restarts and several servers then share sign-ins); on PostgreSQL
        // without one, in the database (several servers over it share them with no shared folder); else in memory.
        if (options.KeysFolder is { } folder)
            services.AddDataProtection().SetApplicationName("LaborWatch").PersistKeysToFileSystem(OwnerOnlyFolder(folder));
        else if (LaborWatch.Data.Store.IsPostgresUri(database))
        {
            services.AddDataProtection().SetApplicationName("LaborWatch");
            services.Configure<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>(o => o.XmlRepository = new DatabaseKeys(database));
        }
        else services.AddDataProtection().UseEphemeralDataProtectionProvider();
        services.AddAntiforgery(o =>
        {
            // Under a public HTTPS address the __Host- prefix: Secure, path /, no domain, so no other site or path can plant one.
            var https = options.PublicUrl?.Scheme == "https";
            o.Cookie.Name = "lw_form";
            if (https) { o.Cookie.Name = "__Host-lw_form"; o.Cookie.SecurePolicy = CookieSecurePolicy.Always; o.Cookie.Path = "/"; }
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.HttpOnly = true;
            o.FormFieldName = "form_token";
        });
        services.Configure<FormOptions>(o =>
        {
            o.ValueLengthLimit = 16 * 1024;
            o.ValueCountLimit = 2048;
            o.MultipartBodyLengthLimit = options.MaxBodyBytes;
        });
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            foreach (var policy in new[] { PostsPolicy, ReceiptsPolicy })
                o.AddPolicy(policy, http =>
                {
                    var key = policy + ":" + http.RequestServices.GetRequiredService<ClientKeys>().Of(http.Connection.RemoteIpAddress);
                    return RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = options.PostsPerWindow,
                        Window = options.Window,
                        QueueLimit = 0,
                    });
                });
            o.OnRejected = async (context, token) =>
            {
                var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
                    ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
                    : (int)options.Window.TotalSeconds;
                var response = context.HttpContext.Response;
                response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                response.Headers.CacheControl = "no-store";
                response.ContentType = "text/plain; charset=utf-8";
                await response.WriteAsync($"Too many posts from your connection. Please try again in {Math.Ceiling(seconds / 60.0)} minutes; nothing was stored.", token);
            };
        });
        return services;
    }
}
