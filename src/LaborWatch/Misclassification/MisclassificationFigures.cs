using LaborWatch.Contracts;
using LaborWatch.Instability;
using LaborWatch.Privacy;
using LaborWatch.Reports;

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
/// Misclassification signals per group (DESIGN.md section 4): the share of logs reporting each indicator
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
        var groups = new Dictionary<GroupKey, Accumulator>();
        foreach (ref readonly var row in data.Rows.AsSpan())
        {
            if (!filter.InRange(row.StartMonth)) continue;
            var key = grouper.Key(row, row.StartMonth);
            if (!groups.TryGetValue(key, out var group)) groups[key] = group = new Accumulator(rubric);
            group.Add(row, SurvivalCurves.DurationWeeks(row, data.LastMonth));
        }
        return groups.Select(g => g.Value.ToGroup(g.Key, filter.K)).OrderBy(g => g.Key, GroupKey.Order).ToList();
    }

    /// <summary>The answer a log gives to an indicator: 1, 0 or null (not answered).</summary>
    public static int? Answer(Rubric.Indicator indicator, in ContractRow row, int? durationWeeks) => indicator.Name switch
    {
        _ when indicator.FlagIndex >= 0 => row.Flag(indicator.FlagIndex),
        "hourly_pay" => row.HourlyPay ? 1 : 0,
        "long_duration" => durationWeeks is { } w ? (w >= LongDurationWeeks ? 1 : 0) : null,
        _ => throw new InvalidDataException($"no derivation for indicator '{indicator.Name}'"),
    };

    sealed class Accumulator(Rubric rubric)
    {
        public readonly Disclosure.Cell Cell = new();
        readonly int[] _answered = new int[rubric.Indicators.Count];
        readonly int[] _yes = new int[rubric.Indicators.Count];
        int _a, _b, _c, _any, _dolSum, _irsSum, _euPresumption;

        public void Add(in ContractRow row, int? durationWeeks)
        {
            Cell.Add(row.SubmitterId);
            int dol = 0, irs = 0, abc = 0, eu = 0;
            for (var i = 0; i < rubric.Indicators.Count; i++)
            {
                var indicator = rubric.Indicators[i];
                if (Answer(indicator, row, durationWeeks) is not { } answer) continue;
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
            if (int.PopCount(eu) >= Rubric.EuPresumptionCriteria) _euPresumption++;
        }

        public MisclassificationGroup ToGroup(GroupKey key, int k)
        {
            var group = new MisclassificationGroup(key, Cell.Logs, Cell.Submitters, false, null, null, null, null, null, null, null, null);
            if (Cell.Suppressed(k)) return group.Suppress();
            double logs = Cell.Logs;
            return group with
            {
                Indicators = rubric.Indicators.Select((ind, i) => (ind.Name, Share: new IndicatorShare(_answered[i], _answered[i] > 0 ? (double)_yes[i] / _answered[i] : null)))
                    .ToDictionary(x => x.Name, x => x.Share),
                AbcA = _a / logs,
                AbcB = _b / logs,
                AbcC = _c / logs,
                AbcAny = _any / logs,
                DolFactorsMean = _dolSum / logs,
                IrsFactorsMean = _irsSum / logs,
                EuProposalPresumptionShare = _euPresumption / logs,
            };
        }
    }
}
