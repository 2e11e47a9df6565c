using System.Globalization;
using LaborWatch.Contracts;
using LaborWatch.Instability;
using LaborWatch.Misclassification;

namespace LaborWatch.Reports;

/// <summary>The published figures as the text tables `stats` prints.</summary>
public sealed partial record StatsReport
{
    public void WriteText(TextWriter output)
    {
        if (Filter.Exact) output.WriteLine(ExactWarning);
        else
        {
            // The release's exact log total is not printed: it is a count like any other, and published ones are perturbed.
            output.WriteLine(Release is { } r ? $"Release {r.Id}, cut {r.CutAt}." : "No release yet: nothing is published (run `laborwatch release`).");
            output.WriteLine(ProtectionNote);
        }
        if (Pay.SyntheticLogs > 0)
            output.WriteLine($"NOTE: {Pay.SyntheticLogs} of these {Pay.Logs} logs are SYNTHETIC sample data, not real worker reports.");
        output.WriteLine($"Effective hourly pay (USD, unpaid time counted), by month started. k = {Filter.K}; {Pay.Excluded} log(s) left out of USD figures.");
        Table(output, ["logs", "submitters", "n(ehp)", "p25", "median", "p75", "pooled", "unpaid", "<min wage", "n(mw)", "adv gap", "n(gap)", "paid >30d", "rate cut"],
            Pay.Groups.Select(g => (g.Key, g.Suppressed, new[] { N(g.Logs), N(g.Submitters) },
                new[] { N(g.EhpN), M(g.P25), M(g.Median), M(g.P75), M(g.Pooled), P(g.UnpaidShare), P(g.BelowMinimumWageShare),
                        N(g.BelowMinimumWageN), P(g.AdvertisedGap), N(g.AdvertisedGapN), P(g.PaidAfter30DaysShare), P(g.RateCutShare) })));

        output.WriteLine();
        output.WriteLine("Cancellations by the platform, by month ended (rate = platform-ended / ended, 95% Wilson interval; abrupt = under 24 h notice).");
        Table(output, ["ended", "submitters", "platform-ended", "rate", "95% CI", "abrupt", "n(notice)"],
            Cancellation.Select(g => (g.Key, g.Suppressed, new[] { N(g.Ended), N(g.Submitters) },
                new[] { g.PlatformEnded is { } pe ? N(pe) : "-", P(g.Rate), g.CiLow is { } lo && g.CiHigh is { } hi ? $"{P(lo)}-{P(hi)}" : "-", P(g.AbruptShare), N(g.AbruptN) })));

        output.WriteLine();
        output.WriteLine("Misclassification signals, by month started. " + Rubric.Caveat);
        Table(output, ["logs", "submitters", "ABC A", "ABC B", "ABC C", "ABC any", "DOL factors", "EU presumption"],
            Misclassification.Select(g => (g.Key, g.Suppressed, new[] { N(g.Logs), N(g.Submitters) },
                new[] { P(g.AbcA), P(g.AbcB), P(g.AbcC), P(g.AbcAny), g.DolFactorsMean is { } d ? d.ToString("0.00", CultureInfo.InvariantCulture) : "-", P(g.EuProposalPresumptionShare) })));

        if (Survival is not null)
        {
            output.WriteLine();
            output.WriteLine("Contract survival (Kaplan-Meier; event = ended by the platform), by month started.");
            Table(output, ["logs", "submitters", "events", "median weeks", "S(4w)", "S(12w)", "S(26w)"],
                Survival.Select(g => (g.Key, g.Suppressed, new[] { N(g.Logs), N(g.Submitters) },
                    new[] { g.Events is { } e ? N(e) : "-", g.MedianWeeks is { } m ? N(m) : "-", S(g, 4), S(g, 12), S(g, 26) })));
        }
        output.WriteLine();
        output.WriteLine($"suppressed: fewer than {Filter.K} distinct submitters, one submitter above 80% of the logs, or withheld so that another suppressed cell cannot be worked out by subtraction.");

        // S(t) read off the published steps; "-" past the last published week (too few still at risk to say).
        static string S(SurvivalGroup g, int week)
        {
            if (g.Curve is not { Count: > 0 } curve || curve[^1].Time < week) return "-";
            var survival = 1.0;
            foreach (var step in curve.TakeWhile(s => s.Time <= week)) survival = step.Survival;
            return P(survival);
        }
    }

    void Table(TextWriter output, string[] columns, IEnumerable<(GroupKey Key, bool Suppressed, string[] Sizes, string[] Figures)> rows)
    {
        var header = Filter.By.Concat(columns).ToArray();
        var lines = new List<string[]> { header };
        foreach (var (key, suppressed, sizes, figures) in rows)
        {
            var shown = suppressed ? ["suppressed", .. Enumerable.Repeat("", figures.Length - 1)] : figures;
            lines.Add([.. Filter.By.Select(d => key[d] ?? "(unknown)"), .. sizes, .. shown]);
        }
        var widths = Enumerable.Range(0, header.Length).Select(i => lines.Max(r => r[i].Length)).ToArray();
        var keyCount = Filter.By.Count;
        foreach (var line in lines)
            output.WriteLine(string.Join("  ", line.Select((cell, i) => i < keyCount ? cell.PadRight(widths[i]) : cell.PadLeft(widths[i]))).TrimEnd());
    }

    static string N(int v) => v.ToString(CultureInfo.InvariantCulture);
    static string M(double? v) => v is null ? "-" : Money(v.Value).ToString("0.00", CultureInfo.InvariantCulture);
    static string P(double? v) => v is null ? "-" : (Share(v.Value) * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";
}
