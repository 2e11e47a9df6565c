using System.Text;
using LaborWatch.Data;
using LaborWatch.Privacy;
using LaborWatch.Reports;
using LaborWatch.Stats;
using Microsoft.Data.Sqlite;

namespace LaborWatch.Pay;

/// <summary>The values of a group's key, by dimension; null where the dimension is not grouped or not known.</summary>
public readonly record struct GroupKey(string? Platform, string? Month, string? TaskType, string? Country)
{
    public string? this[string dimension] => dimension switch
    {
        "platform" => Platform,
        "month" => Month,
        "task_type" => TaskType,
        "country" => Country,
        _ => throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "unknown dimension"),
    };
}

public sealed record PayGroup(
    GroupKey Key, int Logs, int Submitters, bool Suppressed,
    int EhpN, double? P25, double? Median, double? P75, double? Pooled,
    double? UnpaidShare,
    int BelowMinimumWageN, double? BelowMinimumWageShare,
    int AdvertisedGapN, double? AdvertisedGap);

public sealed record PayResult(IReadOnlyList<PayGroup> Groups, int Logs, int Excluded, int SyntheticLogs);

/// <summary>
/// Effective hourly pay and the figures around it, exactly as DESIGN.md section 4 defines them:
/// total hours = paid + the six unpaid categories; EHP = gross pay / total hours, in USD at the FX rate of the
/// year the log started; quantiles of type 7; pooled EHP = sum of USD pay / sum of hours; unpaid share; the
/// share below the local minimum wage; the median advertised gap. Grouped under the month a log started.
/// </summary>
public static class PayFigures
{
    public static PayResult Compute(SqliteConnection connection, StatsFilter filter, PayReference? reference = null)
    {
        reference ??= PayReference.Shipped;
        var byPlatform = filter.By.Contains("platform");
        var byMonth = filter.By.Contains("month");
        var byTask = filter.By.Contains("task_type");
        var byCountry = filter.By.Contains("country");
        var platformNames = new Dictionary<long, string>();
        using (var names = new RawQuery(connection, "SELECT id, name FROM platforms", []))
            while (names.Step()) platformNames[names.Int64(0)] = names.Text(1)!;

        var groups = new Dictionary<GroupKey, Accumulator>();
        var strings = new Utf8Strings();
        var months = new Dictionary<int, string>();
        var fxCache = new Dictionary<(string, int), double?>();
        var wageCache = new Dictionary<(string?, string?, int), PayReference.MinimumWage?>();
        int logs = 0, excluded = 0, synthetic = 0;

        var (where, parameters) = filter.Where("c.start_month");
        var sql = $"""
            SELECT c.submitter_id, c.platform_id, c.start_month, c.task_type, c.country, c.region, c.currency,
                   c.gross_pay_minor, c.paid_hours,
                   c.unpaid_onboarding_hours + c.unpaid_assessment_hours + c.unpaid_guidelines_hours
                     + c.unpaid_idle_hours + c.unpaid_rework_hours + c.unpaid_overrun_hours,
                   CASE WHEN c.pay_basis = 'hourly' AND c.advertised_unit = 'hour' THEN c.advertised_rate_minor END,
                   c.synthetic
            FROM contracts c JOIN platforms p ON p.id = c.platform_id
            WHERE {where}
            """;
        using var row = new RawQuery(connection, sql, parameters);
        while (row.Step())
        {
            logs++;
            var yearMonth = YearMonth(row.Utf8(2));
            var country = row.IsNull(4) ? null : strings.Get(row.Utf8(4));
            var key = new GroupKey(
                byPlatform ? platformNames[row.Int64(1)] : null,
                byMonth ? MonthText(months, yearMonth) : null,
                byTask ? strings.Get(row.Utf8(3)) : null,
                byCountry ? country : null);
            if (!groups.TryGetValue(key, out var group)) groups[key] = group = new Accumulator();
            group.Cell.Add(row.Int64(0));
            if (row.Int64(11) == 1) synthetic++;

            var paid = row.Double(8);
            var unpaid = row.Double(9);
            var hours = paid + unpaid;
            if (hours <= 0) { excluded++; continue; }   // no hours: left out of every pay figure

            var year = yearMonth / 100;
            var currency = strings.Get(row.Utf8(6));
            var scale = MinorScale(reference.MinorUnits(currency));
            var gross = row.Int64(7) / scale;
            var ehpLocal = gross / hours;

            group.UnpaidHours += unpaid;
            group.TotalHours += hours;

            if (!fxCache.TryGetValue((currency, year), out var unitsPerUsd))
                fxCache[(currency, year)] = unitsPerUsd = reference.UnitsPerUsd(currency, year);
            if (unitsPerUsd is { } rate)
            {
                group.EhpUsd.Add(ehpLocal / rate);
                group.UsdPay += gross / rate;
                group.UsdHours += hours;
            }
            else excluded++;

            var region = row.IsNull(5) ? null : strings.Get(row.Utf8(5));
            if (!wageCache.TryGetValue((region, country, year), out var wage))
                wageCache[(region, country, year)] = wage = reference.MinimumWageFor(region, country, year);
            if (wage is not null && wage.Currency == currency)
            {
                group.MinimumWageCompared++;
                if (ehpLocal < wage.Hourly) group.BelowMinimumWage++;
            }

            if (!row.IsNull(10) && row.Int64(10) > 0)
            {
                var advertised = row.Int64(10) / scale;
                group.AdvertisedGaps.Add((advertised - ehpLocal) / advertised);
            }
        }

        var result = groups
            .Select(g => g.Value.ToGroup(g.Key, filter.K))
            .OrderBy(g => g.Key.Platform, StringComparer.Ordinal)
            .ThenBy(g => g.Key.Month, StringComparer.Ordinal)
            .ThenBy(g => g.Key.TaskType, StringComparer.Ordinal)
            .ThenBy(g => g.Key.Country, StringComparer.Ordinal)
            .ToList();
        return new PayResult(result, logs, excluded, synthetic);
    }

    static double MinorScale(int minorUnits) => minorUnits switch { 0 => 1, 1 => 10, 2 => 100, _ => 1000 };

    /// <summary>"2025-03" as 202503, read from the stored bytes without making a string.</summary>
    static int YearMonth(ReadOnlySpan<byte> month) =>
        (month[0] - '0') * 100000 + (month[1] - '0') * 10000 + (month[2] - '0') * 1000 + (month[3] - '0') * 100
        + (month[5] - '0') * 10 + (month[6] - '0');

    static string MonthText(Dictionary<int, string> months, int yearMonth) =>
        months.TryGetValue(yearMonth, out var text) ? text : months[yearMonth] = $"{yearMonth / 100:D4}-{yearMonth % 100:D2}";

    sealed class Accumulator
    {
        public readonly Disclosure.Cell Cell = new();
        public readonly List<double> EhpUsd = [];
        public readonly List<double> AdvertisedGaps = [];
        public double UsdPay, UsdHours, UnpaidHours, TotalHours;
        public int MinimumWageCompared, BelowMinimumWage;

        public PayGroup ToGroup(GroupKey key, int k)
        {
            if (Cell.Suppressed(k))
                return new PayGroup(key, Cell.Logs, Cell.Submitters, true, 0, null, null, null, null, null, 0, null, 0, null);
            EhpUsd.Sort();
            return new PayGroup(key, Cell.Logs, Cell.Submitters, false,
                EhpUsd.Count,
                Quantiles.OfSorted(EhpUsd, 0.25), Quantiles.OfSorted(EhpUsd, 0.5), Quantiles.OfSorted(EhpUsd, 0.75),
                UsdHours > 0 ? UsdPay / UsdHours : null,
                TotalHours > 0 ? UnpaidHours / TotalHours : null,
                MinimumWageCompared, MinimumWageCompared > 0 ? (double)BelowMinimumWage / MinimumWageCompared : null,
                AdvertisedGaps.Count, Quantiles.Median(AdvertisedGaps));
        }
    }

    /// <summary>
    /// One string per distinct short code (currency, country, region, task type): a million logs carry a few
    /// hundred, so a lookup by the stored bytes replaces a million allocations.
    /// </summary>
    sealed class Utf8Strings
    {
        readonly Dictionary<string, string> _known = [];

        public string Get(ReadOnlySpan<byte> utf8)
        {
            Span<char> chars = stackalloc char[128];
            if (utf8.Length > chars.Length) return Encoding.UTF8.GetString(utf8);
            var length = Encoding.UTF8.GetChars(utf8, chars);
            var lookup = _known.GetAlternateLookup<ReadOnlySpan<char>>();
            if (lookup.TryGetValue(chars[..length], out var known)) return known;
            var text = new string(chars[..length]);
            _known[text] = text;
            return text;
        }
    }
}
