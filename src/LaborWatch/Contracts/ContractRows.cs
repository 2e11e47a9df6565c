using System.Data.Common;
using System.Text;
using LaborWatch.Data;

namespace LaborWatch.Contracts;


/// <summary>
/// Reads the approved logs of the filter's platforms in one scan of the raw statement (months are filtered
/// by each section: pay by the month a log started, cancellations by the month it ended).
/// </summary>
public static class ContractRows
{
    /// <param name="Release">the release the rows come from; null for the exact figures (every approved log) or before any release</param>
    public sealed record Loaded(RowSet Rows, IReadOnlyDictionary<long, string> PlatformNames, IReadOnlyList<string> Codes, int LastMonth,
        Contracts.Release? Release = null)
    {
        /// <summary>The text of a code id (task type, country, region, currency); null for -1.</summary>
        public string? Code(int id) => id < 0 ? null : Codes[id];
    }

    /// <summary>
    /// The logs a filter selects: published ones from <see cref="PublishedSnapshot"/> (filtered here), the exact
    /// figures' from the database.
    /// </summary>
    public static Loaded Load(DbConnection connection, StatsFilter filter) => Load(connection, filter, PublishedSnapshot.InMemoryLimitBytes);

    /// <param name="inMemoryLimit">the published rows are held in memory up to this many bytes, else read from their file as scanned</param>
    internal static Loaded Load(DbConnection connection, StatsFilter filter, long inMemoryLimit)
    {
        if (filter.Exact)
        {
            // The holder's exact figures read the database; past the memory limit through a file of their own, as the published ones.
            var count = Count(connection, filter);
            return PublishedSnapshot.Exact(connection, filter, count, inMemoryLimit) ?? FromDatabase(connection, filter, count);
        }
        var all = PublishedSnapshot.All(connection, inMemoryLimit);
        if (filter.Platforms.Count == 0 && filter.Parents.Count == 0 && filter.TaskTypes.Count == 0 && filter.Countries.Count == 0)
            return all;
        // The conditions of StatsFilter.Where, on ids: the platforms by slug, the codes by text (a test holds the two
        // to the same rows for every kind of filter).
        HashSet<string>? wanted = filter.Platforms.Count == 0 ? null : [.. filter.PlatformSlugs];
        HashSet<string>? parents = filter.Parents.Count == 0 ? null : [.. filter.ParentSlugs];
        var platforms = new HashSet<long>();
        using (var slugs = new RawQuery(connection, "SELECT id, slug FROM platforms", []))
            while (slugs.Step())
                if (slugs.Text(1) is var slug && (wanted?.Contains(slug!) ?? true) && (parents?.Contains(slug!) ?? true))
                    platforms.Add(slugs.Int64(0));
        var taskTypes = CodeIds(all.Codes, filter.TaskTypes);
        var countries = CodeIds(all.Codes, filter.Countries);
        var rows = all.Rows.Where(r => platforms.Contains(r.PlatformId)
            && (taskTypes is null || taskTypes.Contains(r.TaskType)) && (countries is null || countries.Contains(r.Country)));
        return all with { Rows = rows, LastMonth = rows.LastMonth() };
    }

    static HashSet<int>? CodeIds(IReadOnlyList<string> codes, IReadOnlyList<string> wanted) =>
        wanted.Count == 0 ? null : Enumerable.Range(0, codes.Count).Where(i => wanted.Contains(codes[i])).ToHashSet();

    public static Dictionary<long, string> PlatformNames(DbConnection connection)
    {
        var names = new Dictionary<long, string>();
        using var query = new RawQuery(connection, "SELECT id, name FROM platforms", []);
        while (query.Step()) names[query.Int64(0)] = query.Text(1)!;
        return names;
    }

    /// <summary>The logs a filter selects, read from the database in one scan into memory.</summary>
    public static Loaded FromDatabase(DbConnection connection, StatsFilter filter) => FromDatabase(connection, filter, Count(connection, filter));

    static int Count(DbConnection connection, StatsFilter filter)
    {
        var (where, parameters) = filter.Where(monthColumn: null);
        return (int)RawQuery.Scalar(connection, $"SELECT count(*) FROM contracts c JOIN platforms p ON p.id = c.platform_id WHERE {where}", parameters);
    }

    /// <param name="count">the rows counted just before: the array is sized up front (growing a list of a million structs copies them again and again)</param>
    static Loaded FromDatabase(DbConnection connection, StatsFilter filter, int count)
    {
        var rows = new ContractRow[count];
        var used = 0;
        var dropped = false;
        var scan = Scan(connection, filter, chunk =>
        {
            var room = Math.Min(chunk.Length, rows.Length - used);   // a concurrent import may add rows after the count
            chunk[..room].CopyTo(rows.AsSpan(used));
            used += room;
            dropped |= room < chunk.Length;
        });
        var kept = RowSet.Of(used == rows.Length ? rows : rows[..used]);
        return new Loaded(kept, PlatformNames(connection), scan.Codes, dropped ? kept.LastMonth() : scan.LastMonth, scan.Release);
    }

    /// <summary>What a scan found beside its rows: the code texts its rows' ids index, their last month, and the release they are of.</summary>
    public sealed record Scanned(IReadOnlyList<string> Codes, int LastMonth, Contracts.Release? Release);

    /// <summary>
    /// The logs a filter selects, read from the database in one scan and handed to <paramref name="sink"/> a chunk of
    /// <see cref="RowSet.ChunkRows"/> at a time (the chunk's buffer is reused): the published snapshot is written
    /// this way without holding every row.
    /// </summary>
    /// <summary>The status as its <see cref="LogStatus"/> number, from the one list of statuses.</summary>
    static readonly string StatusCase = "CASE c.status " + string.Concat(ContractColumns.Statuses.Select((s, i) => $"WHEN '{s}' THEN {i} ")) + "END";

    public static Scanned Scan(DbConnection connection, StatsFilter filter, Action<ReadOnlySpan<ContractRow>> sink)
    {
        var (where, parameters) = filter.Where(monthColumn: null);
        var sql = $"""
            SELECT c.submitter_id, c.platform_id, c.start_month, c.end_month, c.task_type, c.country, c.region,
                   c.currency, c.gross_pay_minor, c.paid_hours, c.unpaid_hours,
                   CASE WHEN c.pay_basis = 'hourly' AND c.advertised_unit = 'hour' THEN c.advertised_rate_minor ELSE 0 END,
                   c.pay_basis = 'hourly', c.synthetic,
                   {StatusCase},
                   c.notice_hours, c.duration_weeks, c.payment_delay_days, c.rate_cut,
                   c.flags_answered, c.flags_yes, c.record_key
            FROM contracts c JOIN platforms p ON p.id = c.platform_id
            WHERE {where}
            """;
        var buffer = new ContractRow[RowSet.ChunkRows];
        var used = 0;
        var codes = new Codes();
        var lastMonth = 0;
        var release = filter.Exact ? null : Contracts.ReleasedLogs.Current(connection);   // before the scan: one query at a time on PostgreSQL
        using var q = new RawQuery(connection, sql, parameters);
        while (q.Step())
        {
            var start = YearMonth(q.Utf8(2));
            var end = q.IsNull(3) ? 0 : YearMonth(q.Utf8(3));
            lastMonth = Math.Max(lastMonth, Math.Max(start, end));
            buffer[used++] = new ContractRow(
                q.Int64(0), q.Int64(1), start, end, codes.Id(q.Utf8(4)),
                q.IsNull(5) ? -1 : codes.Id(q.Utf8(5)), q.IsNull(6) ? -1 : codes.Id(q.Utf8(6)),
                codes.Id(q.Utf8(7)), q.Int64(8), q.Double(9), q.Double(10), q.Int64(11),
                q.Int64(12) == 1, q.Int64(13) == 1, (LogStatus)q.Int64(14),
                q.IsNull(15) ? null : q.Double(15), q.IsNull(16) ? null : (int)q.Int64(16),
                q.IsNull(17) ? null : (int)q.Int64(17), q.IsNull(18) ? null : (int)q.Int64(18),
                (int)q.Int64(19), (int)q.Int64(20), (uint)q.Int64(21));
            if (used == buffer.Length)
            {
                sink(buffer);
                used = 0;
            }
        }
        if (used > 0) sink(buffer.AsSpan(0, used));
        return new Scanned(codes.Texts, lastMonth, release);
    }

    /// <summary>"2025-03" as 202503, read from the stored bytes without making a string.</summary>
    static int YearMonth(ReadOnlySpan<byte> month) =>
        (month[0] - '0') * 100000 + (month[1] - '0') * 10000 + (month[2] - '0') * 1000 + (month[3] - '0') * 100
        + (month[5] - '0') * 10 + (month[6] - '0');

    /// <summary>
    /// Numbers the distinct short codes (currency, country, region, task type) by their stored bytes: a million
    /// logs carry a few hundred, and a lookup by bytes replaces a million string allocations.
    /// </summary>
    sealed class Codes
    {
        readonly Dictionary<string, int> _ids = [];
        public readonly List<string> Texts = [];

        public int Id(ReadOnlySpan<byte> utf8)
        {
            Span<char> buffer = stackalloc char[128];
            if (utf8.Length > buffer.Length) return Id(Encoding.UTF8.GetString(utf8));
            ReadOnlySpan<char> chars = buffer[..Encoding.UTF8.GetChars(utf8, buffer)];
            return _ids.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(chars, out var id) ? id : Id(new string(chars));
        }

        int Id(string text)
        {
            if (_ids.TryGetValue(text, out var id)) return id;
            _ids[text] = Texts.Count;
            Texts.Add(text);
            return Texts.Count - 1;
        }
    }
}
