using System.Globalization;
using System.Text.Json;

namespace LaborWatch.Scraping;

/// <summary>Forgiving reads of the JSON real sources send: a field may be missing, null, a number or a string.</summary>
static class Json
{
    public static JsonElement? Get(this JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined) ? v : null;

    public static string? Str(this JsonElement e, string name) => e.Get(name) is { } v ? v.ValueKind switch
    {
        JsonValueKind.String => v.GetString() is { Length: > 0 } s ? s : null,
        JsonValueKind.Number => v.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => null,
    } : null;

    public static decimal? Num(this JsonElement e, string name) => e.Get(name) is { } v ? Num(v) : null;

    public static decimal? Num(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.Number => v.TryGetDecimal(out var n) ? n : null,   // 1e300 fits no decimal: no amount, not a crash
        JsonValueKind.String when decimal.TryParse(v.GetString()?.Replace(",", "").Trim().TrimStart('$', '€', '£'),
            NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d) => d,
        _ => null,
    };

    public static IEnumerable<JsonElement> Items(this JsonElement e, string name) =>
        e.Get(name) is { ValueKind: JsonValueKind.Array } a ? a.EnumerateArray() : [];
}
