using LaborWatch.Pay;

namespace LaborWatch.Scraping;

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

/// <summary>A saved or fetched document: where it came from and its bytes.</summary>
public sealed record SourceDocument(string Location, string? ContentType, byte[] Body, string? FolderName)
{
    /// <summary>
    /// The body as text, decoded once. Prefer <see cref="Body"/> where bytes will do: a page of 60 KB decodes to
    /// a string on the large-object heap, and decoding each of 2,000 pages three times kept the GC busier than
    /// the parser.
    /// </summary>
    public string Text => field ??= System.Text.Encoding.UTF8.GetString(Body);

    public Stream Open() => new MemoryStream(Body, writable: false);
}

/// <summary>Reads postings out of one kind of document (a posting page, an applicant-tracking API answer).</summary>
public interface IPostingSource
{
    string Name { get; }

    /// <summary>Whether the document has this source's shape; cheap, it runs on every document.</summary>
    bool Recognises(SourceDocument document, System.Text.Json.JsonElement? json);

    IEnumerable<ScrapedPosting> Read(SourceDocument document, System.Text.Json.JsonElement? json);
}
