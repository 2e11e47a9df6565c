using System.Data.Common;
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

    public static PayResult Compute(DbConnection connection, StatsFilter filter) =>
        Compute(ContractRows.Load(connection, filter), filter);

    public static PayResult Compute(ContractRows.Loaded data, StatsFilter filter, PayReference? reference = null) =>
        Compute(data, filter, reference ?? PayReference.Shipped, medianOnly: false);

    /// <summary>
    /// Only what the median effective hourly pay of each group needs (its cell, USD pay and the median's n), the other
    /// figures left null: postings meet logs reads no more, and a whole pass would hold every log's gaps and delays
    /// again (issue 15: 10M logs in bounded memory). The medians are the full pass's, to the cent and the noise.
    /// </summary>
    public static PayResult Medians(ContractRows.Loaded data, StatsFilter filter) => Compute(data, filter, PayReference.Shipped, medianOnly: true);

    static PayResult Compute(ContractRows.Loaded data, StatsFilter filter, PayReference reference, bool medianOnly)
    {
        var grouper = new Grouper(filter, data);
        var groups = new Dictionary<Grouper.Id, Accumulator>();
        var fxCache = new Dictionary<(int, int), double?>();
        var wageCache = new Dictionary<(int, int, int), PayReference.MinimumWage?>();
        KeySum logs = default, excluded = default, synthetic = default;

        foreach (var chunk in data.Rows.Chunks())
        foreach (ref readonly var row in chunk.Span)
        {
            if (!filter.InRange(row.StartMonth)) continue;
            var recordKey = row.RecordKey;
            logs.Add(recordKey);
            var key = grouper.IdOf(row, row.StartMonth);
            if (!groups.TryGetValue(key, out var group)) groups[key] = group = new Accumulator();
            group.Cell.Add(row.SubmitterId, recordKey);
            if (row.Synthetic) synthetic.Add(recordKey);
            if (medianOnly)
            {
                if (row.TotalHours > 0 && UsdPerHour(data, reference, fxCache, row) is { } usdPerHour)
                {
                    group.EhpUsd.Add(usdPerHour);
                    group.EhpKeys.Add(recordKey);
                }
                else excluded.Add(recordKey);
                continue;
            }
            if (row.PaymentDelayDays is { } delay)
            {
                group.PaymentDelays.Add(delay);
                group.DelayKeys.Add(recordKey);
                if (delay > LatePaymentDays) group.Late.Add(recordKey);
            }
            if (row.RateCut is { } cut)
            {
                group.RateCutAnswered.Add(recordKey);
                if (cut == 1) group.RateCuts.Add(recordKey);
            }

            var hours = row.TotalHours;
            if (hours <= 0) { excluded.Add(recordKey); continue; }   // no hours: left out of every pay figure

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
                group.EhpKeys.Add(recordKey);
                group.UsdPay += gross / rate;
                group.UsdHours += hours;
            }
            else excluded.Add(recordKey);

            if (!wageCache.TryGetValue((row.Region, row.Country, year), out var wage))
                wageCache[(row.Region, row.Country, year)] = wage = reference.MinimumWageFor(data.Code(row.Region), data.Code(row.Country), year);
            if (wage is not null && wage.Currency == currency)
            {
                group.MinimumWageCompared.Add(recordKey);
                if (ehpLocal < wage.Hourly) group.BelowMinimumWage.Add(recordKey);
            }

            if (row.AdvertisedHourlyMinor > 0)
            {
                var advertised = row.AdvertisedHourlyMinor / scale;
                group.AdvertisedGaps.Add((advertised - ehpLocal) / advertised);
                group.GapKeys.Add(recordKey);
                if (unitsPerUsd is { } usd)
                {
                    group.AdvertisedUsd.Add(advertised / usd);
                    group.EffectiveUsdOfAdvertised.Add(ehpLocal / usd);
                }
            }
        }

        var noise = filter.Noise;
        var result = groups
            .Select(g => g.Value.ToGroup(grouper.KeyOf(g.Key), filter.K, noise))
            .OrderBy(g => g.Key, GroupKey.Order)
            .ToList();
        // The totals of the selection are published counts too: the whole selection is their cell.
        int Total(KeySum k, string figure) => noise is null ? k.Count : noise.Count(k, logs.Sum, figure);
        return new PayResult(result, Total(logs, "logs"), Total(excluded, "excluded"), Total(synthetic, "synthetic"));
    }

    /// <summary>A log's effective hourly pay in USD, as the full pass computes it (same operations in the same order); null without an FX rate.</summary>
    static double? UsdPerHour(ContractRows.Loaded data, PayReference reference, Dictionary<(int, int), double?> fxCache, in ContractRow row)
    {
        var currency = data.Code(row.Currency)!;
        var year = row.StartYear;
        if (!fxCache.TryGetValue((row.Currency, year), out var unitsPerUsd))
            fxCache[(row.Currency, year)] = unitsPerUsd = reference.UnitsPerUsd(currency, year);
        return unitsPerUsd is { } rate ? row.GrossPayMinor / MinorScale(reference.MinorUnits(currency)) / row.TotalHours / rate : null;
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
        public KeySum EhpKeys, GapKeys, DelayKeys, Late, MinimumWageCompared, BelowMinimumWage, RateCutAnswered, RateCuts;

        public PayGroup ToGroup(GroupKey key, int k, CellKey? noise)
        {
            var (logs, submitters) = Cell.Published(noise);
            var group = new PayGroup(key, logs, submitters, false, 0, null, null, null, null, null, 0, null, 0, null, 0, null, null, 0, null);
            if (Cell.Suppressed(k)) return group.Suppress();
            var cell = Cell.Key;
            int N(KeySum records, string figure) => noise?.Count(records, cell, figure) ?? records.Count;
            double? Money(double? v, string figure) => noise?.Magnitude(v, cell, figure, CellKey.MoneyFloor) ?? v;
            double? Ratio(double? v, string figure) => noise?.Magnitude(v, cell, figure, CellKey.ShareFloor) ?? v;
            int compared = N(MinimumWageCompared, "minimumWageCompared"), delays = N(DelayKeys, "paymentDelay"), cutAnswered = N(RateCutAnswered, "rateCutAnswered");
            // Quantiles stay in order after their shifts: p25 <= median <= p75.
            var quartiles = Quantiles.Of(EhpUsd, 0.25, 0.5, 0.75);
            var median = Money(quartiles[1], "median");
            var p25 = Money(quartiles[0], "p25");
            var p75 = Money(quartiles[2], "p75");
            if (median is { } m) { p25 = p25 is { } lo ? Math.Min(lo, m) : null; p75 = p75 is { } hi ? Math.Max(hi, m) : null; }
            return group with
            {
                EhpN = N(EhpKeys, "ehpUsd"),
                P25 = p25,
                Median = median,
                P75 = p75,
                Pooled = Money(UsdHours > 0 ? UsdPay / UsdHours : null, "pooled"),
                UnpaidShare = Clamp(Ratio(TotalHours > 0 ? UnpaidHours / TotalHours : null, "unpaidShare")),
                BelowMinimumWageN = compared,
                BelowMinimumWageShare = CellKey.Share(N(BelowMinimumWage, "belowMinimumWage"), compared),
                AdvertisedGapN = N(GapKeys, "advertisedGap"),
                AdvertisedGap = Ratio(Quantiles.Median(AdvertisedGaps), "advertisedGap"),
                PaymentDelayN = delays,
                PaymentDelayMedianDays = NonNegative(noise?.Magnitude(Quantiles.Median(PaymentDelays), cell, "paymentDelayMedian", CellKey.DaysFloor) ?? Quantiles.Median(PaymentDelays)),
                PaidAfter30DaysShare = CellKey.Share(N(Late, "paidAfter30Days"), delays),
                RateCutN = cutAnswered,
                RateCutShare = CellKey.Share(N(RateCuts, "rateCuts"), cutAnswered),
                AdvertisedMedianUsd = Money(Quantiles.Median(AdvertisedUsd), "advertisedMedianUsd"),
                EffectiveMedianUsdOfAdvertised = Money(Quantiles.Median(EffectiveUsdOfAdvertised), "effectiveMedianUsdOfAdvertised"),
            };
        }

        static double? Clamp(double? share) => share is { } v ? Math.Clamp(v, 0, 1) : null;
        static double? NonNegative(double? days) => days is { } v ? Math.Max(0, v) : null;
    }
}
