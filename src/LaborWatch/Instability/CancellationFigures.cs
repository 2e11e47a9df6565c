using LaborWatch.Contracts;
using LaborWatch.Privacy;
using LaborWatch.Privacy.Synopsis;
using LaborWatch.Stats;

namespace LaborWatch.Instability;

public sealed record CancellationGroup(
    GroupKey Key, int Ended, int Submitters, bool Suppressed,
    int? PlatformEnded, double? Rate, double? CiLow, double? CiHigh,
    int AbruptN, double? AbruptShare) : IPublishedCell
{
    public CancellationGroup Suppress() => new(Key, Ended, Submitters, true, null, null, null, null, 0, null);
    IPublishedCell IPublishedCell.Suppress() => Suppress();
    int IPublishedCell.Size => Ended;
}

/// <summary>
/// How often platforms end contracts (docs/methodology.md): cancellation rate = platform-ended / ended, with a
/// 95% Wilson interval; abrupt share = platform-ended with less than 24 hours' notice / platform-ended with a
/// known notice. Grouped under the month a contract ended; --from/--to select that month.
/// </summary>
public static class CancellationFigures
{
    public const double AbruptNoticeHours = 24;

    public static List<CancellationGroup> Compute(ContractRows.Loaded data, StatsFilter filter)
    {
        var grouper = new Grouper(filter, data);
        var groups = new Dictionary<Grouper.Id, Accumulator>();
        foreach (var chunk in data.Rows.Chunks())
        foreach (ref readonly var row in chunk.Span)
        {
            if (!row.Ended || !filter.InRange(row.EndMonth)) continue;
            var key = grouper.IdOf(row, row.EndMonth);
            if (!groups.TryGetValue(key, out var group)) groups[key] = group = new Accumulator();
            group.Cell.Add(row.SubmitterId);
            if (!row.PlatformEnded) continue;
            group.PlatformEnded++;
            if (row.NoticeHours is { } notice)
            {
                group.NoticeKnown++;
                if (notice < AbruptNoticeHours) group.Abrupt++;
            }
        }
        var regions = Published.Regions(data, filter, Basis.Ended);
        return groups.Select(g => g.Value.ToGroup(grouper.KeyOf(g.Key), filter.K, regions?.For(grouper.KeyOf(g.Key)))).OrderBy(g => g.Key, GroupKey.Order).ToList();
    }

    sealed class Accumulator
    {
        public readonly Disclosure.Cell Cell = new();
        public int PlatformEnded, NoticeKnown, Abrupt;

        /// <summary>Published: the rate and its Wilson interval come from the perturbed counts shown beside them.</summary>
        public CancellationGroup ToGroup(GroupKey key, int k, Region? region)
        {
            var (ended, submitters) = Cell.Published(region);
            var group = new CancellationGroup(key, ended, submitters, false, null, null, null, null, 0, null);
            if (Cell.Suppressed(k)) return group.Suppress();
            int N(int count, string figure) => region?.Count(count, figure) ?? count;
            var platformEnded = Math.Min(N(PlatformEnded, "platformEnded"), ended);
            // Of the platform-ended logs, those with a known notice: published as those less the ones without (Region.Within).
            var noticeKnown = region?.Within(platformEnded, PlatformEnded, NoticeKnown, "noticeKnown") ?? NoticeKnown;
            // The exact figures (no region) have every share; published ones need enough logs to say one.
            double? Share(int numerator, int denominator) => region is null ? Published.Share(numerator, denominator) : Published.NoisyShare(numerator, denominator);
            var ci = region is null || ended >= Published.MinimumForShare ? Wilson.Interval(platformEnded, ended) : null;
            return group with
            {
                PlatformEnded = platformEnded,
                Rate = Share(platformEnded, ended),
                CiLow = ci?.Low,
                CiHigh = ci?.High,
                AbruptN = noticeKnown,
                AbruptShare = Share(N(Abrupt, "abrupt"), noticeKnown),
            };
        }

    }
}
