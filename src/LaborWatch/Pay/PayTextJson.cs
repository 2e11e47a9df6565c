using System.Text.Json;
using LaborWatch.Json;

namespace LaborWatch.Pay;

/// <summary>The `pay-parse` line of docs/json.md: {"text","min","max","currency","unit","upTo","atLeast"}.</summary>
public static class PayTextJson
{
    public static void Write(Utf8JsonWriter w, string text, PayParse pay)
    {
        w.WriteStartObject();
        w.WriteString("text", text);
        w.NumberOrNull("min", pay.Min);
        w.NumberOrNull("max", pay.Max);
        w.StringOrNull("currency", pay.Currency);
        w.StringOrNull("unit", pay.Unit);
        w.WriteBoolean("upTo", pay.UpTo);
        w.WriteBoolean("atLeast", pay.AtLeast);
        w.WriteEndObject();
    }
}
