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
        if (Releases.Age(Releases.Current(connection), now) is { } age && age < every) return Task.CompletedTask;
        var outcome = Releases.Cut(connection, options.PublicK, now);
        if (outcome.Cut is null) return Task.CompletedTask;
        log.LogInformation("{Message}", outcome.Message);
        // The published logs read once now, so that the first visitor after the release does not wait for it.
        LaborWatch.Contracts.PublishedSnapshot.Refresh(connection);
        return Task.CompletedTask;
    }
}
