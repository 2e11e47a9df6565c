using System.Net;
using System.Text.Json;
using LaborWatch.Pay;
using LaborWatch.ReferenceData;
using LaborWatch.Postings;

namespace LaborWatch.Scraping;

/// <summary>
/// Greenhouse job board API (GET /v1/boards/{board}/jobs?content=true&amp;pay_transparency=true): pay in
/// pay_input_ranges as cents with no period, so the unit comes from the range's title or blurb, else from
/// the amount ($10,000 or more a year, $300 or less an hour), else stays unknown. Several ranges are pay zones
/// (locations or levels): the posting gets the lowest minimum to the highest maximum, and every zone is kept in its
/// pay text. The single-job answer (GET /v1/boards/{board}/jobs/{id}?pay_transparency=true, the detail step of a
/// list that lacks pay) is one job object instead of a "jobs" array.
/// </summary>
public sealed class GreenhouseSource : IPostingSource
{
    public string Name => "greenhouse";

    public bool Recognises(SourceDocument document, JsonElement? json) =>
        json is { ValueKind: JsonValueKind.Object } o && (o.Items("jobs").FirstOrDefault() is { ValueKind: JsonValueKind.Object } job ? job : o) is var first
        && first.Get("absolute_url") is not null && first.Get("id") is not null && !Feeds.OutlierSource.Marked(o);

    public IEnumerable<ScrapedPosting> Read(SourceDocument document, JsonElement? json)
    {
        var root = json!.Value;
        foreach (var job in root.Get("jobs") is { ValueKind: JsonValueKind.Array } ? root.Items("jobs") : [root])
        {
            var ranges = job.Items("pay_input_ranges").Where(r => r.ValueKind == JsonValueKind.Object && (r.Num("min_cents") ?? r.Num("max_cents")) is not null).ToList();
            PayParse? pay = null;
            string? payText = null;
            if (ranges.Count > 0)
            {
                // Zones in one currency make one range; zones in several currencies cannot be compared: the first currency's.
                var currency = ranges[0].Str("currency_type")?.ToUpperInvariant() ?? "USD";
                var same = ranges.Where(r => (r.Str("currency_type")?.ToUpperInvariant() ?? "USD") == currency).ToList();
                decimal? min = same.Min(r => r.Num("min_cents") ?? r.Num("max_cents")) / 100, max = same.Max(r => r.Num("max_cents") ?? r.Num("min_cents")) / 100;
                payText = string.Join(" | ", ranges.Select(r => string.Join(" ", new[]
                {
                    r.Str("title"), r.Str("blurb"),
                    $"{r.Num("min_cents") / 100}-{r.Num("max_cents") / 100} {r.Str("currency_type")}",
                }.Where(x => x is not null))));
                pay = new PayParse(min, max, currency, Unit(payText, currency, max ?? min), false, false);
            }
            var content = job.Str("content") is { } c ? WebUtility.HtmlDecode(c) : null;
            if (pay is null && content is not null && PayText.Parse(new AngleSharp.Html.Parser.HtmlParser().ParseDocument(content).Body?.TextContent) is { Max: not null } fromText)
                pay = fromText;
            var location = job.Get("location") is { } l ? l.Str("name") : null;
            yield return new ScrapedPosting(Name, job.Str("id"), job.Str("absolute_url")!, job.Str("company_name") ?? document.FolderName,
                job.Str("title"), null, location?.Contains("remote", StringComparison.OrdinalIgnoreCase), location,
                (job.Str("first_published") ?? job.Str("updated_at")) is { Length: >= 10 } d ? d[..10] : null, pay, payText);
        }
    }

    /// <summary>"Rate per task", "per item", "per word", "per project"... in a range's title or blurb: the unit it names.</summary>
    static readonly System.Text.RegularExpressions.Regex PerUnit = new(
        @"\b(?:per|/|an?|each)\s*(task|item|question|label|image|hit|word|project|assignment|submission|day|week|month)s?\b|\b(task|item|word|project)[- ]?(?:rate|based|pay)\b",
        System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    internal static string? Unit(string text, string currency, decimal? amount)
    {
        var t = text.ToLowerInvariant();
        // A unit the title names wins over any guess from the amount: $0.70 "per task" is no hourly rate.
        if (PerUnit.Match(t) is { Success: true } m)
            return (m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value) switch
            {
                "task" or "item" or "question" or "label" or "image" or "hit" or "submission" => "task",
                "word" => "word",
                "project" or "assignment" => "project",
                var unit => unit,
            };
        if (t.Contains("hour")) return "hour";
        if (t.Contains("salary") || t.Contains("annual") || t.Contains("year")) return "year";
        if (amount is not { } a || PayReference.Shipped.UnitsPerUsd(currency, int.MaxValue) is not { } rate) return null;
        var usd = (double)a / rate;
        return usd >= 10_000 ? "year" : usd <= 300 ? "hour" : null;
    }
}
