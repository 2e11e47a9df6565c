using LaborWatch.Contracts;
using LaborWatch.Privacy;
using LaborWatch.Reports;
using LaborWatch.Stats;

namespace LaborWatch.Pay;

public sealed record PayGroup(
    GroupKey Key, int Logs, int Submitters, bool Suppressed,
    int EhpN, double? P25, double? Median, double? P75, double? Pooled,
    double? UnpaidShare,
    int BelowMinimumWageN, double? BelowMinimumWageShare,
    int AdvertisedGapN, double? AdvertisedGap,
    int PaymentDelayN, double? PaymentDelayMedianDays, double? PaidAfter30DaysShare,
    int RateCutN, double? RateCutShare,
    double? AdvertisedMedianUsd = null, double? EffectiveMedianUsdOfAdvertised = null) : IPublishedCell
{
    public PayGroup Suppress() => new(Key, Logs, Submitters, true, 0, null, null, null, null, null, 0, null, 0, null, 0, null, null, 0, null);
    IPublishedCell IPublishedCell.Suppress() => Suppress();
    int IPublishedCell.Size => Logs;
}

public sealed record PayResult(IReadOnlyList<PayGroup> Groups, int Logs, int Excluded, int SyntheticLogs);

/// <summary>
/// Effective hourly pay and the figures around it, exactly as DESIGN.md section 4 defines them:
/// total hours = paid + the six unpaid categories; EHP = gross pay / total hours, in USD at the FX rate of the
/// year the log started; quantiles of type 7; pooled EHP = sum of USD pay / sum of hours; unpaid share; the
/// share below the local minimum wage; the median advertised gap. Also payment delays and rate cuts.
/// Grouped under the month a log started.
/// </summary>
public static class PayFigures
{
    public const int LatePaymentDays = 30;

    public static PayResult Compute(Microsoft.Data.Sqlite.SqliteConnection connection, StatsFilter filter) =>
        Compute(ContractRows.Load(connection, filter), filter);

    public static PayResult Compute(ContractRows.Loaded data, StatsFilter filter, PayReference? reference = null)
    {
        reference ??= PayReference.Shipped;
        var grouper = new Grouper(filter, data);
        var groups = new Dictionary<GroupKey, Accumulator>();
        var fxCache = new Dictionary<(int, int), double?>();
        var wageCache = new Dictionary<(int, int, int), PayReference.MinimumWage?>();
        int logs = 0, excluded = 0, synthetic = 0;

        foreach (ref readonly var row in data.Rows.AsSpan())
        {
            if (!filter.InRange(row.StartMonth)) continue;
            logs++;
            var key = grouper.Key(row, row.StartMonth);
            if (!groups.TryGetValue(key, out var group)) groups[key] = group = new Accumulator();
            group.Cell.Add(row.SubmitterId);
            if (row.Synthetic) synthetic++;
            if (row.PaymentDelayDays is { } delay) group.PaymentDelays.Add(delay);
            if (row.RateCut is { } cut) { group.RateCutAnswered++; group.RateCuts += cut; }

            var hours = row.TotalHours;
            if (hours <= 0) { excluded++; continue; }   // no hours: left out of every pay figure

            var year = row.StartYear;
            var currency = data.Code(row.Currency)!;
            var scale = MinorScale(reference.MinorUnits(currency));
            var gross = row.GrossPayMinor / scale;
            var ehpLocal = gross / hours;
            group.UnpaidHours += row.UnpaidHours;
            group.TotalHours += hours;

            if (!fxCache.TryGetValue((row.Currency, year), out var unitsPerUsd))
                fxCache[(row.Currency, year)] = unitsPerUsd = reference.UnitsPerUsd(currency, year);
            if (unitsPerUsd is { } rate)
            {
                group.EhpUsd.Add(ehpLocal / rate);
                group.UsdPay += gross / rate;
                group.UsdHours += hours;
            }
            else excluded++;

            if (!wageCache.TryGetValue((row.Region, row.Country, year), out var wage))
                wageCache[(row.Region, row.Country, year)] = wage = reference.MinimumWageFor(data.Code(row.Region), data.Code(row.Country), year);
            if (wage is not null && wage.Currency == currency)
            {
                group.MinimumWageCompared++;
                if (ehpLocal < wage.Hourly) group.BelowMinimumWage++;
            }

            if (row.AdvertisedHourlyMinor > 0)
            {
                var advertised = row.AdvertisedHourlyMinor / scale;
                group.AdvertisedGaps.Add((advertised - ehpLocal) / advertised);
                if (unitsPerUsd is { } usd)
                {
                    group.AdvertisedUsd.Add(advertised / usd);
                    group.EffectiveUsdOfAdvertised.Add(ehpLocal / usd);
                }
            }
        }

        var result = groups
            .Select(g => g.Value.ToGroup(g.Key, filter.K))
            .OrderBy(g => g.Key, GroupKey.Order)
            .ToList();
        return new PayResult(result, logs, excluded, synthetic);
    }

    static double MinorScale(int minorUnits) => minorUnits switch { 0 => 1, 1 => 10, 2 => 100, _ => 1000 };

    sealed class Accumulator
    {
        public readonly Disclosure.Cell Cell = new();
        public readonly List<double> EhpUsd = [];
        public readonly List<double> AdvertisedGaps = [];
        public readonly List<double> PaymentDelays = [];
        public readonly List<double> AdvertisedUsd = [], EffectiveUsdOfAdvertised = [];
        public double UsdPay, UsdHours, UnpaidHours, TotalHours;
        public int MinimumWageCompared, BelowMinimumWage, RateCutAnswered, RateCuts;

        public PayGroup ToGroup(GroupKey key, int k)
        {
            var group = new PayGroup(key, Cell.Logs, Cell.Submitters, false, 0, null, null, null, null, null, 0, null, 0, null, 0, null, null, 0, null);
            if (Cell.Suppressed(k)) return group.Suppress();
            EhpUsd.Sort();
            return group with
            {
                EhpN = EhpUsd.Count,
                P25 = Quantiles.OfSorted(EhpUsd, 0.25),
                Median = Quantiles.OfSorted(EhpUsd, 0.5),
                P75 = Quantiles.OfSorted(EhpUsd, 0.75),
                Pooled = UsdHours > 0 ? UsdPay / UsdHours : null,
                UnpaidShare = TotalHours > 0 ? UnpaidHours / TotalHours : null,
                BelowMinimumWageN = MinimumWageCompared,
                BelowMinimumWageShare = MinimumWageCompared > 0 ? (double)BelowMinimumWage / MinimumWageCompared : null,
                AdvertisedGapN = AdvertisedGaps.Count,
                AdvertisedGap = Quantiles.Median(AdvertisedGaps),
                PaymentDelayN = PaymentDelays.Count,
                PaymentDelayMedianDays = Quantiles.Median(PaymentDelays),
                PaidAfter30DaysShare = PaymentDelays.Count > 0 ? (double)PaymentDelays.Count(d => d > LatePaymentDays) / PaymentDelays.Count : null,
                RateCutN = RateCutAnswered,
                RateCutShare = RateCutAnswered > 0 ? (double)RateCuts / RateCutAnswered : null,
                AdvertisedMedianUsd = Quantiles.Median(AdvertisedUsd),
                EffectiveMedianUsdOfAdvertised = Quantiles.Median(EffectiveUsdOfAdvertised),
            };
        }
    }
}
