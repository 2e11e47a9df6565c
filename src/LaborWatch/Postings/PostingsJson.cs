using System.Text.Json;

namespace LaborWatch.Postings;

/// <summary>The JSON of `postings --json` and `postings --changes --json` (DESIGN.md section 7).</summary>
public static class PostingsJson
{
    public static void WriteList(Stream stream, IEnumerable<PostingRow> postings)
    {
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        w.WriteStartArray();
        foreach (var p in postings)
        {
            w.WriteStartObject();
            w.WriteString("platform", p.Platform);
            w.WriteString("source", p.Source);
            StringOrNull(w, "externalId", p.ExternalId);
            w.WriteString("url", p.Url);
            StringOrNull(w, "title", p.Title);
            StringOrNull(w, "employmentType", p.EmploymentType);
            if (p.Remote is { } remote) w.WriteBoolean("remote", remote); else w.WriteNull("remote");
            NumberOrNull(w, "payMin", p.Pay.Min);
            NumberOrNull(w, "payMax", p.Pay.Max);
            StringOrNull(w, "payCurrency", p.Pay.Currency);
            StringOrNull(w, "payUnit", p.Pay.Unit);
            NumberOrNull(w, "hourlyMin", p.Pay.HourlyMin is { } lo ? Math.Round(lo, 2) : null);
            NumberOrNull(w, "hourlyMax", p.Pay.HourlyMax is { } hi ? Math.Round(hi, 2) : null);
            w.WriteString("firstSeen", p.FirstSeen);
            w.WriteString("lastSeen", p.LastSeen);
            w.WriteNumber("observations", p.Observations);
            w.WriteString("contentSha256", p.RawSha256);   // the raw bytes the latest pay was read from
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    public static void WriteChanges(Stream stream, IEnumerable<PayChange> changes)
    {
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
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
        NumberOrNull(w, "min", pay.Min);
        NumberOrNull(w, "max", pay.Max);
        StringOrNull(w, "currency", pay.Currency);
        StringOrNull(w, "unit", pay.Unit);
        w.WriteBoolean("upTo", pay.UpTo);
        w.WriteBoolean("atLeast", pay.AtLeast);
        w.WriteEndObject();
    }

    static void StringOrNull(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null) w.WriteNull(name); else w.WriteString(name, value);
    }

    static void NumberOrNull(Utf8JsonWriter w, string name, double? value)
    {
        if (value is null) w.WriteNull(name); else w.WriteNumber(name, value.Value);
    }
}
