using System.Data.Common;
using System.Globalization;
using Dapper;
using LaborWatch.Data;

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
    /// <summary>
    /// The newest release cut. A release is cut in three steps: its row is written "being cut" (logs = -1), its
    /// logs are marked with its id a range of rows at a time (each its own short transaction), and one short
    /// transaction marks what was approved meanwhile and completes the row. A mark counts nowhere until then: a
    /// release of a million logs holds the write lock a moment at a time, and a cut killed part way is carried on
    /// by the next one, which takes the same id.
    /// </summary>
    public const string NewestId = "(SELECT coalesce(max(id), 0) FROM releases WHERE logs >= 0)";

    /// <summary>The condition (on contracts c) for a log of the current release.</summary>
    public const string Published = "c.released_in <= " + NewestId;

    /// <summary>Rows (by id) marked a transaction while a release is cut.</summary>
    const int MarkChunk = 50_000;

    /// <summary>An approved log waiting for a release: not marked, or marked by a cut that has not completed.</summary>
    const string WaitingLog = "c.moderation = 'approved' AND " + Contracts.StagedImport.Visible + " AND (c.released_in IS NULL OR c.released_in > " + NewestId + ")";

    /// <summary>An approved log not marked yet (the condition of the partial index contracts_unreleased, so found without a scan).</summary>
    const string Unmarked = "c.released_in IS NULL AND c.moderation = 'approved' AND " + Contracts.StagedImport.Visible;

    /// <remarks>Raw (no Dapper): every `stats` and page asks, and Dapper's first query of a type costs 20 ms.</remarks>
    public static Release? Current(DbConnection connection, DbTransaction? tx = null)
    {
        using var row = new RawQuery(connection, "SELECT id, cut_at, logs, added FROM releases WHERE logs >= 0 ORDER BY id DESC LIMIT 1", []);
        return row.Step() ? new Release(row.Int64(0), row.Text(1)!, row.Int64(2), row.Int64(3)) : null;
    }

    /// <summary>Approved logs not yet in a release, and how many distinct workers sent them.</summary>
    public static (int Logs, int Submitters) Waiting(DbConnection connection, DbTransaction? tx = null) =>
        connection.QuerySingle<(int, int)>(
            $"SELECT count(*), count(DISTINCT submitter_id) FROM contracts c WHERE {WaitingLog}", transaction: tx);

    /// <summary>
    /// Cuts a release of every approved log not yet released when they come from at least
    /// <paramref name="minimumSubmitters"/> workers (or <paramref name="force"/>); otherwise changes nothing.
    /// </summary>
    public static ReleaseOutcome Cut(DbConnection connection, int minimumSubmitters, DateTimeOffset now, bool force = false)
    {
        var current = Current(connection);
        var (logs, submitters) = Waiting(connection);
        if (logs == 0)
            return new ReleaseOutcome(null, current, 0, 0, $"nothing new to publish{Since(current)}");
        if (submitters < minimumSubmitters && !force)
            return new ReleaseOutcome(null, current, logs, submitters,
                $"{logs:N0} approved log(s) from {submitters:N0} worker(s) wait for the next release: a release needs logs from at least {minimumSubmitters} workers, so that no release adds one worker alone{Since(current)}");
        // The row "being cut" (or the one a cut that died left), then the waiting logs marked a range of ids at a
        // time (an import still running, its logs written in chunks too, waits for the next release).
        var id = (current?.Id ?? 0) + 1;
        var cutAt = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        connection.Execute("INSERT INTO releases(id, cut_at, logs, added) VALUES (@id, @cutAt, -1, 0) ON CONFLICT(id) DO NOTHING", new { id, cutAt });
        var (low, high) = connection.QuerySingle<(long, long)>("SELECT coalesce(min(id), 0), coalesce(max(id), -1) FROM contracts");
        for (var from = low; from <= high; from += MarkChunk)
            connection.Execute($"UPDATE contracts AS c SET released_in = @id WHERE c.id BETWEEN @from AND @to AND {Unmarked}", new { id, from, to = from + MarkChunk - 1 });

        // Then one short transaction: the logs approved meanwhile (found through the partial index), and the row completed.
        using var tx = connection.BeginWrite();
        if (Current(connection, tx) is { } other && other.Id >= id)
        {
            // Another cut completed this id meanwhile (two `release` at one moment): it published our marks too.
            tx.Rollback();
            return new ReleaseOutcome(null, other, 0, 0, $"nothing new to publish (current: {other.Label})");
        }
        connection.Execute($"UPDATE contracts AS c SET released_in = @id WHERE {Unmarked}", new { id }, tx);
        var added = connection.ExecuteScalar<long>("SELECT count(*) FROM contracts WHERE released_in = @id", new { id }, tx);
        var total = connection.ExecuteScalar<long>("SELECT count(*) FROM contracts WHERE released_in <= @id", new { id }, tx);
        connection.Execute("UPDATE releases SET cut_at = @cutAt, logs = @total, added = @added WHERE id = @id", new { id, cutAt, total, added }, tx);
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
