using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using LaborWatch.Pay;
using LaborWatch.Postings;

namespace LaborWatch.Scraping;

/// <summary>
/// Plain HTML job pages read with CSS selectors (AngleSharp), for sites without JSON-LD. A rules file names
/// a selector per field; "selector@attribute" reads an attribute instead of the text:
/// <c>{"title": "h1.job-title", "pay": ".salary", "location": ".where", "employmentType": ".type",
/// "externalId": "[data-job-id]@data-job-id", "url": "link[rel=canonical]@href", "platform": ".company"}</c>.
/// A page is a posting when its title and pay selectors both match. Pay goes through the pay-text parser.
/// </summary>
public sealed class CssRulesSource(IReadOnlyDictionary<string, string> rules) : IPostingSource
{
    public static readonly string[] Fields = ["title", "pay", "location", "employmentType", "externalId", "url", "platform", "remote"];

    public string Name => "css";

    public static CssRulesSource Load(string path)
    {
        try
        {
            using var json = JsonDocument.Parse(File.ReadAllText(path));
            var rules = json.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "");
            foreach (var key in rules.Keys.Where(k => !Fields.Contains(k)))
                throw new InvalidDataException($"{path}: unknown field '{key}' (fields: {string.Join(", ", Fields)})");
            foreach (var required in new[] { "title", "pay" })
                if (!rules.ContainsKey(required)) throw new InvalidDataException($"{path}: a selector for '{required}' is required");
            var parser = new HtmlParser();
            var probe = parser.ParseDocument("<html></html>");
            foreach (var (field, rule) in rules)
            {
                try { probe.QuerySelector(rule.Split('@')[0]); }
                catch (DomException) { throw new InvalidDataException($"{path}: '{field}': '{rule}' is not a CSS selector"); }
            }
            return new CssRulesSource(rules);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: broken JSON: {e.Message}");
        }
    }

    public bool Recognises(SourceDocument document, JsonElement? json) => json is null;

    public IEnumerable<ScrapedPosting> Read(SourceDocument document, JsonElement? json)
    {
        var html = new HtmlParser().ParseDocument(document.Text);
        string? Field(string name)
        {
            if (!rules.TryGetValue(name, out var rule)) return null;
            var at = rule.LastIndexOf('@');
            var element = html.QuerySelector(at > 0 ? rule[..at] : rule);
            var value = element is null ? null : at > 0 ? element.GetAttribute(rule[(at + 1)..]) : element.TextContent;
            return string.IsNullOrWhiteSpace(value) ? null : string.Join(' ', value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        }
        var title = Field("title");
        var payText = Field("pay");
        if (title is null || payText is null) yield break;
        var pay = PayText.Parse(payText);
        yield return new ScrapedPosting(Name, Field("externalId"), Field("url") ?? document.Location, Field("platform") ?? document.FolderName,
            title, Field("employmentType"), Field("remote") is { } r ? r.Contains("remote", StringComparison.OrdinalIgnoreCase) : null,
            Field("location"), null, pay.Min is null && pay.Max is null ? null : pay, payText);
    }
}
