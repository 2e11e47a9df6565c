using LaborWatch.Scraping;
using LaborWatch.Web.Submissions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LaborWatch.Web;

/// <summary>
/// Scrapes the live sources on the operator's schedule (serve --scrape-every 24h; off unless set): when the last
/// run recorded in source_runs is that old, every source of the sources file (default: the shipped catalog) is
/// fetched politely and recorded. A failing source is recorded as such and shown on /postings; the rest go on.
/// </summary>
public sealed class ScrapeSchedule(DatabaseFile db, WebOptions options, TimeProvider clock, ILogger<ScrapeSchedule> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        if (options.ScrapeEvery is not { } every || every <= TimeSpan.Zero) return;
        var check = TimeSpan.FromTicks(Math.Clamp(every.Ticks / 10, TimeSpan.FromSeconds(1).Ticks, TimeSpan.FromMinutes(10).Ticks));
        using var timer = new PeriodicTimer(check, clock);
        try
        {
            do
            {
                try
                {
                    await ScrapeIfDue(every, stopping);
                }
                catch (Exception e) when (e is InvalidDataException or IOException or ArgumentException or Microsoft.Data.Sqlite.SqliteException)
                {
                    log.LogWarning("Scheduled scrape not run: {Message}; tried again in {Check}", e.Message, check);
                }
            } while (await timer.WaitForNextTickAsync(stopping).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
            // the server is stopping
        }
    }

    async Task ScrapeIfDue(TimeSpan every, CancellationToken stopping)
    {
        using var connection = db.Open();
        var now = clock.GetUtcNow();
        var last = Dapper.SqlMapper.ExecuteScalar<string?>(connection, "SELECT max(run_at) FROM source_runs");
        if (last is not null && now - DateTimeOffset.Parse(last, System.Globalization.CultureInfo.InvariantCulture) < every) return;
        var file = options.SourcesFile ?? LiveScraper.CatalogPath() ?? throw new InvalidDataException("no sources file: set LABORWATCH_SOURCES or ship data/sources/sources.json");
        var (sources, fetch) = LiveScraper.ReadSources(file);
        var summary = await LiveScraper.ScrapeAsync(connection, sources, fetch, now.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), cancel: stopping);
        log.LogInformation("Scheduled scrape: {Postings} postings from {Sources} sources, {Errors} with errors", summary.Postings, sources.Count, summary.Errors.Count);
    }
}
