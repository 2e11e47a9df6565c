using Dapper;
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
        var groups = new Dictionary<GroupKey, Accumulator>();
        var byPlatform = filter.By.Contains("platform");
        var byMonth = filter.By.Contains("month");
        var byTask = filter.By.Contains("task_type");
        var byCountry = filter.By.Contains("country");
        int logs = 0, excluded = 0, synthetic = 0;

        var sql = $"""
            SELECT c.submitter_id, p.name, c.start_month, c.task_type, c.country, c.region, c.currency,
                   c.gross_pay_minor, c.paid_hours,
                   c.unpaid_onboarding_hours + c.unpaid_assessment_hours + c.unpaid_guidelines_hours
                     + c.unpaid_idle_hours + c.unpaid_rework_hours + c.unpaid_overrun_hours,
                   c.pay_basis = 'hourly' AND c.advertised_unit IS 'hour', c.advertised_rate_minor, c.synthetic
            FROM contracts c JOIN platforms p ON p.id = c.platform_id
            WHERE {filter.Where("c.start_month")}
            """;
        using var reader = connection.ExecuteReader(sql, new { filter.PlatformSlugs, filter.From, filter.To });
        while (reader.Read())
        {
            logs++;
            var month = reader.GetString(2);
            var country = reader.IsDBNull(4) ? null : reader.GetString(4);
            var key = new GroupKey(
                byPlatform ? reader.GetString(1) : null,
                byMonth ? month : null,
                byTask ? reader.GetString(3) : null,
                byCountry ? country : null);
            if (!groups.TryGetValue(key, out var group)) groups[key] = group = new Accumulator();
            group.Cell.Add(reader.GetInt64(0));
            if (reader.GetInt64(12) == 1) synthetic++;

            var currency = reader.GetString(6);
            var paid = reader.GetDouble(8);
            var unpaid = reader.GetDouble(9);
            var hours = paid + unpaid;
            if (hours <= 0) { excluded++; continue; }   // no hours: left out of every pay figure

            var year = (month[0] - '0') * 1000 + (month[1] - '0') * 100 + (month[2] - '0') * 10 + (month[3] - '0');
            var scale = Math.Pow(10, reference.MinorUnits(currency));
            var gross = reader.GetInt64(7) / scale;
            var ehpLocal = gross / hours;

            group.UnpaidHours += unpaid;
            group.TotalHours += hours;

            if (reference.UnitsPerUsd(currency, year) is { } unitsPerUsd)
            {
                group.EhpUsd.Add(ehpLocal / unitsPerUsd);
                group.UsdPay += gross / unitsPerUsd;
                group.UsdHours += hours;
            }
            else excluded++;

            var region = reader.IsDBNull(5) ? null : reader.GetString(5);
            if (reference.MinimumWageFor(region, country, year) is { } wage && wage.Currency == currency)
            {
                group.MinimumWageCompared++;
                if (ehpLocal < wage.Hourly) group.BelowMinimumWage++;
            }

            if (reader.GetInt64(10) == 1 && !reader.IsDBNull(11) && reader.GetInt64(11) > 0)
            {
                var advertised = reader.GetInt64(11) / scale;
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
}
