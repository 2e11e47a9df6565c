using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LaborWatch.Web;

/// <summary>
/// A job the server runs on the operator's schedule (releases, scrapes): checked every tenth of its interval
/// (between 1 s and <see cref="LongestCheck"/>) so a restart never skips a run that is due; a run that fails
/// is logged and tried again at the next check, and never stops the server.
/// </summary>
public abstract class Schedule(TimeProvider clock, ILogger log) : BackgroundService
{
    protected abstract TimeSpan? Every { get; }
    protected virtual TimeSpan LongestCheck => TimeSpan.FromMinutes(1);
    protected TimeProvider Clock => clock;

    /// <summary>Runs the job when it is due (the job decides, from what the database says of the last run).</summary>
    protected abstract Task RunIfDue(TimeSpan every, CancellationToken stopping);

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        if (Every is not { } every || every <= TimeSpan.Zero) return;
        var check = TimeSpan.FromTicks(Math.Clamp(every.Ticks / 10, TimeSpan.FromSeconds(1).Ticks, LongestCheck.Ticks));
        using var timer = new PeriodicTimer(check, clock);
        try
        {
            do
            {
                try
                {
                    await RunIfDue(every, stopping);
                }
                catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or InvalidDataException or IOException or ArgumentException)
                {
                    log.LogWarning("{Job} did not run: {Message}; tried again in {Check}", GetType().Name, e.Message, check);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Anything else is a bug (a feed shaped in a way no adapter foresaw, say): logged in full, but a
                    // failed job never stops the site. An exception leaving ExecuteAsync would stop the whole host.
                    log.LogError(e, "{Job} failed; tried again in {Check}", GetType().Name, check);
                }
            } while (await timer.WaitForNextTickAsync(stopping).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
            // the server is stopping
        }
    }
}
