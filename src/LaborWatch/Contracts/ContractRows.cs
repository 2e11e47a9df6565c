using System.Text;
using LaborWatch.Data;
using LaborWatch.Reports;
using Microsoft.Data.Sqlite;

namespace LaborWatch.Contracts;

public enum LogStatus : byte { Active, Completed, CancelledByPlatform, EndedByWorker, Deactivated }

/// <summary>
/// One approved contract log as the analytics read it: compact, no exact dates (there are none stored), and no
/// object references (codes are ids into <see cref="ContractRows.Loaded.Codes"/>, -1 for none), so a million
/// rows cost the garbage collector nothing to scan.
/// </summary>
public readonly record struct ContractRow(
    long SubmitterId, long PlatformId, int StartMonth, int EndMonth, int TaskType, int Country, int Region,
    int Currency, long GrossPayMinor, double PaidHours, double UnpaidHours, long AdvertisedHourlyMinor,
    bool HourlyPay, bool Synthetic, LogStatus Status, double? NoticeHours, int? DurationWeeks, int? PaymentDelayDays,
    int? RateCut, int FlagsAnswered, int FlagsYes, uint RecordKey = 0)
{
    /// <summary>Months as yyyymm integers (202503); EndMonth is 0 while active.</summary>
    public int StartYear => StartMonth / 100;
    public double TotalHours => PaidHours + UnpaidHours;
    public bool Ended => Status != LogStatus.Active;
    public bool PlatformEnded => Status is LogStatus.CancelledByPlatform or LogStatus.Deactivated;

    /// <summary>The answer to flag <paramref name="index"/> of <see cref="ContractColumns.Flags"/>: 1, 0 or null.</summary>
    public int? Flag(int index) => (FlagsAnswered >> index & 1) == 0 ? null : FlagsYes >> index & 1;

    public static string MonthText(int yearMonth) => $"{yearMonth / 100:D4}-{yearMonth % 100:D2}";
}

/// <summary>
/// Reads the approved logs of the filter's platforms in one scan of the raw statement (months are filtered
/// by each section: pay by the month a log started, cancellations by the month it ended).
/// </summary>
public static class ContractRows
{
    /// <param name="Release">the release the rows come from; null for the exact figures (every approved log) or before any release</param>
    public sealed record Loaded(ContractRow[] Rows, IReadOnlyDictionary<long, string> PlatformNames, IReadOnlyList<string> Codes, int LastMonth,
        Privacy.Release? Release = null)
    {
        /// <summary>The text of a code id (task type, country, region, currency); null for -1.</summary>
        public string? Code(int id) => id < 0 ? null : Codes[id];
    }

    public static Loaded Load(SqliteConnection connection, StatsFilter filter)
    {
        var platformNames = new Dictionary<long, string>();
        using (var names = new RawQuery(connection, "SELECT id, name FROM platforms", []))
            while (names.Step()) platformNames[names.Int64(0)] = names.Text(1)!;

        var (where, parameters) = filter.Where(monthColumn: null);
        var sql = $"""
            SELECT c.submitter_id, c.platform_id, c.start_month, c.end_month, c.task_type, c.country, c.region,
                   c.currency, c.gross_pay_minor, c.paid_hours, c.unpaid_hours,
                   CASE WHEN c.pay_basis = 'hourly' AND c.advertised_unit = 'hour' THEN c.advertised_rate_minor ELSE 0 END,
                   c.pay_basis = 'hourly', c.synthetic,
                   CASE c.status WHEN 'active' THEN 0 WHEN 'completed' THEN 1 WHEN 'cancelled_by_platform' THEN 2
                                 WHEN 'ended_by_worker' THEN 3 ELSE 4 END,
                   c.notice_hours, c.duration_weeks, c.payment_delay_days, c.rate_cut,
                   c.flags_answered, c.flags_yes, c.record_key
            FROM contracts c JOIN platforms p ON p.id = c.platform_id
            WHERE {where}
            """;
        // Sized up front: growing a list of a million structs copies them again and again.
        var count = (int)RawQuery.Scalar(connection, $"SELECT count(*) FROM contracts c JOIN platforms p ON p.id = c.platform_id WHERE {where}", parameters);
        var rows = new ContractRow[count];
        var used = 0;
        var codes = new Codes();
        var lastMonth = 0;
        using var q = new RawQuery(connection, sql, parameters);
        while (q.Step() && used < rows.Length)   // a concurrent import may add rows after the count
        {
            var start = YearMonth(q.Utf8(2));
            var end = q.IsNull(3) ? 0 : YearMonth(q.Utf8(3));
            lastMonth = Math.Max(lastMonth, Math.Max(start, end));
            rows[used++] = new ContractRow(
                q.Int64(0), q.Int64(1), start, end, codes.Id(q.Utf8(4)),
                q.IsNull(5) ? -1 : codes.Id(q.Utf8(5)), q.IsNull(6) ? -1 : codes.Id(q.Utf8(6)),
                codes.Id(q.Utf8(7)), q.Int64(8), q.Double(9), q.Double(10), q.Int64(11),
                q.Int64(12) == 1, q.Int64(13) == 1, (LogStatus)q.Int64(14),
                q.IsNull(15) ? null : q.Double(15), q.IsNull(16) ? null : (int)q.Int64(16),
                q.IsNull(17) ? null : (int)q.Int64(17), q.IsNull(18) ? null : (int)q.Int64(18),
                (int)q.Int64(19), (int)q.Int64(20), (uint)q.Int64(21));
        }
        return new Loaded(used == rows.Length ? rows : rows[..used], platformNames, codes.Texts, lastMonth,
            filter.Exact ? null : Privacy.Releases.Current(connection));
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
