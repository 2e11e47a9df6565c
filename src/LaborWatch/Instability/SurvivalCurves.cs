using LaborWatch.Contracts;
using LaborWatch.Privacy;
using LaborWatch.Privacy.Synopsis;
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
/// How long contracts last before a platform ends them (docs/methodology.md): Kaplan-Meier over duration in
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
        var groups = new Dictionary<Grouper.Id, (Disclosure.Cell Cell, List<(int Weeks, bool Event, long Submitter)> Logs)>();
        foreach (var chunk in data.Rows.Chunks())
        foreach (ref readonly var row in chunk.Span)
        {
            if (!filter.InRange(row.StartMonth) || DurationWeeks(row, data.LastMonth) is not { } weeks) continue;
            var key = grouper.IdOf(row, row.StartMonth);
            if (!groups.TryGetValue(key, out var group)) groups[key] = group = (new Disclosure.Cell(), []);
            group.Cell.Add(row.SubmitterId);
            group.Logs.Add((weeks, row.PlatformEnded, row.SubmitterId));
        }
        var regions = Privacy.Synopsis.Published.Regions(data, filter, Basis.Durations);
        return groups.Select(g => Curve(grouper.KeyOf(g.Key), g.Value.Cell, g.Value.Logs, filter.K, regions?.For(grouper.KeyOf(g.Key)))).OrderBy(g => g.Key, GroupKey.Order).ToList();
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

    /// <summary>The weeks the published synopsis holds events and censorings for; a longer contract counts in the last.</summary>
    public const int MaxWeeks = 260;

    /// <summary>
    /// The published curve, from the region's noisy histograms of events and censorings by week (0 to
    /// <see cref="MaxWeeks"/>), read as cumulative counts: at risk at a week is the published logs less those that ended
    /// or were censored before it, and the Kaplan-Meier product runs over those noisy counts. It stops before the first
    /// week with fewer than k (or 30) logs at risk, and the median is read off it. All of it is post-processing of the synopsis.
    /// </summary>
    static SurvivalGroup FromSynopsis(SurvivalGroup group, List<(int Weeks, bool Event, long Submitter)> logs, int k, Region region)
    {
        var scale = new ValueScale(0, 1, 9);   // one bin a week, 0 to 511
        var events = new Histogram(scale, logs.Where(l => l.Event).Select(l => (double)Math.Min(l.Weeks, MaxWeeks)));
        var censored = new Histogram(scale, logs.Where(l => !l.Event).Select(l => (double)Math.Min(l.Weeks, MaxWeeks)));
        long total = group.Logs;   // the published count of logs with a duration: the curve starts from it
        using var endedBy = region.Cumulative(events, "events", total).GetEnumerator();
        using var censoredBy = region.Cumulative(censored, "censored", total).GetEnumerator();
        var steps = new List<KaplanMeier.Step>();
        var survival = 1.0;
        long eventsBefore = 0, censoredBefore = 0;
        for (var w = 0; w <= MaxWeeks; w++)
        {
            var atRisk = total - eventsBefore - censoredBefore;
            // A step needs k logs at risk and enough for its noisy counts to mean something.
            if (atRisk < Math.Max(k, Privacy.Synopsis.Published.MinimumForShare)) break;
            endedBy.MoveNext();
            censoredBy.MoveNext();
            var ended = endedBy.Current - eventsBefore;
            if (ended > 0)
            {
                survival *= 1 - Math.Min(1.0, (double)ended / atRisk);
                steps.Add(new KaplanMeier.Step(w, survival, (int)atRisk, (int)ended, (int)(censoredBy.Current - censoredBefore)));
            }
            (eventsBefore, censoredBefore) = (endedBy.Current, censoredBy.Current);
        }
        return group with
        {
            // Events: the published count of the population's platform-ended logs (the curve's own counts stop early).
            Events = region.Count(logs.Count(l => l.Event), "events"),
            Curve = steps,
            MedianWeeks = steps.Where(s => s.Survival <= 0.5).Select(s => (int?)s.Time).FirstOrDefault(),
        };
    }

    static SurvivalGroup Curve(GroupKey key, Disclosure.Cell cell, List<(int Weeks, bool Event, long Submitter)> logs, int k, Region? region)
    {
        var (publishedLogs, publishedSubmitters) = cell.Published(region);
        var group = new SurvivalGroup(key, publishedLogs, publishedSubmitters, false, null, null, null);
        if (cell.Suppressed(k)) return group.Suppress();
        if (region is not null) return FromSynopsis(group, logs, k, region);
        var curve = KaplanMeier.Estimate(logs.Select(l => new KaplanMeier.Observation(l.Weeks, l.Event)));

        // Distinct workers still at risk at each week: walk the durations from the longest down.
        var atRisk = new Dictionary<int, int>();
        var seen = new HashSet<long>();
        foreach (var l in logs.OrderByDescending(l => l.Weeks))
        {
            seen.Add(l.Submitter);
            atRisk[l.Weeks] = seen.Count;
        }
        // The holder's exact curve: steps while k distinct workers are still at risk.
        var published = curve.Steps.TakeWhile(s => atRisk[s.Time] >= k).ToList();
        var median = curve.MedianTime is { } m && published.Any(s => s.Time == m) ? m : (int?)null;
        return group with { Events = curve.Events, MedianWeeks = median, Curve = published };
    }
}
