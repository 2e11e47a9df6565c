using System.Data.Common;
using System.Globalization;
using Dapper;
using LaborWatch.Data;
using LaborWatch.Contracts;

namespace LaborWatch.Privacy;

/// <summary>What cutting a release did: the release cut (or null), and why not when none was.</summary>
public sealed record ReleaseOutcome(Release? Cut, Release? Current, int WaitingLogs, int WaitingSubmitters, string Message);

/// <summary>
/// Public figures come from releases, not from the live table: a log approved after a release
/// counts from the next one, so saving the figures before and after one submission shows nothing. A release
/// is cut by `laborwatch release`, after an import, or by serve's schedule, and only once the waiting logs
/// come from at least k distinct workers: a release that added one worker's logs would publish that worker
/// as the difference of two releases. A published log its worker deletes or corrects through the receipt leaves
/// the figures the same way: it is marked withdrawn and erased by the next cut, which also needs k workers' changes,
/// so that a deletion is never the only change between two releases.
/// </summary>
public static class Releases
{
    /// <summary>
    /// The most logs one worker adds to the public figures in one release. The logs a worker sends past it (their
    /// highest ids; an import's ids follow its rows' hashes, not the file's order) stay in the exact figures and are left out of the public ones, so that one worker's weight in the
    /// synopsis is bounded and their protection can be stated (AttackerBound.Statement.RhoPerWorker). The synthetic
    /// sample's workers send 1 to 10 logs; a worker with twenty contracts fits.
    /// </summary>
    public const int WorkerCap = 20;

    /// <summary>Rows (by id) marked a transaction while a release is cut.</summary>
    const int MarkChunk = 50_000;

    /// <summary>An approved log waiting for a release: not in a completed one (a mark of a cut that has not completed counts as none).</summary>
    static readonly string WaitingLog = $"c.moderation = 'approved' AND {Contracts.StagedImport.Visible} AND NOT {ReleasedLogs.Published}";

    /// <summary>An approved post not marked yet (the condition of the partial index contracts_unreleased, so found without a scan).</summary>
    const string Unmarked = "c.released_in IS NULL AND c.moderation = 'approved' AND c.import_id = 0";

    /// <summary>A published log withdrawn by its worker, erased by the next cut.</summary>
    const string Withdrawn = "c.withdrawn = 1";

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
        var requireCodes = RequiresCodes(connection);
        // Under --require-codes a post without a code never waits for a release: it is never published.
        var coded = requireCodes ? " AND (c.import_id <> 0 OR c.member_code = 1)" : "";
        var waitingLog = WaitingLog + coded;
        var change = $"({waitingLog} OR {Withdrawn})";
        var unmarked = Unmarked + (requireCodes ? " AND c.member_code = 1" : "");
        var current = ReleasedLogs.Current(connection);
        // Whether enough workers wait is all a cut needs: the scan stops at the k-th (counting every waiting log
        // and worker took 0.3 s of each import of a million logs). The full counts only for the message of a refusal.
        var enough = connection.ExecuteScalar<long>(
            $"SELECT count(*) FROM (SELECT DISTINCT submitter_id FROM contracts c WHERE {change} LIMIT @limit) AS waiting",
            new { limit = Math.Max(1, minimumSubmitters) });
        if (enough == 0)
            return new ReleaseOutcome(null, current, 0, 0, $"nothing new to publish{Since(current)}");
        if (enough < minimumSubmitters && !force)
        {
            var (logs, submitters) = connection.QuerySingle<(int, int)>($"SELECT count(*), count(DISTINCT submitter_id) FROM contracts c WHERE {waitingLog}");
            var withdrawn = connection.ExecuteScalar<long>($"SELECT count(*) FROM contracts c WHERE {Withdrawn}");
            var changers = connection.ExecuteScalar<long>($"SELECT count(DISTINCT submitter_id) FROM contracts c WHERE {change}");
            var also = withdrawn > 0 ? $" and {withdrawn:N0} withdrawn log(s) wait to leave the figures; together from {changers:N0} worker(s)" : "";
            return new ReleaseOutcome(null, current, logs, submitters,
                $"{logs:N0} approved log(s) from {submitters:N0} worker(s){also} wait for the next release: a release needs changes from at least {minimumSubmitters} workers, so that no release adds or removes one worker alone{Since(current)}");
        }
        // The row "being cut" (or the one a cut that died left), then the waiting posts marked a range of ids at a
        // time; done imports are marked in the last step, each once (an import still running waits for the next release).
        var id = (current?.Id ?? 0) + 1;
        var cutAt = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        connection.Execute("INSERT INTO releases(id, cut_at, logs, added) VALUES (@id, @cutAt, -1, 0) ON CONFLICT(id) DO NOTHING", new { id, cutAt });
        // Only posts are marked one by one, and the partial index holds just those not marked yet: their span of ids.
        var (low, high) = connection.QuerySingle<(long, long)>($"SELECT coalesce(min(c.id), 0), coalesce(max(c.id), -1) FROM contracts c WHERE {unmarked}");
        for (var from = low; from <= high; from += MarkChunk)
            connection.Execute($"UPDATE contracts AS c SET released_in = @id WHERE c.id BETWEEN @from AND @to AND {unmarked}", new { id, from, to = from + MarkChunk - 1 });

        // Then one short transaction: the posts approved meanwhile (found through the partial index), the done imports,
        // and the row completed.
        using var tx = connection.BeginWrite();
        if (ReleasedLogs.Current(connection, tx) is { } other && other.Id >= id)
        {
            // Another cut completed this id meanwhile (two `release` at one moment): it published our marks too.
            tx.Rollback();
            return new ReleaseOutcome(null, other, 0, 0, $"nothing new to publish (current: {other.Label})");
        }
        connection.Execute($"UPDATE contracts AS c SET released_in = @id WHERE {unmarked}", new { id }, tx);
        connection.Execute("UPDATE imports SET released_in = @id WHERE done = 1 AND released_in IS NULL", new { id }, tx);
        var erased = EraseWithdrawn(connection, tx);
        var capped = MarkOverCap(connection, tx, id);
        var (added, total) = connection.QuerySingle<(long, long)>(
            $"SELECT count(*) FILTER (WHERE {ReleasedLogs.ReleasedIn("= @id")}), count(*) FILTER (WHERE {ReleasedLogs.ReleasedIn("<= @id")} AND c.over_cap = 0) FROM contracts c", new { id }, tx);
        connection.Execute("UPDATE releases SET cut_at = @cutAt, logs = @total, added = @added WHERE id = @id", new { id, cutAt, total, added }, tx);
        DataVersion.BumpPublic(connection, tx);
        tx.Commit();
        // The erased rows leave the WAL's page images too (secure_delete zeroed them in the database).
        if (erased > 0 && !connection.IsPostgres()) connection.Execute("PRAGMA wal_checkpoint(TRUNCATE)");
        var release = new Release(id, cutAt, total, added) { Secret = ReleasedLogs.Current(connection)?.Secret };
        var gone = erased > 0 ? $", {erased:N0} withdrawn" : "";
        var cap = capped > 0 ? $", {capped:N0} left out of the public figures (past the cap of {WorkerCap} logs a worker a release)" : "";
        return new ReleaseOutcome(release, release, 0, 0, $"release {id} cut at {cutAt}: {added:N0} log(s) added{gone}{cap}, {total:N0} published");
    }

    /// <summary>
    /// Marks the logs of release <paramref name="id"/> that their worker sent past <see cref="WorkerCap"/> in it, all
    /// but their lowest ids (one worker's posts and imported rows together); returns how many.
    /// </summary>
    static int MarkOverCap(DbConnection connection, DbTransaction tx, long id) =>
        connection.Execute($"""
            UPDATE contracts SET over_cap = 1 WHERE id IN (
                SELECT ranked.id FROM (
                    SELECT c.id, row_number() OVER (PARTITION BY c.submitter_id ORDER BY c.id) AS n
                    FROM contracts c WHERE {ReleasedLogs.ReleasedIn("= @id")}) AS ranked
                WHERE ranked.n > @cap)
            """, new { id, cap = WorkerCap }, tx);

    /// <summary>Whether releases publish only posts that came with a member code (<see cref="SetRequireCodes"/>).</summary>
    public static bool RequiresCodes(DbConnection connection) =>
        connection.ExecuteScalar<long?>("SELECT require_codes FROM publication_rules WHERE id = 1") == 1;

    /// <summary>`serve --require-codes` (or its absence) at start: every cut after that, by any verb, follows it.</summary>
    public static void SetRequireCodes(DbConnection connection, bool require) =>
        connection.Execute("UPDATE publication_rules SET require_codes = @value WHERE id = 1", new { value = require ? 1 : 0 });

    /// <summary>Erases the logs their workers withdrew, and the submitters and platforms nothing names any more.</summary>
    static int EraseWithdrawn(DbConnection connection, DbTransaction tx)
    {
        var named = connection.Query<(long Submitter, long Platform)>($"SELECT submitter_id, platform_id FROM contracts c WHERE {Withdrawn}", transaction: tx).ToList();
        if (named.Count == 0) return 0;
        var erased = connection.Execute("DELETE FROM contracts WHERE withdrawn = 1", transaction: tx);
        var any = connection.Sql("IN @ids", "= ANY(@ids)");   // Dapper expands a list for SQLite; Npgsql takes an array
        connection.Execute($"DELETE FROM submitters WHERE id {any} AND NOT EXISTS (SELECT 1 FROM contracts c WHERE c.submitter_id = submitters.id)",
            new { ids = named.Select(n => n.Submitter).Distinct().ToList() }, tx);
        connection.Execute($"DELETE FROM platforms WHERE id {any} AND NOT EXISTS (SELECT 1 FROM contracts c WHERE c.platform_id = platforms.id)",
            new { ids = named.Select(n => n.Platform).Distinct().ToList() }, tx);
        return erased;
    }

    /// <summary>How long ago the last release was cut, for serve's schedule.</summary>
    public static TimeSpan? Age(Release? release, DateTimeOffset now) =>
        release is null ? null : now - DateTimeOffset.Parse(release.CutAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    static string Since(Release? current) => current is null ? " (no release yet)" : $" (current: {current.Label})";
}
