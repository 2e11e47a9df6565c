using System.Text.Json;

namespace LaborWatch.Pay;

/// <summary>The `pay-parse` line of DESIGN.md section 7: {"text","min","max","currency","unit","upTo","atLeast"}.</summary>
public static class PayTextJson
{
    public static void Write(Utf8JsonWriter w, string text, PayParse pay)
    {
        w.WriteStartObject();
        w.WriteString("text", text);
        if (pay.Min is { } min) w.WriteNumber("min", min); else w.WriteNull("min");
        if (pay.Max is { } max) w.WriteNumber("max", max); else w.WriteNull("max");
        if (pay.Currency is { } currency) w.WriteString("currency", currency); else w.WriteNull("currency");
        if (pay.Unit is { } unit) w.WriteString("unit", unit); else w.WriteNull("unit");
        w.WriteBoolean("upTo", pay.UpTo);
        w.WriteBoolean("atLeast", pay.AtLeast);
        w.WriteEndObject();
    }
}
