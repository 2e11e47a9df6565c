using LaborWatch.Privacy;
using LaborWatch.Web.Submissions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LaborWatch.Web;

/// <summary>
/// Cuts a release of the public figures on the operator's schedule (--release-every, default daily): once the
/// last release is that old and the approved logs waiting come from at least k workers. Checked every minute
/// (or more often for short schedules), so a restart never skips a release that is due.
/// </summary>
public sealed class ReleaseSchedule(DatabaseFile db, WebOptions options, TimeProvider clock, ILogger<ReleaseSchedule> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        if (options.ReleaseEvery is not { } every || every <= TimeSpan.Zero) return;
        var check = TimeSpan.FromTicks(Math.Clamp(every.Ticks / 10, TimeSpan.FromSeconds(1).Ticks, TimeSpan.FromMinutes(1).Ticks));
        using var timer = new PeriodicTimer(check, clock);
        try
        {
            do
            {
                try
                {
                    CutIfDue(every);
                }
                catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or InvalidOperationException)
            {
                log.LogWarning("Scheduled release not cut: {Message}; tried again in {Check}", e.Message, check);
            }
            } while (await timer.WaitForNextTickAsync(stopping).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
            // the server is stopping
        }
    }

    void CutIfDue(TimeSpan every)
    {
        using var connection = db.Open();
        var now = clock.GetUtcNow();
        if (Releases.Age(Releases.Current(connection), now) is { } age && age < every) return;
        var outcome = Releases.Cut(connection, options.PublicK, now);
        if (outcome.Cut is not null) log.LogInformation("{Message}", outcome.Message);
    }
}
