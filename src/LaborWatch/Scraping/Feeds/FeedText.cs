using System.Net;
using System.Text.Json;
using AngleSharp.Html.Parser;
using LaborWatch.Pay;

namespace LaborWatch.Scraping.Feeds;

/// <summary>What the gig-platform feeds share: descriptions as plain text, pay from text, the first of several field names.</summary>
static class FeedText
{
    /// <summary>HTML (possibly entity-encoded, as some feeds send it) as the text a reader sees.</summary>
    public static string? Plain(string? html)
    {
        if (string.IsNullOrWhiteSpace(html)) return null;
        var decoded = html.Contains("&lt;", StringComparison.Ordinal) ? WebUtility.HtmlDecode(html) : html;
        return decoded.Contains('<') ? new HtmlParser().ParseDocument(decoded).Body?.TextContent ?? decoded : decoded;
    }

    /// <summary>Pay read from text, only when the text gives an amount.</summary>
    public static PayParse? PayIn(string? text) =>
        text is not null && PayText.Parse(text) is { } parsed && (parsed.Min ?? parsed.Max) is not null ? parsed : null;

    /// <summary>The first of these fields the object has (feeds rename fields between versions).</summary>
    public static string? First(JsonElement e, params string[] names) =>
        names.Select(n => e.Str(n)).FirstOrDefault(v => v is not null);

    /// <summary>A date-time's day, as the store keeps posting dates.</summary>
    public static string? Day(string? timestamp) => timestamp is { Length: >= 10 } t && t[4] == '-' ? t[..10] : null;
}
