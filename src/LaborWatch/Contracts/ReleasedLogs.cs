using System.Data.Common;
using LaborWatch.Data;

namespace LaborWatch.Contracts;

/// <summary>Which logs a release publishes, as SQL conditions on contracts c (the cutting itself is Privacy.Releases).</summary>
public static class ReleasedLogs
{
    /// <summary>
    /// The newest release cut. A release is cut in three steps: its row is written "being cut" (logs = -1), its
    /// posts are marked with its id a range of rows at a time (each its own short transaction), and one short
    /// transaction marks the posts approved meanwhile and the done imports (each import once, see ReleasedIn) and
    /// completes the row. A mark counts nowhere until then: a release holds the write lock a moment at a time,
    /// and a cut killed part way is carried on by the next one, which takes the same id.
    /// </summary>
    public const string NewestId = "(SELECT coalesce(max(id), 0) FROM releases WHERE logs >= 0)";

    /// <summary>
    /// The condition (on contracts c) for a log whose release is <paramref name="comparison"/> ("&lt;= 3", say): its own
    /// mark when it has one (a post, or a log marked before migration 0012), else its import's. A release marks a
    /// done import once rather than each of its logs (rewriting every row of a million-log import took 4.6 s); an
    /// import's logs are all approved when written and become visible together, so each was always in the same
    /// release as the rest. Null-safe (never null itself), so NOT of it is the logs outside.
    /// </summary>
    public static string ReleasedIn(string comparison) =>
        $"(c.released_in IS NOT NULL AND c.released_in {comparison} OR c.released_in IS NULL AND c.import_id IN (SELECT i.id FROM imports i WHERE i.released_in {comparison}))";

    /// <summary>The condition (on contracts c) for a log of the current release.</summary>
    public static readonly string Published = ReleasedIn("<= " + NewestId);

    /// <summary>
    /// The condition (on contracts c) for a log the public figures count: published, and not past its worker's cap of
    /// logs in its release (Privacy.Releases marks those at the cut; they stay in the exact figures).
    /// </summary>
    public static readonly string CountedInPublic = Published + " AND c.over_cap = 0";

    /// <summary>The newest completed release, with the noise secret its synopsis is drawn from; null before the first.</summary>
    /// <remarks>Raw (no Dapper): every `stats` and page asks, and Dapper's first query of a type costs 20 ms.</remarks>
    public static Release? Current(DbConnection connection, DbTransaction? tx = null)
    {
        using var row = new RawQuery(connection,
            "SELECT r.id, r.cut_at, r.logs, r.added, s.secret FROM releases r LEFT JOIN noise_secret s ON s.id = 1 WHERE r.logs >= 0 ORDER BY r.id DESC LIMIT 1", []);
        return row.Step() ? new Release(row.Int64(0), row.Text(1)!, row.Int64(2), row.Int64(3)) { Secret = row.Text(4) } : null;
    }
}
