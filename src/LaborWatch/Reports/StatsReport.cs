using System.Text.Json;
using LaborWatch.Pay;
using Microsoft.Data.Sqlite;

namespace LaborWatch.Reports;

/// <summary>
/// The published statistics of DESIGN.md section 7: one object with the filter, k, and a section per family
/// of figures. Written as JSON for `stats --json` and `/api/stats`, and as a text table for people.
/// </summary>
public sealed record StatsReport(StatsFilter Filter, PayResult Pay)
{
    public static StatsReport Compute(SqliteConnection connection, StatsFilter filter) =>
        new(filter, PayFigures.Compute(connection, filter));

    // Money in major units to the cent, shares to four places: more digits would claim a precision worker
    // reports do not have.
    static double Money(double v) => Math.Round(v, 2, MidpointRounding.AwayFromZero);
    static double Share(double v) => Math.Round(v, 4, MidpointRounding.AwayFromZero);

    public void WriteJson(Stream stream, bool indented = true)
    {
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented });
        w.WriteStartObject();
        w.WriteNumber("k", Filter.K);
        w.WriteStartObject("filters");
        w.WriteStartArray("by");
        foreach (var d in Filter.By) w.WriteStringValue(d);
        w.WriteEndArray();
        w.WriteStartArray("platform");
        foreach (var p in Filter.Platforms) w.WriteStringValue(p);
        w.WriteEndArray();
        WriteStringOrNull(w, "from", Filter.From);
        WriteStringOrNull(w, "to", Filter.To);
        w.WriteEndObject();
        w.WriteNumber("excluded", Pay.Excluded);
        w.WriteNumber("logs", Pay.Logs);
        w.WriteNumber("syntheticLogs", Pay.SyntheticLogs);

        w.WriteStartArray("pay");
        foreach (var g in Pay.Groups)
        {
            w.WriteStartObject();
            foreach (var d in Filter.By) WriteStringOrNull(w, d, g.Key[d]);
            w.WriteNumber("logs", g.Logs);
            w.WriteNumber("submitters", g.Submitters);
            w.WriteBoolean("suppressed", g.Suppressed);
            if (g.Suppressed)
            {
                w.WriteNull("ehpUsd");
                w.WriteNull("unpaidShare");
                w.WriteNull("belowMinimumWageShare");
                w.WriteNull("advertisedGap");
                w.WriteNull("n");
            }
            else
            {
                w.WriteStartObject("ehpUsd");
                WriteNumberOrNull(w, "p25", g.P25, Money);
                WriteNumberOrNull(w, "median", g.Median, Money);
                WriteNumberOrNull(w, "p75", g.P75, Money);
                WriteNumberOrNull(w, "pooled", g.Pooled, Money);
                w.WriteEndObject();
                WriteNumberOrNull(w, "unpaidShare", g.UnpaidShare, Share);
                WriteNumberOrNull(w, "belowMinimumWageShare", g.BelowMinimumWageShare, Share);
                WriteNumberOrNull(w, "advertisedGap", g.AdvertisedGap, Share);
                // Every figure carries its n: how many logs each of the figures above stands on.
                w.WriteStartObject("n");
                w.WriteNumber("ehpUsd", g.EhpN);
                w.WriteNumber("belowMinimumWage", g.BelowMinimumWageN);
                w.WriteNumber("advertisedGap", g.AdvertisedGapN);
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
        // Filled by the instability and misclassification analytics; present now so the shape is stable.
        w.WriteStartArray("cancellation");
        w.WriteEndArray();
        w.WriteStartArray("misclassification");
        w.WriteEndArray();
        w.WriteEndObject();
    }

    public void WriteText(TextWriter output)
    {
        if (Pay.SyntheticLogs > 0)
            output.WriteLine($"NOTE: {Pay.SyntheticLogs} of these {Pay.Logs} logs are SYNTHETIC sample data, not real worker reports.");
        output.WriteLine($"Effective hourly pay (USD, unpaid time counted). k = {Filter.K}; {Pay.Excluded} log(s) left out of USD figures.");
        var headers = Filter.By.Select(d => d).Concat(["logs", "submitters", "n(ehp)", "p25", "median", "p75", "pooled", "unpaid", "<min wage", "n(mw)", "adv gap", "n(gap)"]).ToList();
        var rows = new List<string[]> { headers.ToArray() };
        foreach (var g in Pay.Groups)
        {
            var keys = Filter.By.Select(d => g.Key[d] ?? "(unknown)");
            string[] figures = g.Suppressed
                ? ["suppressed", "", "", "", "", "", "", "", "", ""]
                : [g.EhpN.ToString(), M(g.P25), M(g.Median), M(g.P75), M(g.Pooled), P(g.UnpaidShare),
                   P(g.BelowMinimumWageShare), g.BelowMinimumWageN.ToString(), P(g.AdvertisedGap), g.AdvertisedGapN.ToString()];
            rows.Add([.. keys, g.Logs.ToString(), g.Submitters.ToString(), .. figures]);
        }
        var widths = Enumerable.Range(0, headers.Count).Select(i => rows.Max(r => r[i].Length)).ToArray();
        var keyCount = Filter.By.Count;
        foreach (var row in rows)
            output.WriteLine(string.Join("  ", row.Select((cell, i) => i < keyCount ? cell.PadRight(widths[i]) : cell.PadLeft(widths[i]))).TrimEnd());
        if (Pay.Groups.Any(g => g.Suppressed))
            output.WriteLine($"suppressed: fewer than {Filter.K} distinct submitters, or one submitter above 80% of the logs.");

        static string M(double? v) => v is null ? "-" : Money(v.Value).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
        static string P(double? v) => v is null ? "-" : (Share(v.Value) * 100).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + "%";
    }

    static void WriteStringOrNull(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null) w.WriteNull(name); else w.WriteString(name, value);
    }

    static void WriteNumberOrNull(Utf8JsonWriter w, string name, double? value, Func<double, double> round)
    {
        if (value is null) w.WriteNull(name); else w.WriteNumber(name, round(value.Value));
    }
}
