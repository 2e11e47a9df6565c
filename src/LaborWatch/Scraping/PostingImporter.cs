using LaborWatch.Postings;
using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LaborWatch.Contracts;
using LaborWatch.Pay;
using LaborWatch.ReferenceData;

namespace LaborWatch.Scraping;

/// <summary>
/// `import postings FILE.jsonl`: postings recorded elsewhere (another scraper, a partner's archive), one
/// observation a line, shaped like a `postings --json` row plus the day it was seen:
/// <c>{"platform", "url", "observedAt": "YYYY-MM-DD", "source"?, "externalId"?, "title"?, "employmentType"?,
/// "remote"?, "location"?, "postedDate"?, and either "payMin"/"payMax"/"payCurrency"/"payUnit"/"payUpTo"/
/// "payAtLeast" or "payText"}</c>. All or nothing: any bad line stops the import with its line number and
/// field, and nothing is written. Each line is kept as the raw bytes its observation traces to.
/// </summary>
public static class PostingImporter
{
    static readonly string[] Known = ["platform", "source", "externalId", "url", "title", "employmentType", "remote", "location",
        "postedDate", "observedAt", "payMin", "payMax", "payCurrency", "payUnit", "payUpTo", "payAtLeast", "payText",
        "hourlyMin", "hourlyMax", "firstSeen", "lastSeen", "observations", "contentSha256"];   // the last ones: what postings --json adds
    static readonly string[] Units = ["hour", "day", "week", "month", "year", "task", "word", "project"];

    public static ScrapeSummary Import(DbConnection connection, string path)
    {
        var name = Path.GetFileName(path);
        var documents = new List<ScrapedDocument>();
        var errors = new List<string>();
        var observedAt = new Dictionary<ScrapedDocument, string>();
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            try
            {
                var (posting, day) = Parse(line);
                var body = Encoding.UTF8.GetBytes(line);
                var doc = new ScrapedDocument($"{name}:{number}", Convert.ToHexStringLower(SHA256.HashData(body)), "application/jsonl", body, [posting], null, posting.Platform);
                documents.Add(doc);
                observedAt[doc] = day;
            }
            catch (FormatException e) { errors.Add($"{name}: line {number}: {e.Message}"); }
            catch (JsonException e) { errors.Add($"{name}: line {number}: broken JSON: {e.Message}"); }
        }
        if (errors.Count > 0) throw new ImportFormatException(string.Join(Environment.NewLine, errors.Take(ContractImporter.MaxListedErrors)) +
            (errors.Count > ContractImporter.MaxListedErrors ? $"{Environment.NewLine}... and {errors.Count - ContractImporter.MaxListedErrors} more" : "") +
            $"{Environment.NewLine}{name}: nothing was imported");
        return ScrapeRecorder.Record(connection, documents, doc => observedAt[doc]);
    }

    static (ScrapedPosting, string ObservedAt) Parse(string line)
    {
        using var json = JsonDocument.Parse(line);
        var o = json.RootElement;
        if (o.ValueKind != JsonValueKind.Object) throw new FormatException("expected a JSON object");
        foreach (var p in o.EnumerateObject())
            if (!Known.Contains(p.Name)) throw new FormatException($"field '{p.Name}': unknown (known: {string.Join(", ", Known)})");
        string Required(string field) => o.Str(field) ?? throw new FormatException($"field '{field}': is required");
        var platform = Required("platform");
        var url = Required("url");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new FormatException($"field 'url': '{url}' is not an absolute http(s) URL");
        var day = Required("observedAt");
        if (!DateOnly.TryParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            throw new FormatException($"field 'observedAt': '{day}' is not a date (YYYY-MM-DD)");

        PayParse? pay = null;
        var payText = o.Str("payText");
        if (o.Get("payMin") is not null || o.Get("payMax") is not null)
        {
            decimal? Amount(string field) => o.Get(field) is null ? null
                : o.Num(field) is { } n && n >= 0 ? n : throw new FormatException($"field '{field}': '{o.Str(field)}' is not a non-negative number");
            var currency = o.Str("payCurrency")?.ToUpperInvariant() ?? throw new FormatException("field 'payCurrency': is required with payMin or payMax");
            if (!PayReference.Shipped.IsCurrency(currency)) throw new FormatException($"field 'payCurrency': unknown currency '{currency}'");
            var unit = o.Str("payUnit");
            if (unit is not null && !Units.Contains(unit)) throw new FormatException($"field 'payUnit': '{unit}' is not one of {string.Join(", ", Units)}");
            var (min, max) = (Amount("payMin"), Amount("payMax"));
            if (min > max) throw new FormatException($"field 'payMin': {min} is above payMax {max}");
            pay = new PayParse(min, max, currency, unit, o.Get("payUpTo")?.ValueKind == JsonValueKind.True, o.Get("payAtLeast")?.ValueKind == JsonValueKind.True);
        }
        else if (payText is not null && PayText.Parse(payText) is { } parsed && (parsed.Min ?? parsed.Max) is not null)
            pay = parsed;

        return (new ScrapedPosting(o.Str("source") ?? "import", o.Str("externalId"), url, platform, o.Str("title"), o.Str("employmentType"),
            o.Get("remote") is { } r ? r.ValueKind == JsonValueKind.True : null, o.Str("location"), o.Str("postedDate"), pay, payText), day);
    }
}
