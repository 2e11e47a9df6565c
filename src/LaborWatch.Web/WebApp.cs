using LaborWatch.Data;
using LaborWatch.Web.Submissions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
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
        // ScottPlot's first render in a process takes a quarter of a second: pay it at start, not on a visitor.
        LaborWatch.Charts.ChartRenderer.Svg(new LaborWatch.Charts.ChartSpec("warm", "", "", "", LaborWatch.Charts.ChartKind.Lines, [], []));
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.WebHost.UseUrls(urls);
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);
        builder.Logging.AddFilter("LaborWatch.Web.ReleaseSchedule", LogLevel.Information);
        builder.Logging.AddFilter("LaborWatch.Web.ScrapeSchedule", LogLevel.Information);
        builder.Services.AddSingleton(new DatabaseFile(databasePath));
        builder.Services.AddSingleton(sp => new RenderCache(sp.GetRequiredService<DatabaseFile>()));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddHostedService<ReleaseSchedule>();
        builder.Services.AddHostedService<ScrapeSchedule>();
        builder.Services.AddAbuseControls(options);
        // Kestrel's own ceiling for any body; the posting endpoints set their own lower limit.
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = 1024 * 1024);

        var app = builder.Build();
        using (Database.OpenMigrated(databasePath)) { }   // migrate once at start; requests only read
        // Every response: no script may run (the pages need none), nothing may frame or sniff them, and no
        // referrer leaves with a link a worker follows.
        app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'; object-src 'none'";
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            await next(context);
        });
        app.UseRateLimiter();
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
            app.Logger.LogWarning("Review is closed: {Variable} is {State}; set it to a secret of at least {Length} characters to open /review. Logs with notes or flags wait until then.",
                WebOptions.ReviewTokenVariable, string.IsNullOrEmpty(options.ReviewToken) ? "not set" : "shorter than that", WebOptions.MinimumReviewTokenLength);
        return app;
    }
}

/// <summary>Where the database is; a render on a cache miss or a write opens its own connection (pooled by Microsoft.Data.Sqlite).</summary>
public sealed record DatabaseFile(string Path)
{
    public Microsoft.Data.Sqlite.SqliteConnection Open() => Database.Open(Path);
}
