using Microsoft.Extensions.Logging.Abstractions;

namespace LaborWatch.Web.Tests;

[TestClass]
public sealed class ScheduleTests
{
    /// <summary>A job that fails with a bug the first time, then runs.</summary>
    sealed class Flaky() : Schedule(TimeProvider.System, NullLogger.Instance)
    {
        public int Runs;
        protected override TimeSpan? Every => TimeSpan.FromSeconds(1);
        protected override Task RunIfDue(TimeSpan every, CancellationToken stopping) =>
            Interlocked.Increment(ref Runs) == 1 ? throw new NullReferenceException("a bug in an adapter") : Task.CompletedTask;
    }

    [TestMethod]
    public async Task A_job_that_fails_unexpectedly_is_tried_again_and_never_stops_the_server()
    {
        using var job = new Flaky();
        await job.StartAsync(CancellationToken.None);
        for (var waited = 0; job.Runs < 2 && waited < 200; waited++) await Task.Delay(100);
        Assert.IsTrue(job.Runs >= 2, $"ran {job.Runs} time(s): the failure ended the schedule");
        Assert.IsFalse(job.ExecuteTask!.IsFaulted, "an exception leaving the job would stop the host");
        await job.StopAsync(CancellationToken.None);
    }
}
