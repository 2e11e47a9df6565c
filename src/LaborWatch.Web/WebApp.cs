using System.Data.Common;
using Dapper;
using LaborWatch.Data;
using LaborWatch.Web.Submissions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LaborWatch.Web;

/// <summary>
/// The LaborWatch web app: JSON API and the dashboard pages over one SQLite file. Client addresses and user
/// agents are never logged: the framework's request logging stays off and only warnings are written.
/// </summary>
public static class WebApp
{
    public static WebApplication Build(string databasePath, string urls, WebOptions? options = null)
    {
        options ??= new WebOptions();
        if (options.ReviewerProblems() is { Count: > 0 } problems) throw new ArgumentException("bad reviewer tokens:\n  " + string.Join("\n  ", problems));
        // ScottPlot's first render in a process takes a quarter of a second: pay it at start, not on a visitor.
        LaborWatch.Charts.ChartRenderer.Svg(new LaborWatch.Charts.ChartSpec("warm", "", "", "", LaborWatch.Charts.ChartKind.Lines, [], []));
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.WebHost.UseUrls(urls);
        builder.Logging.ClearProviders();
        // LABORWATCH_LOG_FORMAT=json: one JSON object a line, for log collectors; else the standard single-line format.
        // Either way only warnings and start-up lines, and never a client's address or user agent.
        if (options.LogFormat is "json") builder.Logging.AddJsonConsole();
        else builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);
        builder.Logging.AddFilter("LaborWatch.Web.ReleaseSchedule", LogLevel.Information);
        builder.Logging.AddFilter("LaborWatch.Web.ScrapeSchedule", LogLevel.Information);
        builder.Services.AddSingleton(new DatabaseFile(databasePath));
        builder.Services.AddSingleton(sp => new RenderCache(sp.GetRequiredService<DatabaseFile>()));
        builder.Services.AddSingleton<ResponseShortcuts>();
        builder.Services.AddSingleton(sp => new PublicAddress(options.PublicUrl, sp.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddHostedService<ReleaseSchedule>();
        builder.Services.AddHostedService<ScrapeSchedule>();
        builder.Services.AddAbuseControls(options, databasePath);
        // The worker side's words (Resources/Submissions/WorkerText.LANG.resx), in the language each request asks for.
        builder.Services.AddLocalization(o => o.ResourcesPath = "Resources");
        // Pages are Razor components rendered on the server (Shared/PageRenderer). Razor encodes every value; the
        // encoder leaves letters of any script as they are (not &#xE9;), so Spanish and Swahili pages read as text.
        builder.Services.AddRazorComponents();
        builder.Services.AddSingleton(System.Text.Encodings.Web.HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All));
        builder.Services.AddSingleton<LaborWatch.Web.Shared.PageRenderer>();
        // Kestrel's limits, set on purpose against slow and greedy clients (tests/.../Reliability/HostileScaleTests):
        // headers must arrive within 10 s (slowloris), a body at 240 bytes/s after a 5 s grace, an idle
        // keep-alive connection is closed after 60 s, and 1 MB is the ceiling for any body (the posting
        // endpoints set their own lower limit).
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = 1024 * 1024;
            k.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(10);
            k.Limits.MinRequestBodyDataRate = new Microsoft.AspNetCore.Server.Kestrel.Core.MinDataRate(240, TimeSpan.FromSeconds(5));
            k.Limits.MinResponseDataRate = new Microsoft.AspNetCore.Server.Kestrel.Core.MinDataRate(240, TimeSpan.FromSeconds(5));
            k.Limits.KeepAliveTimeout = TimeSpan.FromSeconds(60);
            k.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
            k.Limits.MaxConcurrentConnections = 10_000;
        });

        if (options.TrustedProxies.Count > 0)
            builder.Services.Configure<Microsoft.AspNetCore.Builder.ForwardedHeadersOptions>(o =>
            {
                // Only the listed proxies are believed, and only their last hop: a client cannot forge its address.
                o.ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto;
                o.KnownIPNetworks.Clear();
                o.KnownProxies.Clear();
                foreach (var network in options.TrustedProxies) o.KnownIPNetworks.Add(network);
                o.ForwardLimit = 1;
            });
        var app = builder.Build();
        // The request's Host is never believed: it is the public address for everything after this (links, Razor's base URI).
        var publicAddress = app.Services.GetRequiredService<PublicAddress>();
        app.Use((context, next) =>
        {
            context.Request.Host = publicAddress.Host;
            return next(context);
        });
        // Behind a trusted proxy: the worker's address (for rate limits and the worker of the day, never stored or
        // logged) and whether the original request was HTTPS (for Secure cookies) come from its forwarded headers.
        if (options.TrustedProxies.Count > 0) app.UseForwardedHeaders();
        // Migrate once at start (requests only read), and record what releases may publish for every verb that cuts one.
        using (var migrated = Database.OpenMigrated(databasePath)) LaborWatch.Privacy.Releases.SetRequireCodes(migrated, options.RequireCodes);
        // Every response: no script may run (the pages need none), nothing may frame or sniff them, and no
        // referrer leaves with a link a worker follows.
        app.Use((context, next) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'; object-src 'none'";
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            return next(context);
        });
        // A full or read-only disk, or a writer holding the lock past the busy timeout: 503 with what happened,
        // never a 500, and the server goes on serving reads. Every write is one transaction, so nothing was stored.
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (Exception e) when (DatabaseFaults.IsUnavailable(e) && !context.Response.HasStarted)
            {
                // The store's own words (a SQLite code, a PostgreSQL state); no client data, and never the URI's password.
                app.Logger.LogWarning("database unavailable for a {Method}: {Reason}", context.Request.Method, Store.Redacted(e.Message));
                context.Response.Clear();
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                context.Response.Headers.RetryAfter = "60";
                context.Response.Headers.CacheControl = "no-store";
                context.Response.ContentType = "text/plain; charset=utf-8";
                await context.Response.WriteAsync("The database cannot take this now (its disk is full, read-only or busy): nothing was stored. Please try again later.\n");
            }
        });
        // A cached response the same target had is sent from here, before routing and the endpoint; the
        // headers above are set on it like on any other. Routing is placed here on purpose: after this, not first.
        var shortcuts = app.Services.GetRequiredService<ResponseShortcuts>();
        app.Use((context, next) => shortcuts.TrySend(context) ?? next(context));
        app.UseRouting();
        app.UseRateLimiter();
        // Only the UI language varies (en, es, fil, sw): numbers and dates keep one format everywhere but where the
        // worker pages write them for the language themselves (Words.Number).
        // Only on the worker pages, the only ones translated: the dashboard's cached responses skip the parsing.
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/submit") || c.Request.Path.StartsWithSegments("/receipt"), worker => worker.UseRequestLocalization(o =>
        {
            o.DefaultRequestCulture = new Microsoft.AspNetCore.Localization.RequestCulture("en");
            o.SupportedCultures = [new System.Globalization.CultureInfo("en")];
            o.SupportedUICultures = WorkerLanguage.Supported.Select(l => new System.Globalization.CultureInfo(l.Code)).ToList();
            o.RequestCultureProviders = [new WorkerLanguage()];
        }));
        // Liveness for a service manager or a load balancer: the database answers; nothing about the data.
        app.MapGet("/healthz", (DatabaseFile db) =>
        {
            try
            {
                using var connection = db.Open();
                connection.ExecuteScalar<int>("SELECT 1");
                return Results.Text("ok\n", "text/plain");
            }
            catch (Exception e) when (e is System.Data.Common.DbException or DatabaseFaultException)
            {
                return Results.Text("database unavailable\n", "text/plain", statusCode: 503);
            }
        });
        app.MapStatsApi();
        app.MapOverviewPage();
        app.MapCharts();
        app.MapMethodologyPage();
        app.MapPostings();
        app.MapChangesFeed();
        app.MapPlatformPage();
        app.MapReportsPage();
        app.MapSubmitPage();
        app.MapReceiptPage();
        app.MapReviewPage();
        app.MapContractsApi();
        if (!options.ReviewEnabled)
            app.Logger.LogWarning("Review is closed: no reviewer token of at least {Length} characters ({Variable}, or {Reviewers} as NAME=TOKEN;...); {State}. Logs with notes or flags wait until then.",
                WebOptions.MinimumReviewTokenLength, WebOptions.ReviewTokenVariable, WebOptions.ReviewersVariable,
                string.IsNullOrEmpty(options.ReviewToken) && options.NamedReviewers.Count == 0 ? "none is set" : "the tokens set are shorter than that");
        foreach (var name in options.NamedReviewers.Where(r => r.Value.Length < WebOptions.MinimumReviewTokenLength).Select(r => r.Key))
            app.Logger.LogWarning("Reviewer {Name}'s token is shorter than {Length} characters: it opens nothing", name, WebOptions.MinimumReviewTokenLength);
        return app;
    }

}

/// <summary>Where the database is; a render on a cache miss or a write opens its own connection (pooled by the store's driver).</summary>
public sealed record DatabaseFile(string Path)
{
    public DbConnection Open() => Database.Open(Path);
}
