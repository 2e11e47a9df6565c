using System.Text.Json;
using LaborWatch.Json;

namespace LaborWatch.Postings;

/// <summary>
/// The JSON of `postings --json` and `postings --changes --json` (docs/json.md): indented for people on the
/// command line, compact from the web API (the same values).
/// </summary>
public static class PostingsJson
{
    public static void WriteList(Stream stream, IEnumerable<PostingRow> postings, bool indented = true)
    {
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented });
        WriteList(w, postings);
    }

    public static void WriteList(Utf8JsonWriter w, IEnumerable<PostingRow> postings)
    {
        w.WriteStartArray();
        foreach (var p in postings)
        {
            w.WriteStartObject();
            w.WriteString("platform", p.Platform);
            w.WriteString("source", p.Source);
            w.StringOrNull("externalId", p.ExternalId);
            w.WriteString("url", p.Url);
            w.StringOrNull("title", p.Title);
            w.StringOrNull("employmentType", p.EmploymentType);
            if (p.Remote is { } remote) w.WriteBoolean("remote", remote); else w.WriteNull("remote");
            w.NumberOrNull("payMin", p.Pay.Min);
            w.NumberOrNull("payMax", p.Pay.Max);
            w.StringOrNull("payCurrency", p.Pay.Currency);
            w.StringOrNull("payUnit", p.Pay.Unit);
            w.NumberOrNull("hourlyMin", p.Pay.HourlyMin is { } lo ? Math.Round(lo, 2) : null);
            w.NumberOrNull("hourlyMax", p.Pay.HourlyMax is { } hi ? Math.Round(hi, 2) : null);
            w.WriteString("firstSeen", p.FirstSeen);
            w.WriteString("lastSeen", p.LastSeen);
            w.WriteNumber("observations", p.Observations);
            w.WriteString("contentSha256", p.RawSha256);   // the raw bytes the latest pay was read from
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    public static void WriteChanges(Stream stream, IEnumerable<PayChange> changes, bool indented = true)
    {
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented });
        WriteChanges(w, changes);
    }

    public static void WriteChanges(Utf8JsonWriter w, IEnumerable<PayChange> changes)
    {
        w.WriteStartArray();
        foreach (var c in changes)
        {
            w.WriteStartObject();
            w.WriteString("platform", c.Platform);
            w.WriteString("url", c.Url);
            w.WriteString("observedAt", c.ObservedAt);
            Pay(w, "before", c.Before);
            Pay(w, "after", c.After);
            w.WriteBoolean("cut", c.Cut);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    static void Pay(Utf8JsonWriter w, string name, PostingPay pay)
    {
        w.WriteStartObject(name);
        w.NumberOrNull("min", pay.Min);
        w.NumberOrNull("max", pay.Max);
        w.StringOrNull("currency", pay.Currency);
        w.StringOrNull("unit", pay.Unit);
        w.WriteBoolean("upTo", pay.UpTo);
        w.WriteBoolean("atLeast", pay.AtLeast);
        w.WriteEndObject();
    }
}
