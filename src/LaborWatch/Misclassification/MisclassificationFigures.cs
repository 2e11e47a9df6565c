using LaborWatch.Contracts;
using LaborWatch.Instability;
using LaborWatch.Privacy;
using LaborWatch.Privacy.Synopsis;

namespace LaborWatch.Misclassification;

public sealed record IndicatorShare(int Answered, double? Share);

public sealed record MisclassificationGroup(
    GroupKey Key, int Logs, int Submitters, bool Suppressed,
    IReadOnlyDictionary<string, IndicatorShare>? Indicators,
    double? AbcA, double? AbcB, double? AbcC, double? AbcAny,
    double? DolFactorsMean, double? IrsFactorsMean, double? EuProposalPresumptionShare) : IPublishedCell
{
    public MisclassificationGroup Suppress() => new(Key, Logs, Submitters, true, null, null, null, null, null, null, null, null);
    IPublishedCell IPublishedCell.Suppress() => Suppress();
    int IPublishedCell.Size => Logs;
}

/// <summary>
/// Misclassification signals per group (docs/methodology.md): the share of logs reporting each indicator
/// (of those answering it), the share of logs signalling California ABC prong A, B, C and any prong, the mean
/// number of DOL 2024 factors (0-6) and IRS Rev. Rul. 87-41 factors (0-20) signalled, and the share meeting
/// the EU 2021 proposal's presumption (at least 2 of criteria a-e). A criterion is signalled for a log when
/// at least one indicator bearing on it is reported as 1. Grouped under the month a log started.
/// </summary>
public static class MisclassificationFigures
{
    public const int LongDurationWeeks = 26;

    public static List<MisclassificationGroup> Compute(ContractRows.Loaded data, StatsFilter filter, Rubric? rubric = null)
    {
        rubric ??= Rubric.Shipped;
        var grouper = new Grouper(filter, data);
        var groups = new Dictionary<Grouper.Id, Accumulator>();
        foreach (var chunk in data.Rows.Chunks())
        foreach (ref readonly var row in chunk.Span)
        {
            if (!filter.InRange(row.StartMonth)) continue;
            var key = grouper.IdOf(row, row.StartMonth);
            if (!groups.TryGetValue(key, out var group)) groups[key] = group = new Accumulator(rubric);
            group.Add(row, SurvivalCurves.DurationWeeks(row, data.LastMonth));
        }
        var regions = Published.Regions(data, filter, Basis.Started);
        return groups.Select(g => g.Value.ToGroup(grouper.KeyOf(g.Key), filter.K, regions?.For(grouper.KeyOf(g.Key)))).OrderBy(g => g.Key, GroupKey.Order).ToList();
    }

    sealed class Accumulator(Rubric rubric)
    {
        public readonly Disclosure.Cell Cell = new();
        // The rubric as arrays, each indicator's derivation decided once (not by its name for every log).
        readonly Rubric.Indicator[] _indicators = rubric.Indicators.ToArray();
        readonly int[] _derivation = rubric.Indicators.Select(i => i.FlagIndex >= 0 ? i.FlagIndex
            : i.Name switch { "hourly_pay" => HourlyPay, "long_duration" => LongDuration, _ => throw new InvalidDataException($"no derivation for indicator '{i.Name}'") }).ToArray();
        const int HourlyPay = -1, LongDuration = -2;
        readonly int[] _answered = new int[rubric.Indicators.Count];
        readonly int[] _yes = new int[rubric.Indicators.Count];
        int _a, _b, _c, _any, _euPresumption;
        int _dolSum, _irsSum;
        // Logs signalling at least j DOL (IRS) factors, j = 1..6 (1..20): the mean number of factors is their sum over
        // j divided by the logs, and each is a count of one log at most, so the published mean rests on noisy counts.
        readonly int[] _dolAtLeast = new int[7], _irsAtLeast = new int[21];

        public void Add(in ContractRow row, int? durationWeeks)
        {
            Cell.Add(row.SubmitterId);
            int dol = 0, irs = 0, abc = 0, eu = 0;
            for (var i = 0; i < _indicators.Length; i++)
            {
                var indicator = _indicators[i];
                // The answer the log gives to the indicator: 1, 0 or null (not answered).
                int? answer = _derivation[i] switch
                {
                    >= 0 and var flag => row.Flag(flag),
                    HourlyPay => row.HourlyPay ? 1 : 0,
                    _ => durationWeeks is { } w ? (w >= LongDurationWeeks ? 1 : 0) : null,
                };
                if (answer is null) continue;
                _answered[i]++;
                if (answer != 1) continue;
                _yes[i]++;
                dol |= indicator.DolMask;
                irs |= indicator.IrsMask;
                abc |= indicator.AbcMask;
                eu |= indicator.EuMask;
            }
            if ((abc & 1) != 0) _a++;
            if ((abc & 2) != 0) _b++;
            if ((abc & 4) != 0) _c++;
            if (abc != 0) _any++;
            _dolSum += int.PopCount(dol);
            _irsSum += int.PopCount(irs);
            for (var j = 1; j <= int.PopCount(dol) && j < _dolAtLeast.Length; j++) _dolAtLeast[j]++;
            for (var j = 1; j <= int.PopCount(irs) && j < _irsAtLeast.Length; j++) _irsAtLeast[j]++;
            if (int.PopCount(eu) >= Rubric.EuPresumptionCriteria) _euPresumption++;
        }

        public MisclassificationGroup ToGroup(GroupKey key, int k, Region? region)
        {
            var (logs, submitters) = Cell.Published(region);
            var group = new MisclassificationGroup(key, logs, submitters, false, null, null, null, null, null, null, null, null);
            if (Cell.Suppressed(k)) return group.Suppress();
            int N(int count, string figure) => region?.Count(count, figure) ?? count;
            // The exact figures (no region) have every share; published ones need enough logs to say one.
            double? Share(int numerator, int denominator) => region is null ? Published.Share(numerator, denominator) : Published.NoisyShare(numerator, denominator);
            double? Mean(int sum, int[] atLeast, string figure)
            {
                if (region is null) return (double)sum / Cell.Logs;
                var noisy = 0L;
                for (var j = 1; j < atLeast.Length; j++) noisy += region.Count(atLeast[j], $"{figure}>={j}");
                return logs >= Published.MinimumForShare ? Math.Clamp((double)noisy / logs, 0, atLeast.Length - 1) : null;
            }
            return group with
            {
                Indicators = rubric.Indicators.Select((ind, i) =>
                    {
                        var answered = region?.Within(logs, Cell.Logs, _answered[i], "answered:" + ind.Name) ?? _answered[i];
                        return (ind.Name, Share: new IndicatorShare(answered, Share(N(_yes[i], "yes:" + ind.Name), answered)));
                    })
                    .ToDictionary(x => x.Name, x => x.Share),
                AbcA = Share(N(_a, "abcA"), logs),
                AbcB = Share(N(_b, "abcB"), logs),
                AbcC = Share(N(_c, "abcC"), logs),
                AbcAny = Share(N(_any, "abcAny"), logs),
                DolFactorsMean = Mean(_dolSum, _dolAtLeast, "dolFactors"),
                IrsFactorsMean = Mean(_irsSum, _irsAtLeast, "irsFactors"),
                EuProposalPresumptionShare = Share(N(_euPresumption, "euPresumption"), logs),
            };
        }

    }
}
