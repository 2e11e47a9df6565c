using LaborWatch.Pay;

namespace LaborWatch.Postings;

/// <summary>One job posting as a source adapter read it, before it is stored with its history.</summary>
public sealed record ScrapedPosting(
    string Source, string? ExternalId, string Url, string? Platform, string? Title, string? EmploymentType,
    bool? Remote, string? Location, string? PostedDate, PayParse? Pay, string? PayText)
{
    /// <summary>One posting per (source, external id), else per canonical URL.</summary>
    public string Identity => ExternalId is { Length: > 0 } id ? $"{Source}:{id}" : $"url:{CanonicalUrl(Url)}";

    /// <summary>The URL without fragment, tracking parameters or a trailing slash, scheme and host in lower case.</summary>
    public static string CanonicalUrl(string url)
    {
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri)) return url.Trim();
        var query = string.Join('&', uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(p => !p.StartsWith("utm_", StringComparison.OrdinalIgnoreCase) && !p.StartsWith("gh_src", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal));
        var path = uri.AbsolutePath.Length > 1 ? uri.AbsolutePath.TrimEnd('/') : uri.AbsolutePath;
        return $"{uri.Scheme.ToLowerInvariant()}://{uri.Host.ToLowerInvariant()}{(uri.IsDefaultPort ? "" : ":" + uri.Port)}{path}{(query.Length > 0 ? "?" + query : "")}";
    }
}
