using System.Text.Json;

namespace LaborWatch.Json;

/// <summary>The published JSON writes every field, null when there is no value: these say so in one call.</summary>
public static class JsonWriting
{
    public static void StringOrNull(this Utf8JsonWriter w, string name, string? value)
    {
        if (value is null) w.WriteNull(name); else w.WriteString(name, value);
    }

    public static void NumberOrNull(this Utf8JsonWriter w, string name, double? value, Func<double, double>? round = null)
    {
        if (value is null) w.WriteNull(name); else w.WriteNumber(name, round is null ? value.Value : round(value.Value));
    }

    public static void NumberOrNull(this Utf8JsonWriter w, string name, decimal? value)
    {
        if (value is null) w.WriteNull(name); else w.WriteNumber(name, value.Value);
    }
}
