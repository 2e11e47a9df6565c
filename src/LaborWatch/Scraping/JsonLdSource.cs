using System.Text.Json;
using AngleSharp.Html.Parser;
using LaborWatch.Pay;
using LaborWatch.Postings;

namespace LaborWatch.Scraping;

/// <summary>
/// schema.org JobPosting in JSON-LD blocks of an HTML page, with the messy baseSalary forms real sites send:
/// MonetaryAmount with a QuantitativeValue (value, or minValue and maxValue, and unitText), a bare number, a
/// string like "$100,000", a PriceSpecification, or an array of these. Pay text in the description is the
/// fallback when there is no structured salary.
/// </summary>
public sealed class JsonLdSource : IPostingSource
{
    public string Name => "jsonld";

    public bool Recognises(SourceDocument document, JsonElement? json) =>
        json is null && (document.Body.AsSpan().IndexOf("application/ld+json"u8) >= 0 || document.Body.AsSpan().IndexOf("application/LD+JSON"u8) >= 0);

    /// <summary>
    /// Only script blocks and the canonical link matter here, so the parser skips body text, comments and
    /// every attribute but the few read (a quarter less time than a full parse on 30-60 KB pages).
    /// </summary>
    static readonly HtmlParserOptions Lean = new()
    {
        SkipDataText = true,
        SkipComments = true,
        DisableElementPositionTracking = true,
        ShouldEmitAttribute = (ref AngleSharp.Html.Parser.Tokens.Struct.StructHtmlToken _, ReadOnlyMemory<char> name) =>
            name.Span is "type" or "rel" or "href",
    };

    public IEnumerable<ScrapedPosting> Read(SourceDocument document, JsonElement? json)
    {
        var (canonical, blocks) = Blocks(document);
        foreach (var block in blocks)
        {
            JsonDocument parsed;
            try { parsed = JsonDocument.Parse(block, new JsonDocumentOptions { AllowTrailingCommas = true }); }
            catch (JsonException) { continue; }   // one broken block must not hide a good one
            using (parsed)
                foreach (var posting in JobPostings(parsed.RootElement))
                    yield return ToPosting(posting, canonical ?? document.Location, document);
        }
    }

    /// <summary>
    /// The page's canonical link and the text of its JSON-LD blocks: found by scanning the bytes when the scan is sure
    /// (<see cref="JsonLdScan"/>), else by parsing the page. A UTF-8 page is parsed from its text, decoded once: a stream
    /// source indexes a chunked StringBuilder for every character. Other bytes (a UTF-16 page with its byte-order mark)
    /// go through the stream, which reads the mark. Neither honours a &lt;meta charset&gt;: the stream never did.
    /// </summary>
    internal static (string? Canonical, IReadOnlyList<string> Blocks) Blocks(SourceDocument document, bool scan = true)
    {
        var utf8 = System.Text.Unicode.Utf8.IsValid(document.Body);
        if (scan && utf8 && JsonLdScan.TryScan(document.Body) is { } found) return (found.Canonical, found.Blocks);
        using var stream = document.Open();
        var html = utf8 ? new HtmlParser(Lean).ParseDocument(document.Text.TrimStart('\uFEFF')) : new HtmlParser(Lean).ParseDocument(stream);
        return (html.QuerySelector("link[rel=canonical]")?.GetAttribute("href"),
            html.QuerySelectorAll("script[type='application/ld+json']").Select(s => s.TextContent).ToList());
    }

    static IEnumerable<JsonElement> JobPostings(JsonElement e)
    {
        if (e.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in e.EnumerateArray())
                foreach (var p in JobPostings(item)) yield return p;
            yield break;
        }
        if (e.ValueKind != JsonValueKind.Object) yield break;
        if (IsType(e, "JobPosting")) yield return e.Clone();
        foreach (var item in e.Items("@graph"))
            foreach (var p in JobPostings(item)) yield return p;
        // A listing page: an ItemList of ListItems, each holding (or being) a JobPosting.
        foreach (var item in e.Items("itemListElement"))
            foreach (var p in JobPostings(item.Get("item") ?? item)) yield return p;
    }

    static bool IsType(JsonElement e, string type) => e.Get("@type") is { } t && (t.ValueKind == JsonValueKind.String
        ? t.GetString() == type
        : t.ValueKind == JsonValueKind.Array && t.EnumerateArray().Any(x => x.ValueKind == JsonValueKind.String && x.GetString() == type));

    static ScrapedPosting ToPosting(JsonElement p, string fallbackUrl, SourceDocument document)
    {
        var (pay, payText) = Salary(p.Get("baseSalary"));
        // Sites put the currency on the JobPosting (salaryCurrency) instead of the MonetaryAmount.
        if (pay is not null && p.Str("salaryCurrency") is { } salaryCurrency && p.Get("baseSalary") is { ValueKind: JsonValueKind.Object } b && b.Str("currency") is null)
            pay = pay with { Currency = salaryCurrency.ToUpperInvariant() };
        if (pay is null && p.Str("description") is { } description)
        {
            var plain = new HtmlParser().ParseDocument(description).Body?.TextContent ?? description;
            var parsed = PayText.Parse(plain);
            if (parsed.Min is not null || parsed.Max is not null) (pay, payText) = (parsed, null);
        }
        var organization = p.Get("hiringOrganization");
        var location = p.Get("jobLocation") is { } loc ? Location(loc.ValueKind == JsonValueKind.Array ? loc.EnumerateArray().FirstOrDefault() : loc) : null;
        var identifier = p.Get("identifier") is { } id ? id.ValueKind == JsonValueKind.Object ? id.Str("value") : id.ValueKind == JsonValueKind.String ? id.GetString() : id.GetRawText() : null;
        return new ScrapedPosting("jsonld", identifier, p.Str("url") ?? fallbackUrl,
            organization is { } o ? o.ValueKind == JsonValueKind.String ? o.GetString() : o.Str("name") : document.FolderName,
            p.Str("title"), EmploymentType(p.Get("employmentType")),
            p.Str("jobLocationType") is { } type ? type.Equals("TELECOMMUTE", StringComparison.OrdinalIgnoreCase) : null,
            location, p.Str("datePosted") is { Length: >= 10 } d ? d[..10] : null, pay, payText);
    }

    static string? EmploymentType(JsonElement? e) => e switch
    {
        { ValueKind: JsonValueKind.String } s => s.GetString(),
        { ValueKind: JsonValueKind.Array } a => string.Join(",", a.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString())),
        _ => null,
    };

    static string? Location(JsonElement loc)
    {
        if (loc.ValueKind != JsonValueKind.Object) return null;
        var address = loc.Get("address");
        if (address is { ValueKind: JsonValueKind.String } a) return a.GetString();
        if (address is not { } ad) return loc.Str("name");
        var parts = new[] { ad.Str("addressLocality"), ad.Str("addressRegion"), ad.Get("addressCountry") is { ValueKind: JsonValueKind.Object } c ? c.Str("name") : ad.Str("addressCountry") };
        return string.Join(", ", parts.Where(x => x is not null)) is { Length: > 0 } s ? s : null;
    }

    /// <summary>baseSalary in any of the forms real pages use; the text form goes through the pay-text parser.</summary>
    static (PayParse? Pay, string? Text) Salary(JsonElement? salary)
    {
        switch (salary)
        {
            case null:
                return (null, null);
            case { ValueKind: JsonValueKind.Array } array:
                foreach (var item in array.EnumerateArray())
                    if (Salary(item) is { Pay: not null } found) return found;
                return (null, null);
            case { ValueKind: JsonValueKind.Number } number:
                var n = number.GetDecimal();
                return (new PayParse(n, n, "USD", null, false, false), null);
            case { ValueKind: JsonValueKind.String } text:
                var parsed = PayText.Parse(text.GetString());
                return parsed.Min is null && parsed.Max is null ? (null, text.GetString()) : (parsed, text.GetString());
            case { ValueKind: JsonValueKind.Object } o:
                var currency = (o.Str("currency") ?? o.Str("priceCurrency"))?.ToUpperInvariant();
                if (o.Get("minPrice") is not null || o.Get("maxPrice") is not null || o.Get("price") is not null)   // PriceSpecification
                    return (Range(o.Num("minPrice") ?? o.Num("price"), o.Num("maxPrice") ?? o.Num("price"), currency, Unit(o.Str("unitText"))), null);
                var value = o.Get("value");
                if (value is { ValueKind: JsonValueKind.Object } qv)
                    return (Range(qv.Num("minValue") ?? qv.Num("value"), qv.Num("maxValue") ?? qv.Num("value"), currency, Unit(qv.Str("unitText") ?? o.Str("unitText"))), null);
                if (value is { } v && Json.Num(v) is { } amount)
                    return (Range(amount, amount, currency, Unit(o.Str("unitText"))), null);
                if (value is { ValueKind: JsonValueKind.String } s)
                    return Salary(s) is { Pay: { } p } t ? (p with { Currency = currency ?? p.Currency }, t.Text) : (null, s.GetString());
                return (null, null);
            default:
                return (null, null);
        }
    }

    static PayParse? Range(decimal? min, decimal? max, string? currency, string? unit) =>
        min is null && max is null ? null : new PayParse(min ?? max, max ?? min, currency ?? "USD", unit, false, false);

    internal static string? Unit(string? unitText) => unitText?.Trim().ToUpperInvariant() switch
    {
        "HOUR" or "HOURLY" or "PER HOUR" => "hour",
        "DAY" or "DAILY" => "day",
        "WEEK" or "WEEKLY" => "week",
        "MONTH" or "MONTHLY" => "month",
        "YEAR" or "YEARLY" or "ANNUAL" or "ANNUALLY" => "year",
        _ => null,
    };
}
