using LaborWatch.Contracts;
using LaborWatch.Privacy;
using LaborWatch.Web.Submissions;
using Microsoft.Extensions.Logging;

namespace LaborWatch.Web;

/// <summary>
/// Cuts a release of the public figures on the operator's schedule (--release-every, default daily): once the
/// last release is that old and the approved logs waiting come from at least k workers.
/// </summary>
public sealed class ReleaseSchedule(DatabaseFile db, WebOptions options, TimeProvider clock, ILogger<ReleaseSchedule> log) : Schedule(clock, log)
{
    protected override TimeSpan? Every => options.ReleaseEvery;

    protected override Task RunIfDue(TimeSpan every, CancellationToken stopping)
    {
        using var connection = db.Open();
        var now = Clock.GetUtcNow();
        if (Releases.Age(ReleasedLogs.Current(connection), now) is not { } age || age >= every)
        {
            var outcome = Releases.Cut(connection, options.PublicK, now);
            if (outcome.Cut is not null) log.LogInformation("{Message}", outcome.Message);
        }
        // After a release, at start, or after a worker deleted logs: the published logs read now, in the background,
        // rather than by the next visitor (a second a million logs).
        if (!LaborWatch.Contracts.PublishedSnapshot.IsCurrent(connection)) LaborWatch.Contracts.PublishedSnapshot.Refresh(connection);
        return Task.CompletedTask;
    }
}
