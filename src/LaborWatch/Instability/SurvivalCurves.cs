using LaborWatch.Contracts;
using LaborWatch.Privacy;
using LaborWatch.Reports;
using LaborWatch.Stats;

namespace LaborWatch.Instability;

public sealed record SurvivalGroup(
    GroupKey Key, int Logs, int Submitters, bool Suppressed,
    int? Events, int? MedianWeeks, IReadOnlyList<KaplanMeier.Step>? Curve) : IPublishedCell
{
    public SurvivalGroup Suppress() => new(Key, Logs, Submitters, true, null, null, null);
    IPublishedCell IPublishedCell.Suppress() => Suppress();
    int IPublishedCell.Size => Logs;
}

/// <summary>
/// How long contracts last before a platform ends them (DESIGN.md section 4): Kaplan-Meier over duration in
/// weeks, event = ended by the platform (cancelled or deactivated), censored = active (duration up to the
/// data's last month), completed or ended by the worker. Grouped by the month a contract started (a cohort).
/// A curve stops before the first week at which fewer than k distinct workers are still at risk, so no
/// published step rests on too few people.
/// </summary>
public static class SurvivalCurves
{
    public static List<SurvivalGroup> Compute(ContractRows.Loaded data, StatsFilter filter)
    {
        var grouper = new Grouper(filter, data);
        var groups = new Dictionary<GroupKey, (Disclosure.Cell Cell, List<(int Weeks, bool Event, long Submitter)> Logs)>();
        foreach (ref readonly var row in data.Rows.AsSpan())
        {
            if (!filter.InRange(row.StartMonth) || DurationWeeks(row, data.LastMonth) is not { } weeks) continue;
            var key = grouper.Key(row, row.StartMonth);
            if (!groups.TryGetValue(key, out var group)) groups[key] = group = (new Disclosure.Cell(), []);
            group.Cell.Add(row.SubmitterId);
            group.Logs.Add((weeks, row.PlatformEnded, row.SubmitterId));
        }
        return groups.Select(g => Curve(g.Key, g.Value.Cell, g.Value.Logs, filter.K)).OrderBy(g => g.Key, GroupKey.Order).ToList();
    }

    /// <summary>
    /// Whole weeks a contract ran: as stored for ended contracts; for active ones, from the middle of the
    /// start month to the middle of the data's last month (exact dates are never stored).
    /// </summary>
    public static int? DurationWeeks(in ContractRow row, int lastMonth)
    {
        if (row.Ended) return row.DurationWeeks;
        var start = new DateOnly(row.StartMonth / 100, row.StartMonth % 100, 15);
        var last = new DateOnly(lastMonth / 100, lastMonth % 100, 15);
        return Math.Max(0, (last.DayNumber - start.DayNumber) / 7);
    }

    static SurvivalGroup Curve(GroupKey key, Disclosure.Cell cell, List<(int Weeks, bool Event, long Submitter)> logs, int k)
    {
        var group = new SurvivalGroup(key, cell.Logs, cell.Submitters, false, null, null, null);
        if (cell.Suppressed(k)) return group.Suppress();
        var curve = KaplanMeier.Estimate(logs.Select(l => new KaplanMeier.Observation(l.Weeks, l.Event)));

        // Distinct workers still at risk at each week: walk the durations from the longest down.
        var atRisk = new Dictionary<int, int>();
        var seen = new HashSet<long>();
        foreach (var l in logs.OrderByDescending(l => l.Weeks))
        {
            seen.Add(l.Submitter);
            atRisk[l.Weeks] = seen.Count;
        }
        var published = curve.Steps.TakeWhile(s => atRisk[s.Time] >= k).ToList();
        var median = curve.MedianTime is { } m && published.Any(s => s.Time == m) ? m : (int?)null;
        return group with { Events = curve.Events, MedianWeeks = median, Curve = published };
    }
}
