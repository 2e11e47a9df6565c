using LaborWatch.Json;
using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using LaborWatch.Contracts;
using LaborWatch.Instability;
using LaborWatch.Misclassification;
using LaborWatch.Pay;
using LaborWatch.Privacy;

namespace LaborWatch.Reports;

/// <summary>The sections a report computes beside pay (which it always computes); survival is asked for apart.</summary>
[Flags]
public enum StatsSections
{
    PayOnly = 0,
    Cancellation = 1,
    Misclassification = 2,
    All = Cancellation | Misclassification,
}

/// <summary>
/// The published statistics of docs/json.md: one object with the filter, k, and a section per family
/// of figures, each under disclosure control (k, the 80% rule, complementary suppression). Written as JSON for
/// `stats --json` and `/api/stats`, and as text tables for people.
/// </summary>
public sealed record StatsReport(
    StatsFilter Filter, PayResult Pay, IReadOnlyList<CancellationGroup> Cancellation,
    IReadOnlyList<MisclassificationGroup> Misclassification, IReadOnlyList<SurvivalGroup>? Survival)
{
    /// <summary>The release these figures come from (null: no release yet, or the exact figures).</summary>
    public Release? Release { get; init; }

    /// <summary>Postings meet logs, per platform and month (null where not computed: a report without postings).</summary>
    public IReadOnlyList<Postings.PromisedVsPaidRow>? PromisedVsPaid { get; init; }

    public const string ExactWarning = "EXACT figures for the database holder: NOT FOR PUBLICATION. They are not perturbed and include approved logs not yet released; publish only what `stats` without --exact, the web and `report` give.";

    /// <summary>What protects the published figures, in plain words, with the shipped parameters.</summary>
    public static string ProtectionNote =>
        "Published figures come from one noisy synopsis of the release: every count in every cell of a fixed hierarchy " +
        $"(platform, country, kind of work, months) carries one fixed draw of noise (standard deviation about {Math.Sqrt(Privacy.Synopsis.Synopsis.Variance):0} logs), " +
        "and every figure is computed from those noisy cells alone, so asking more, different or repeated questions reveals nothing more. " +
        "Small figures are therefore rough, and totals may not add up exactly.";

    public static StatsReport Compute(DbConnection connection, StatsFilter filter, bool survival = false)
    {
        var rows = ContractRows.Load(connection, filter);
        // Promised against paid (a pay pass by platform and month, and the postings read through the connection)
        // is computed beside the sections, first: the longest task started first leaves no core idle at the end.
        List<Postings.PromisedVsPaidRow> promised = null!;
        return Sections(rows, filter, survival, StatsSections.All, () => promised = Postings.PromisedVsPaid.Compute(connection, rows, filter)) with { PromisedVsPaid = promised };
    }

    /// <summary>
    /// From rows already loaded for the same platforms: a page showing several groupings scans the logs once. A page
    /// that shows only some sections asks for those: each section left out is a pass over every log not made (its
    /// list is then empty; pay is always computed, as charts note synthetic data from it).
    /// </summary>
    public static StatsReport Compute(ContractRows.Loaded data, StatsFilter filter, bool survival = false, StatsSections sections = StatsSections.All) =>
        Sections(data, filter, survival, sections, null);

    static StatsReport Sections(ContractRows.Loaded data, StatsFilter filter, bool survival, StatsSections wanted, Action? first)
    {
        // Each section reads the rows alone and shares nothing with the others: computed side by side on the
        // cores, the longest first (pay, then misclassification: measured on 1M logs).
        PayResult pay = null!;
        IReadOnlyList<CancellationGroup> cancellation = [];
        IReadOnlyList<MisclassificationGroup> misclassification = [];
        IReadOnlyList<SurvivalGroup>? curves = null;
        var sections = new List<Action> { () => pay = PayFigures.Compute(data, filter) };
        if (first is not null) sections.Insert(0, first);
        if (wanted.HasFlag(StatsSections.Misclassification))
            sections.Add(() => misclassification = ComplementarySuppression.Apply(MisclassificationFigures.Compute(data, filter), filter.By));
        if (wanted.HasFlag(StatsSections.Cancellation))
            sections.Add(() => cancellation = ComplementarySuppression.Apply(CancellationFigures.Compute(data, filter), filter.By));
        if (survival) sections.Add(() => curves = ComplementarySuppression.Apply(SurvivalCurves.Compute(data, filter), filter.By));
        Parallel.Invoke([.. sections]);
        return new StatsReport(filter, pay with { Groups = ComplementarySuppression.Apply(pay.Groups, filter.By) }, cancellation, misclassification, curves)
        { Release = data.Release };
    }

    // Money in major units to the cent, shares to four places: more digits would claim a precision worker
    // reports do not have.
    public static double Money(double v) => Math.Round(v, 2, MidpointRounding.AwayFromZero);
    public static double Share(double v) => Math.Round(v, 4, MidpointRounding.AwayFromZero);

    public void WriteJson(Stream stream, bool indented = true)
    {
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented });
        WriteJson(w);
    }

    /// <summary>The object of docs/json.md; <paramref name="more"/> adds properties at its end (the exports' postings).</summary>
    public void WriteJson(Utf8JsonWriter w, Action<Utf8JsonWriter>? more = null)
    {
        w.WriteStartObject();
        w.WriteNumber("k", Filter.K);
        w.WriteStartObject("filters");
        w.WriteStartArray("by");
        foreach (var d in Filter.By) w.WriteStringValue(d);
        w.WriteEndArray();
        w.WriteStartArray("platform");
        foreach (var p in Filter.Platforms) w.WriteStringValue(p);
        w.WriteEndArray();
        w.StringOrNull("from", Filter.From);
        w.StringOrNull("to", Filter.To);
        // Written only when used, so the JSON of the original filters stays as it was.
        foreach (var (name, values) in new[] { ("parent", Filter.Parents), ("taskType", Filter.TaskTypes), ("country", Filter.Countries) })
        {
            if (values.Count == 0) continue;
            w.WriteStartArray(name);
            foreach (var v in values) w.WriteStringValue(v);
            w.WriteEndArray();
        }
        w.WriteEndObject();
        // Which figures these are: a release's protected figures, or the holder's exact ones.
        if (Filter.Exact)
        {
            w.WriteBoolean("exact", true);
            w.WriteString("notForPublication", ExactWarning);
        }
        else
        {
            if (Release is { } release)
            {
                w.WriteStartObject("release");
                w.WriteNumber("id", release.Id);
                w.WriteString("cutAt", release.CutAt);
                w.WriteEndObject();
            }
            else w.WriteNull("release");
            w.WriteString("protection", ProtectionNote);
        }
        w.WriteNumber("excluded", Pay.Excluded);
        w.WriteNumber("logs", Pay.Logs);
        w.WriteNumber("syntheticLogs", Pay.SyntheticLogs);

        w.WriteStartArray("pay");
        foreach (var g in Pay.Groups) WritePay(w, g);
        w.WriteEndArray();
        w.WriteStartArray("cancellation");
        foreach (var g in Cancellation) WriteCancellation(w, g);
        w.WriteEndArray();
        w.WriteString("misclassificationNote", Rubric.Caveat);
        w.WriteStartArray("misclassification");
        foreach (var g in Misclassification) WriteMisclassification(w, g);
        w.WriteEndArray();
        if (Survival is not null)
        {
            w.WriteStartArray("survival");
            foreach (var g in Survival) WriteSurvival(w, g);
            w.WriteEndArray();
        }
        if (PromisedVsPaid is not null)
        {
            // Postings meet logs: advertised (public postings) beside logged (published, protected) pay per platform-month.
            w.WriteStartArray("promisedVsPaid");
            foreach (var r in PromisedVsPaid)
            {
                w.WriteStartObject();
                w.WriteString("platform", r.Platform);
                w.WriteString("month", r.Month);
                w.WriteStartObject("advertised");
                w.WriteNumber("postings", r.Postings);
                w.NumberOrNull("medianHourlyUsd", r.AdvertisedMedianUsd, Money);
                w.WriteEndObject();
                w.WriteStartObject("logged");
                w.WriteNumber("logs", r.Logs);
                w.WriteBoolean("suppressed", r.Suppressed);
                w.NumberOrNull("medianEhpUsd", r.EffectiveMedianUsd, Money);
                w.WriteEndObject();
                w.NumberOrNull("gap", r.Gap, Share);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        more?.Invoke(w);
        w.WriteEndObject();
    }

    void Keys(Utf8JsonWriter w, GroupKey key)
    {
        foreach (var d in Filter.By) w.StringOrNull(d, key[d]);
    }

    /// <summary>Opens a group's object with what every section shows even when suppressed: keys and sizes.</summary>
    void StartGroup(Utf8JsonWriter w, GroupKey key, int logs, int submitters, bool suppressed)
    {
        w.WriteStartObject();
        Keys(w, key);
        w.WriteNumber("logs", logs);
        w.WriteNumber("submitters", submitters);
        w.WriteBoolean("suppressed", suppressed);
    }

    void WritePay(Utf8JsonWriter w, PayGroup g)
    {
        StartGroup(w, g.Key, g.Logs, g.Submitters, g.Suppressed);
        if (g.Suppressed)
        {
            foreach (var name in new[] { "ehpUsd", "unpaidShare", "belowMinimumWageShare", "advertisedGap", "paymentDelay", "rateCutShare", "n" })
                w.WriteNull(name);
        }
        else
        {
            w.WriteStartObject("ehpUsd");
            w.NumberOrNull("p25", g.P25, Money);
            w.NumberOrNull("median", g.Median, Money);
            w.NumberOrNull("p75", g.P75, Money);
            w.NumberOrNull("pooled", g.Pooled, Money);
            w.WriteEndObject();
            w.NumberOrNull("unpaidShare", g.UnpaidShare, Share);
            w.NumberOrNull("belowMinimumWageShare", g.BelowMinimumWageShare, Share);
            w.NumberOrNull("advertisedGap", g.AdvertisedGap, Share);
            w.WriteStartObject("paymentDelay");
            w.NumberOrNull("medianDays", g.PaymentDelayMedianDays, v => Math.Round(v, 1));
            w.NumberOrNull("after30DaysShare", g.PaidAfter30DaysShare, Share);
            w.WriteEndObject();
            w.NumberOrNull("rateCutShare", g.RateCutShare, Share);
            // Every figure carries its n: how many logs each of the figures above stands on.
            w.WriteStartObject("n");
            w.WriteNumber("ehpUsd", g.EhpN);
            w.WriteNumber("belowMinimumWage", g.BelowMinimumWageN);
            w.WriteNumber("advertisedGap", g.AdvertisedGapN);
            w.WriteNumber("paymentDelay", g.PaymentDelayN);
            w.WriteNumber("rateCut", g.RateCutN);
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }

    void WriteCancellation(Utf8JsonWriter w, CancellationGroup g)
    {
        w.WriteStartObject();
        Keys(w, g.Key);
        w.WriteNumber("ended", g.Ended);
        if (g.PlatformEnded is { } platformEnded) w.WriteNumber("platformEnded", platformEnded); else w.WriteNull("platformEnded");
        w.WriteNumber("submitters", g.Submitters);
        w.WriteBoolean("suppressed", g.Suppressed);
        w.NumberOrNull("rate", g.Rate, Share);
        if (g.CiLow is { } lo && g.CiHigh is { } hi)
        {
            w.WriteStartArray("ci95");
            w.WriteNumberValue(Share(lo));
            w.WriteNumberValue(Share(hi));
            w.WriteEndArray();
        }
        else w.WriteNull("ci95");
        w.NumberOrNull("abruptShare", g.AbruptShare, Share);
        if (g.Suppressed) w.WriteNull("n");
        else
        {
            w.WriteStartObject("n");
            w.WriteNumber("abrupt", g.AbruptN);
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }

    void WriteMisclassification(Utf8JsonWriter w, MisclassificationGroup g)
    {
        StartGroup(w, g.Key, g.Logs, g.Submitters, g.Suppressed);
        if (g.Indicators is null)
        {
            foreach (var name in new[] { "indicators", "indicatorsAnswered", "abc", "dolFactorsMean", "irsFactorsMean", "euProposalPresumptionShare" })
                w.WriteNull(name);
        }
        else
        {
            w.WriteStartObject("indicators");
            foreach (var (name, share) in g.Indicators) w.NumberOrNull(name, share.Share, Share);
            w.WriteEndObject();
            w.WriteStartObject("indicatorsAnswered");
            foreach (var (name, share) in g.Indicators) w.WriteNumber(name, share.Answered);
            w.WriteEndObject();
            w.WriteStartObject("abc");
            w.NumberOrNull("A", g.AbcA, Share);
            w.NumberOrNull("B", g.AbcB, Share);
            w.NumberOrNull("C", g.AbcC, Share);
            w.NumberOrNull("any", g.AbcAny, Share);
            w.WriteEndObject();
            w.NumberOrNull("dolFactorsMean", g.DolFactorsMean, v => Math.Round(v, 2));
            w.NumberOrNull("irsFactorsMean", g.IrsFactorsMean, v => Math.Round(v, 2));
            w.NumberOrNull("euProposalPresumptionShare", g.EuProposalPresumptionShare, Share);
        }
        w.WriteEndObject();
    }

    void WriteSurvival(Utf8JsonWriter w, SurvivalGroup g)
    {
        StartGroup(w, g.Key, g.Logs, g.Submitters, g.Suppressed);
        if (g.Events is { } events) w.WriteNumber("events", events); else w.WriteNull("events");
        if (g.MedianWeeks is { } median) w.WriteNumber("medianWeeks", median); else w.WriteNull("medianWeeks");
        if (g.Curve is null) w.WriteNull("curve");
        else
        {
            w.WriteStartArray("curve");
            foreach (var s in g.Curve)
            {
                w.WriteStartObject();
                w.WriteNumber("week", s.Time);
                w.WriteNumber("survival", Share(s.Survival));
                w.WriteNumber("atRisk", s.AtRisk);
                w.WriteNumber("events", s.Events);
                w.WriteNumber("censored", s.Censored);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }

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
