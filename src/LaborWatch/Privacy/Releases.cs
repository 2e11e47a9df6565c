using System.Globalization;
using Dapper;
using LaborWatch.Data;
using Microsoft.Data.Sqlite;

namespace LaborWatch.Privacy;

/// <summary>A release of the public figures: which one, when it was cut, and how many logs it publishes.</summary>
public sealed record Release(long Id, string CutAt, long Logs, long Added)
{
    /// <summary>"release 3, cut 2026-11-26T06:00:00Z": how every page, chart and export names it.</summary>
    public string Label => $"release {Id}, cut {CutAt}";

    /// <summary>Where a set of figures comes from: a release, the exact figures, or no release yet.</summary>
    public static string Describe(Release? release, bool exact) =>
        exact ? "exact figures: NOT FOR PUBLICATION" : release?.Label ?? "no release yet";
}

/// <summary>What cutting a release did: the release cut (or null), and why not when none was.</summary>
public sealed record ReleaseOutcome(Release? Cut, Release? Current, int WaitingLogs, int WaitingSubmitters, string Message);

/// <summary>
/// Public figures come from releases, not from the live table (issue 11): a log approved after a release
/// counts from the next one, so saving the figures before and after one submission shows nothing. A release
/// is cut by `laborwatch release`, after an import, or by serve's schedule, and only once the waiting logs
/// come from at least k distinct workers: a release that added one worker's logs would publish that worker
/// as the difference of two releases. (Deleting a log through its receipt removes it from the figures at once:
/// a worker's right to withdraw comes first.)
/// </summary>
public static class Releases
{
    public static Release? Current(SqliteConnection connection, SqliteTransaction? tx = null) =>
        connection.QuerySingleOrDefault<Release>("SELECT id AS Id, cut_at AS CutAt, logs AS Logs, added AS Added FROM releases ORDER BY id DESC LIMIT 1", transaction: tx);

    /// <summary>Approved logs not yet in a release, and how many distinct workers sent them.</summary>
    public static (int Logs, int Submitters) Waiting(SqliteConnection connection, SqliteTransaction? tx = null) =>
        connection.QuerySingle<(int, int)>(
            $"SELECT count(*), count(DISTINCT submitter_id) FROM contracts c WHERE released_in IS NULL AND moderation = 'approved' AND {Contracts.StagedImport.Visible}", transaction: tx);

    /// <summary>
    /// Cuts a release of every approved log not yet released when they come from at least
    /// <paramref name="minimumSubmitters"/> workers (or <paramref name="force"/>); otherwise changes nothing.
    /// </summary>
    public static ReleaseOutcome Cut(SqliteConnection connection, int minimumSubmitters, DateTimeOffset now, bool force = false)
    {
        using var tx = connection.BeginTransaction(deferred: false);
        var current = Current(connection, tx);
        var (logs, submitters) = Waiting(connection, tx);
        if (logs == 0)
            return new ReleaseOutcome(null, current, 0, 0, $"nothing new to publish{Since(current)}");
        if (submitters < minimumSubmitters && !force)
            return new ReleaseOutcome(null, current, logs, submitters,
                $"{logs:N0} approved log(s) from {submitters:N0} worker(s) wait for the next release: a release needs logs from at least {minimumSubmitters} workers, so that no release adds one worker alone{Since(current)}");
        var id = (current?.Id ?? 0) + 1;
        var cutAt = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        connection.Execute("INSERT INTO releases(id, cut_at, logs, added) VALUES (@id, @cutAt, 0, 0)", new { id, cutAt }, tx);
        // An import still running (its logs written in chunks) waits for the next release.
        var added = connection.Execute($"UPDATE contracts AS c SET released_in = @id WHERE released_in IS NULL AND moderation = 'approved' AND {Contracts.StagedImport.Visible}", new { id }, tx);
        var total = connection.ExecuteScalar<long>("SELECT count(*) FROM contracts WHERE released_in IS NOT NULL", transaction: tx);
        connection.Execute("UPDATE releases SET logs = @total, added = @added WHERE id = @id", new { id, total, added }, tx);
        DataVersion.BumpPublic(connection, tx);
        tx.Commit();
        var release = new Release(id, cutAt, total, added);
        return new ReleaseOutcome(release, release, 0, 0, $"release {id} cut at {cutAt}: {added:N0} log(s) added, {total:N0} published");
    }

    /// <summary>How long ago the last release was cut, for serve's schedule.</summary>
    public static TimeSpan? Age(Release? release, DateTimeOffset now) =>
        release is null ? null : now - DateTimeOffset.Parse(release.CutAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    static string Since(Release? current) => current is null ? " (no release yet)" : $" (current: {current.Label})";
}
