using System.Globalization;
using LaborWatch.Scraping;
using LaborWatch.Web.Submissions;
using Microsoft.Extensions.Logging;

namespace LaborWatch.Web;

/// <summary>
/// Scrapes the live sources on the operator's schedule (serve --scrape-every 24h; off unless set): when the last
/// run recorded in source_runs is that old, every source of the sources file (default: the shipped catalog) is
/// fetched politely and recorded. A failing source is recorded as such and shown on /postings; the rest go on.
/// </summary>
public sealed class ScrapeSchedule(DatabaseFile db, WebOptions options, TimeProvider clock, ILogger<ScrapeSchedule> log) : Schedule(clock, log)
{
    protected override TimeSpan? Every => options.ScrapeEvery;
    protected override TimeSpan LongestCheck => TimeSpan.FromMinutes(10);

    protected override async Task RunIfDue(TimeSpan every, CancellationToken stopping)
    {
        using var connection = db.Open();
        var now = Clock.GetUtcNow();
        var last = Dapper.SqlMapper.ExecuteScalar<string?>(connection, "SELECT max(run_at) FROM source_runs");
        if (last is not null && now - DateTimeOffset.Parse(last, CultureInfo.InvariantCulture) < every) return;
        var file = options.SourcesFile ?? LiveScraper.CatalogPath() ?? throw new InvalidDataException("no sources file: set LABORWATCH_SOURCES or ship data/sources/sources.json");
        var (sources, fetch) = LiveScraper.ReadSources(file);
        var summary = await LiveScraper.ScrapeAsync(connection, sources, fetch, now.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), cancel: stopping);
        log.LogInformation("Scheduled scrape: {Postings} postings from {Sources} sources, {Errors} with errors", summary.Postings, sources.Count, summary.Errors.Count);
    }
}
