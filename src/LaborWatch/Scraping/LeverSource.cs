using System.Text.Json;
using LaborWatch.Pay;
using LaborWatch.ReferenceData;
using LaborWatch.Postings;

namespace LaborWatch.Scraping;

/// <summary>Lever postings API (GET /v0/postings/{company}?mode=json): salaryRange with an interval, else salaryDescription text.</summary>
public sealed class LeverSource : IPostingSource
{
    public string Name => "lever";

    public bool Recognises(SourceDocument document, JsonElement? json) =>
        json is { ValueKind: JsonValueKind.Array } a && a.EnumerateArray().FirstOrDefault() is { ValueKind: JsonValueKind.Object } p
        && p.Get("hostedUrl") is not null && p.Get("text") is not null;

    public IEnumerable<ScrapedPosting> Read(SourceDocument document, JsonElement? json)
    {
        foreach (var p in json!.Value.EnumerateArray())
        {
            PayParse? pay = null;
            var text = p.Str("salaryDescriptionPlain") ?? p.Str("salaryDescription");
            if (p.Get("salaryRange") is { ValueKind: JsonValueKind.Object } range)
            {
                var interval = range.Str("interval");
                var currency = range.Str("currency")?.ToUpperInvariant() ?? "USD";
                var (unit, factor) = Plausible(Interval(interval), range.Num("max") ?? range.Num("min"), currency, out var reading);
                pay = new PayParse(range.Num("min") * factor, range.Num("max") * factor, currency, unit, false, false);
                // The raw interval is kept, and the reading said, when the amounts overrule it.
                text = string.Join(" ", new[] { text, $"[Lever interval {interval}{reading}]" }.Where(x => x is not null));
            }
            else if (text is not null && PayText.Parse(text) is { } parsed && (parsed.Min ?? parsed.Max) is not null)
                pay = parsed;
            var categories = p.Get("categories");
            var created = p.Get("createdAt") is { ValueKind: JsonValueKind.Number } ms && ms.TryGetInt64(out var t) && t is >= 0 and <= 253_402_300_799_999
                ? DateTimeOffset.FromUnixTimeMilliseconds(t).UtcDateTime.ToString("yyyy-MM-dd") : null;
            yield return new ScrapedPosting(Name, p.Str("id"), p.Str("hostedUrl")!, document.FolderName, p.Str("text"),
                categories?.Str("commitment"), p.Str("workplaceType") is { } w ? w == "remote" : null, categories?.Str("location"), created, pay, text);
        }
    }

    /// <summary>
    /// Employers pick Lever's interval from a menu and often pick wrong: "bi-week-salary" on $22-26 is an hourly
    /// rate. A salary interval (week or longer) on an amount of at most 300 a unit of USD value is read as hourly;
    /// an hourly interval on 10,000 or more as yearly (the thresholds the unit rule of the pay-text parser uses).
    /// </summary>
    static (string? Unit, decimal Factor) Plausible((string? Unit, decimal Factor) stated, decimal? amount, string currency, out string reading)
    {
        reading = "";
        if (amount is not { } a || PayReference.Shipped.UnitsPerUsd(currency, int.MaxValue) is not { } rate) return stated;
        var usd = (double)a / rate;
        if (stated.Unit is "week" or "month" or "year" && usd <= 300) { reading = ", read as hourly: the amounts are an hourly rate"; return ("hour", 1m); }
        if (stated.Unit is "hour" && usd >= 10_000) { reading = ", read as yearly: the amounts are a salary"; return ("year", 1m); }
        return stated;
    }

    /// <summary>Lever's interval as a unit, with the factor that turns its amount into that unit's.</summary>
    static (string? Unit, decimal Factor) Interval(string? interval) => interval switch
    {
        "per-hour-wage" => ("hour", 1m),
        "per-day-wage" => ("day", 1m),
        "per-week-salary" => ("week", 1m),
        "bi-week-salary" => ("week", 0.5m),
        "per-month-salary" => ("month", 1m),
        "semi-month-salary" => ("month", 2m),
        "bi-month-salary" => ("month", 0.5m),
        "per-year-salary" => ("year", 1m),
        "one-time" => ("project", 1m),
        _ => (null, 1m),
    };
}
