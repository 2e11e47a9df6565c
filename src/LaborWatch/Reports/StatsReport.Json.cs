using LaborWatch.Json;
using System.Text.Json;
using LaborWatch.Contracts;
using LaborWatch.Instability;
using LaborWatch.Misclassification;
using LaborWatch.Pay;

namespace LaborWatch.Reports;

/// <summary>The published figures as the JSON of docs/json.md (stats --json, /api/stats, the JSON export).</summary>
public sealed partial record StatsReport
{
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
}
