using System.Data.Common;
using LaborWatch.Contracts;
using LaborWatch.Privacy;
using LaborWatch.Privacy.Synopsis;
using LaborWatch.Stats;
using LaborWatch.ReferenceData;

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
/// Effective hourly pay and the figures around it, exactly as docs/methodology.md defines them:
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
    /// again (10M logs in bounded memory). The medians are the full pass's, to the cent and the noise.
    /// </summary>
    public static PayResult Medians(ContractRows.Loaded data, StatsFilter filter) => Compute(data, filter, PayReference.Shipped, medianOnly: true);

    static PayResult Compute(ContractRows.Loaded data, StatsFilter filter, PayReference reference, bool medianOnly)
    {
        var grouper = new Grouper(filter, data);
        var groups = new Dictionary<Grouper.Id, Accumulator>();
        var fxCache = new Dictionary<(int, int), double?>();
        var wageCache = new Dictionary<(int, int, int), PayReference.MinimumWage?>();
        int logs = 0, excluded = 0, synthetic = 0;

        foreach (var chunk in data.Rows.Chunks())
        foreach (ref readonly var row in chunk.Span)
        {
            if (!filter.InRange(row.StartMonth)) continue;
            logs++;
            var key = grouper.IdOf(row, row.StartMonth);
            if (!groups.TryGetValue(key, out var group)) groups[key] = group = new Accumulator();
            group.Cell.Add(row.SubmitterId);
            if (row.Synthetic) synthetic++;
            if (medianOnly)
            {
                if (row.TotalHours > 0 && UsdPerHour(data, reference, fxCache, row) is { } usdPerHour)
                {
                    group.EhpUsd.Add(usdPerHour);
                    group.EhpCount++;
                }
                else excluded++;
                continue;
            }
            if (row.PaymentDelayDays is { } delay)
            {
                group.PaymentDelays.Add(delay);
                group.DelayCount++;
                if (delay > LatePaymentDays) group.Late++;
            }
            if (row.RateCut is { } cut)
            {
                group.RateCutAnswered++;
                if (cut == 1) group.RateCuts++;
            }

            var hours = row.TotalHours;
            if (hours <= 0) { excluded++; continue; }   // no hours: left out of every pay figure

            var year = row.StartYear;
            var currency = data.Code(row.Currency)!;
            var scale = MinorScale(reference.MinorUnits(currency));
            var gross = row.GrossPayMinor / scale;
            var ehpLocal = gross / hours;
            group.UnpaidHours += row.UnpaidHours;
            group.TotalHours += hours;
            // A log past a cap counts scaled down whole (its hours, unpaid hours and pay alike), so its own ratios stay.
            var hourScale = Math.Min(1, HourCap * HourUnit / hours);
            group.UnpaidHoursUnits += Units(row.UnpaidHours * hourScale, HourUnit, HourCap);
            group.TotalHoursUnits += Units(hours * hourScale, HourUnit, HourCap);

            if (!fxCache.TryGetValue((row.Currency, year), out var unitsPerUsd))
                fxCache[(row.Currency, year)] = unitsPerUsd = reference.UnitsPerUsd(currency, year);
            if (unitsPerUsd is { } rate)
            {
                group.EhpUsd.Add(ehpLocal / rate);
                group.EhpCount++;
                group.UsdPay += gross / rate;
                group.UsdHours += hours;
                var payScale = Math.Min(hourScale, gross / rate > 0 ? PayCap * PayUnit / (gross / rate) : 1);
                group.UsdPayUnits += Units(gross / rate * payScale, PayUnit, PayCap);
                group.UsdHoursUnits += Units(hours * payScale, HourUnit, HourCap);
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
                group.GapCount++;
                if (unitsPerUsd is { } usd)
                {
                    group.AdvertisedUsd.Add(advertised / usd);
                    group.EffectiveUsdOfAdvertised.Add(ehpLocal / usd);
                }
            }
        }

        var regions = Published.Regions(data, filter);
        var result = groups
            .Select(g => g.Value.ToGroup(grouper.KeyOf(g.Key), filter.K, regions?.For(grouper.KeyOf(g.Key))))
            .OrderBy(g => g.Key, GroupKey.Order)
            .ToList();
        // The totals of the selection are published counts too: the whole selection is their region.
        var selection = regions?.Selection;
        int Total(int count, string figure) => selection?.Count(count, figure) ?? count;
        // Synthetic logs are invented, not anyone's report: their count is given as it is, never above the published total
        // ("3,600 of 3,599" cannot happen), all of it when every log is synthetic, and never 0 when any is, so that sample
        // data is always labelled.
        var published = Total(logs, "logs");
        var syntheticShown = synthetic == 0 ? 0 : synthetic == logs ? Math.Max(1, published) : Math.Clamp(synthetic, 1, Math.Max(1, published));
        return new PayResult(result, published, Total(excluded, "excluded"), syntheticShown);
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

    /// <summary>
    /// The published sums' grid and caps: hours in quarter hours up to 100 hours a log, USD pay in whole dollars up to
    /// $5,000 a log. A log above a cap counts scaled down to it, its hours and pay by the same factor, so its effective
    /// pay and unpaid share are kept and only its weight in the pooled figures is less (the exact figures are unscaled);
    /// the noise of each sum has a standard deviation of sigma times the cap.
    /// </summary>
    internal const double HourUnit = 0.25, PayUnit = 1;
    internal const long HourCap = 400, PayCap = 5000;

    static long Units(double value, double unit, long cap) => Math.Clamp((long)Math.Round(value / unit, MidpointRounding.AwayFromZero), 0, cap);

    static double MinorScale(int minorUnits) => minorUnits switch { 0 => 1, 1 => 10, 2 => 100, _ => 1000 };

    sealed class Accumulator
    {
        public readonly Disclosure.Cell Cell = new();
        public readonly List<double> EhpUsd = [];
        public readonly List<double> AdvertisedGaps = [];
        public readonly List<double> PaymentDelays = [];
        public readonly List<double> AdvertisedUsd = [], EffectiveUsdOfAdvertised = [];
        public double UsdPay, UsdHours, UnpaidHours, TotalHours;
        // The same sums as the published synopsis holds them: each log's value in whole units, capped (Region.Sum).
        public long UsdPayUnits, UsdHoursUnits, UnpaidHoursUnits, TotalHoursUnits;
        public int EhpCount, GapCount, DelayCount, Late, MinimumWageCompared, BelowMinimumWage, RateCutAnswered, RateCuts;

        public PayGroup ToGroup(GroupKey key, int k, Region? region)
        {
            var (logs, submitters) = Cell.Published(region);
            var group = new PayGroup(key, logs, submitters, false, 0, null, null, null, null, null, 0, null, 0, null, 0, null, null, 0, null);
            if (Cell.Suppressed(k)) return group.Suppress();
            if (region is null) return Exact(group);
            // Published: every count from the region's noisy nodes, every quantile from its noisy histograms, every
            // ratio of two noisy sums. Nothing here reads a true value except through the region's noise.
            int N(int count, string figure) => region.Count(count, figure);
            // Each figure's n is a subset of the cell's logs, published as the logs less those left out (Region.Within).
            int Of(int count, string figure) => region.Within(logs, Cell.Logs, count, figure);
            int ehpN = Of(EhpCount, "ehpUsd"), compared = Of(MinimumWageCompared, "minimumWageCompared"),
                delays = Of(DelayCount, "paymentDelay"), cutAnswered = Of(RateCutAnswered, "rateCutAnswered"), gaps = Of(GapCount, "advertisedGap");
            var ehp = new Histogram(ValueScale.Usd, EhpUsd);
            double? Q(Histogram h, double q, int n, string figure) => region.Quantile(h, q, n, figure);
            var median = Q(ehp, 0.5, ehpN, "ehpUsd");
            var p25 = Q(ehp, 0.25, ehpN, "ehpUsd");
            var p75 = Q(ehp, 0.75, ehpN, "ehpUsd");
            if (median is { } m) { p25 = p25 is { } lo ? Math.Min(lo, m) : null; p75 = p75 is { } hi ? Math.Max(hi, m) : null; }
            var usdHours = region.Sum(UsdHoursUnits, HourUnit, HourCap, "usdHours");
            var totalHours = region.Sum(TotalHoursUnits, HourUnit, HourCap, "totalHours");
            var advertisedCount = region.Within(gaps, GapCount, AdvertisedUsd.Count, "advertisedUsd");
            return group with
            {
                EhpN = ehpN,
                P25 = p25,
                Median = median,
                P75 = p75,
                Pooled = usdHours > 0 && ehpN >= Published.MinimumForShare ? region.Sum(UsdPayUnits, PayUnit, PayCap, "usdPay") / usdHours : null,
                UnpaidShare = totalHours > 0 && logs >= Published.MinimumForShare ? Math.Clamp(region.Sum(UnpaidHoursUnits, HourUnit, HourCap, "unpaidHours") / totalHours, 0, 1) : null,
                BelowMinimumWageN = compared,
                BelowMinimumWageShare = Published.NoisyShare(N(BelowMinimumWage, "belowMinimumWage"), compared),
                AdvertisedGapN = gaps,
                AdvertisedGap = Q(new Histogram(ValueScale.Gap, AdvertisedGaps), 0.5, gaps, "advertisedGap"),
                PaymentDelayN = delays,
                PaymentDelayMedianDays = Q(new Histogram(ValueScale.Days, PaymentDelays), 0.5, delays, "paymentDelay"),
                PaidAfter30DaysShare = Published.NoisyShare(N(Late, "paidAfter30Days"), delays),
                RateCutN = cutAnswered,
                RateCutShare = Published.NoisyShare(N(RateCuts, "rateCuts"), cutAnswered),
                AdvertisedMedianUsd = Q(new Histogram(ValueScale.Usd, AdvertisedUsd), 0.5, advertisedCount, "advertisedUsd"),
                EffectiveMedianUsdOfAdvertised = Q(new Histogram(ValueScale.Usd, EffectiveUsdOfAdvertised), 0.5, advertisedCount, "effectiveUsdOfAdvertised"),
            };
        }



        /// <summary>The holder's exact figures (`stats --exact`): type-7 quantiles and plain ratios of the true values.</summary>
        PayGroup Exact(PayGroup group)
        {
            var quartiles = Quantiles.Of(EhpUsd, 0.25, 0.5, 0.75);
            return group with
            {
                EhpN = EhpCount,
                P25 = quartiles[0],
                Median = quartiles[1],
                P75 = quartiles[2],
                Pooled = UsdHours > 0 ? UsdPay / UsdHours : null,
                UnpaidShare = TotalHours > 0 ? Math.Clamp(UnpaidHours / TotalHours, 0, 1) : null,
                BelowMinimumWageN = MinimumWageCompared,
                BelowMinimumWageShare = Share(BelowMinimumWage, MinimumWageCompared),
                AdvertisedGapN = GapCount,
                AdvertisedGap = Quantiles.Median(AdvertisedGaps),
                PaymentDelayN = DelayCount,
                PaymentDelayMedianDays = Quantiles.Median(PaymentDelays),
                PaidAfter30DaysShare = Share(Late, DelayCount),
                RateCutN = RateCutAnswered,
                RateCutShare = Share(RateCuts, RateCutAnswered),
                AdvertisedMedianUsd = Quantiles.Median(AdvertisedUsd),
                EffectiveMedianUsdOfAdvertised = Quantiles.Median(EffectiveUsdOfAdvertised),
            };
        }

        static double? Share(int numerator, int denominator) => Published.Share(numerator, denominator);

    }
}
