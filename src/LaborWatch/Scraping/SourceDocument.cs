using LaborWatch.Postings;

namespace LaborWatch.Scraping;

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
