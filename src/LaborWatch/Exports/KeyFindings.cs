using System.Globalization;
using LaborWatch.Contracts;

namespace LaborWatch.Exports;

/// <summary>
/// One finding: who or what it is about (bold when printed), what was found with its n, and the table behind it.
/// <paramref name="Runs"/>: the subject runs on into the text as one sentence ("12 pay cut(s) seen in ...") rather than
/// heading it ("Annotara: 31% of ...").
/// </summary>
public sealed record Finding(string Subject, string Text, string Table, string TableName, bool Runs = false)
{
    public string Joiner => Runs ? " " : ": ";
}

/// <summary>
/// The findings a reader wants first, each computed from the published figures of the report's tables, with its n:
/// the groups most often paid below the local minimum wage, the largest gaps between advertised and effective pay, the
/// highest cancellation rates with their 95% intervals, and the pay cuts seen in postings. Suppressed groups never
/// appear; every figure is the protected one. The HTML and the PDF report print the same list.
/// </summary>
public static class KeyFindings
{
    public static List<Finding> Of(ReportContent report)
    {
        static string Pct(double v) => (v * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";
        string Name(GroupKey key) => string.Join(", ", report.Filter.By.Select(d => key[d] ?? "(unknown)"));
        var pay = report.Stats.Pay.Groups.Where(g => !g.Suppressed).ToList();
        var items = new List<Finding>();
        foreach (var g in pay.Where(g => g.BelowMinimumWageShare is > 0 && g.BelowMinimumWageN > 0).OrderByDescending(g => g.BelowMinimumWageShare).Take(3))
            items.Add(new(Name(g.Key), $"{Pct(g.BelowMinimumWageShare!.Value)} of logs paid below the local minimum wage once unpaid time is counted (n = {g.BelowMinimumWageN:N0} logs with a known wage).", "pay", "Pay table"));
        foreach (var g in pay.Where(g => g.AdvertisedGap is > 0 && g.AdvertisedGapN > 0).OrderByDescending(g => g.AdvertisedGap).Take(3))
            items.Add(new(Name(g.Key), $"effective pay {Pct(g.AdvertisedGap!.Value)} below the advertised hourly rate (median gap, n = {g.AdvertisedGapN:N0} hourly logs).", "pay", "Pay table"));
        foreach (var c in report.Stats.Cancellation.Where(c => !c.Suppressed && c.Rate is not null).OrderByDescending(c => c.Rate).Take(3))
            items.Add(new(Name(c.Key), $"{Pct(c.Rate!.Value)} of ended contracts ended by the platform (95% interval {Pct(c.CiLow ?? 0)}–{Pct(c.CiHigh ?? 0)}, n = {c.Ended:N0} ended).", "cancellation", "Cancellation table"));
        var cuts = report.PayChanges.Where(c => c.Cut).ToList();
        if (cuts.Count > 0)
        {
            var deepest = cuts.OrderBy(c => (c.After.Level ?? 0) / (c.Before.Level ?? 1)).First();
            items.Add(new($"{cuts.Count:N0} pay cut(s)", $"seen in public postings (n = {report.Postings.Count:N0} postings watched); the deepest at {deepest.Platform}: {deepest.Before.Describe()} to {deepest.After.Describe()} ({deepest.ObservedAt}).", "pay_changes", "Pay changes", Runs: true));
        }
        return items;
    }

    public const string None = "No finding can be published for these filters: too few workers in every group, or no data.";
}
