using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace LaborWatch.Scraping;

/// <summary>
/// `scrape --sources FILE.json`: fetches each source URL through the polite <see cref="Fetcher"/> (hosts in
/// parallel, one request at a time per host) and records what it finds like an offline scrape. The file:
/// <c>{"sources": [{"platform": "…", "url": "https://…"}], "delaySeconds": 2, "allowPrivateAddresses": false}</c>.
/// </summary>
public static class LiveScraper
{
    public sealed record Source(string? Platform, Uri Url);

    public static (List<Source> Sources, FetchOptions Options) ReadSources(string path)
    {
        JsonDocument json;
        try { json = JsonDocument.Parse(File.ReadAllText(path)); }
        catch (JsonException e) { throw new InvalidDataException($"{path}: broken JSON: {e.Message}"); }
        using (json)
        {
            var root = json.RootElement;
            var sources = new List<Source>();
            var i = 0;
            foreach (var s in root.Items("sources"))
            {
                i++;
                if (s.Str("url") is not { } url || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                    throw new InvalidDataException($"{path}: sources[{i}]: 'url' must be an absolute http(s) URL");
                sources.Add(new Source(s.Str("platform"), uri));
            }
            if (sources.Count == 0) throw new InvalidDataException($"{path}: no sources (expected {{\"sources\": [{{\"platform\": ..., \"url\": ...}}]}})");
            var options = new FetchOptions
            {
                DelayPerHost = root.Num("delaySeconds") is { } d ? TimeSpan.FromSeconds((double)d) : new FetchOptions().DelayPerHost,
                AllowPrivateAddresses = root.Get("allowPrivateAddresses")?.ValueKind == JsonValueKind.True,
            };
            return (sources, options);
        }
    }

    public static async Task<ScrapeSummary> ScrapeAsync(SqliteConnection connection, IReadOnlyList<Source> sources, FetchOptions options,
        string observedAt, Action<long, long>? progress = null, CancellationToken cancel = default)
    {
        using var fetcher = new Fetcher(options);
        var documents = new ScrapedDocument[sources.Count];
        var done = 0;
        await Task.WhenAll(sources.Select((s, i) => (s, i)).GroupBy(x => x.s.Url.GetLeftPart(UriPartial.Authority)).Select(async host =>
        {
            foreach (var (source, i) in host)
            {
                documents[i] = await Fetch(fetcher, source, cancel);
                progress?.Invoke(Interlocked.Increment(ref done), sources.Count);
            }
        }));
        return ScrapeRecorder.Record(connection, documents, observedAt);
    }

    static async Task<ScrapedDocument> Fetch(Fetcher fetcher, Source source, CancellationToken cancel)
    {
        var location = source.Url.AbsoluteUri;
        var result = await fetcher.FetchAsync(source.Url, cancel);
        if (!result.Ok) return new ScrapedDocument(location, "", null, [], [], result.Error, source.Platform);
        var body = result.Body!;
        var document = new SourceDocument(result.FinalUrl.AbsoluteUri, result.ContentType, body, source.Platform);
        var postings = OfflineScraper.Extract(document, out var error);
        return new ScrapedDocument(location, Convert.ToHexStringLower(SHA256.HashData(body)), result.ContentType, body, postings, error, source.Platform);
    }
}
