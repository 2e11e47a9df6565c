using System.Data.Common;
using System.Security.Cryptography;
using System.Text.Json;
using LaborWatch.Data;

namespace LaborWatch.Scraping;

/// <summary>
/// `scrape --sources [FILE.json]`: asks each source the way it must be asked (<see cref="SourceSpec"/>: GET or a
/// POST with a JSON body, headers, pages, a detail request per posting where the list lacks pay) through the
/// polite <see cref="Fetcher"/> (hosts in parallel, one request at a time per host), and records every answer
/// like an offline scrape. Without a file it reads the shipped catalog, data/sources/sources.json.
/// </summary>
public static class LiveScraper
{
    public const string CatalogName = "sources.json";

    /// <summary>The shipped catalog: data/sources/sources.json next to the program or above the working folder.</summary>
    public static string? CatalogPath()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "data", "sources", CatalogName))) return Path.Combine(dir.FullName, "data", "sources", CatalogName);
        return null;
    }

    /// <summary>The sources of a file, only those of <paramref name="platforms"/> when given (by name or slug, or by parent company).</summary>
    public static (List<SourceSpec> Sources, FetchOptions Options) ReadSources(string path, IReadOnlyCollection<string>? platforms = null)
    {
        JsonDocument json;
        try { json = JsonDocument.Parse(File.ReadAllText(path)); }
        catch (JsonException e) { throw new InvalidDataException($"{path}: broken JSON: {e.Message}"); }
        using (json)
        {
            var root = json.RootElement;
            var sources = root.Items("sources").Select((s, i) => SourceSpec.Read(s, $"{path}: sources[{i + 1}]")).ToList();
            if (sources.Count == 0) throw new InvalidDataException($"{path}: no sources (expected {{\"sources\": [{{\"platform\": ..., \"url\": ...}}]}})");
            if (platforms is { Count: > 0 })
            {
                var wanted = platforms.Select(Contracts.ContractValidator.Slug).ToHashSet();
                var unknown = wanted.Where(w => !sources.Any(s => s.Matches(w))).ToList();
                if (unknown.Count > 0)
                    throw new ArgumentException($"--platform: no source for {string.Join(", ", unknown)} in {path} (platforms: {string.Join(", ", sources.Select(s => s.Platform).Distinct())})");
                sources = sources.Where(s => wanted.Any(s.Matches)).ToList();
            }
            var options = new FetchOptions
            {
                DelayPerHost = root.Num("delaySeconds") is { } d ? TimeSpan.FromSeconds((double)d) : new FetchOptions().DelayPerHost,
                AllowPrivateAddresses = root.Get("allowPrivateAddresses")?.ValueKind == JsonValueKind.True,
            };
            return (sources, options);
        }
    }

    public static async Task<ScrapeSummary> ScrapeAsync(DbConnection connection, IReadOnlyList<SourceSpec> sources, FetchOptions options,
        string observedAt, Action<long, long>? progress = null, CancellationToken cancel = default)
    {
        using var fetcher = new Fetcher(options);
        var documents = new List<ScrapedDocument>[sources.Count];
        var done = 0;
        await Task.WhenAll(sources.Select((s, i) => (s, i)).GroupBy(x => x.s.Url.GetLeftPart(UriPartial.Authority)).Select(async host =>
        {
            foreach (var (source, i) in host)
            {
                documents[i] = await FetchSource(fetcher, source, cancel);
                progress?.Invoke(Interlocked.Increment(ref done), sources.Count);
            }
        }));
        var runAt = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var runs = sources.Select((s, i) =>
        {
            var postings = documents[i].Sum(d => d.Postings.Count);
            var withPay = documents[i].Sum(d => ShapeDrift.WithPay(d.Postings));
            var error = documents[i].Select(d => d.Error).FirstOrDefault(e => e is not null)
                ?? ShapeDrift.Of(connection, s.Platform, s.Url.AbsoluteUri, postings, withPay);
            return new SourceRun(s.Platform, s.Url.AbsoluteUri, runAt, postings, error, withPay);
        }).ToList();
        return ScrapeRecorder.Record(connection, documents.SelectMany(d => d), _ => observedAt, runs);
    }

    /// <summary>The newest failed source runs, newest first: what /postings/sources.atom lists.</summary>
    public static List<SourceRun> Errors(DbConnection connection, int limit) => Dapper.SqlMapper.Query<ErrorRow>(connection,
        "SELECT platform AS Platform, url AS Url, run_at AS RunAt, postings AS Postings, error AS Error, coalesce(with_pay, 0) AS WithPay FROM source_runs WHERE error IS NOT NULL ORDER BY run_at DESC, id DESC LIMIT @limit",
        new { limit }).Select(r => new SourceRun(r.Platform, r.Url, r.RunAt, (int)r.Postings, r.Error, (int)r.WithPay)).ToList();

    sealed class ErrorRow
    {
        public string Platform { get; set; } = "";
        public string Url { get; set; } = "";
        public string RunAt { get; set; } = "";
        public long Postings { get; set; }
        public string? Error { get; set; }
        public long WithPay { get; set; }
    }

    /// <summary>Each source's health: its last run, last success, postings of the last run, and its last error.</summary>
    public sealed record SourceHealth(string Platform, string Url, string LastRun, string? LastSuccess, int LastPostings, string? LastError, string? LastErrorAt);

    // Read into a settable class: with no row, Microsoft.Data.Sqlite types aggregate columns as BLOB, and a
    // record's constructor then matches nothing (the empty review queue had the same 500).
    sealed class HealthRow
    {
        public string Platform { get; set; } = "";
        public string Url { get; set; } = "";
        public string LastRun { get; set; } = "";
        public string? LastSuccess { get; set; }
        public long LastPostings { get; set; }
        public string? LastError { get; set; }
        public string? LastErrorAt { get; set; }
    }

    public static List<SourceHealth> Health(DbConnection connection) => Dapper.SqlMapper.Query<HealthRow>(connection, $"""
        SELECT r.platform AS Platform, r.url AS Url, max(r.run_at) AS LastRun,
               (SELECT max(s.run_at) FROM source_runs s WHERE s.platform = r.platform AND s.url = r.url AND s.error IS NULL) AS LastSuccess,
               (SELECT s.postings FROM source_runs s WHERE s.platform = r.platform AND s.url = r.url ORDER BY s.run_at DESC, s.id DESC LIMIT 1) AS LastPostings,
               (SELECT s.error FROM source_runs s WHERE s.platform = r.platform AND s.url = r.url AND s.error IS NOT NULL ORDER BY s.run_at DESC, s.id DESC LIMIT 1) AS LastError,
               (SELECT max(s.run_at) FROM source_runs s WHERE s.platform = r.platform AND s.url = r.url AND s.error IS NOT NULL) AS LastErrorAt
        FROM source_runs r GROUP BY r.platform, r.url ORDER BY r.platform{connection.Bytewise()}, r.url{connection.Bytewise()}
        """).Select(h => new SourceHealth(h.Platform, h.Url, h.LastRun, h.LastSuccess, (int)h.LastPostings, h.LastError, h.LastErrorAt)).ToList();

    /// <summary>Every page of a source, then its detail requests: each answer a document of its own, recorded with its bytes.</summary>
    static async Task<List<ScrapedDocument>> FetchSource(Fetcher fetcher, SourceSpec source, CancellationToken cancel)
    {
        var documents = new List<ScrapedDocument>();
        string? cursor = null, previousSha = null;
        var pages = source.Paging?.MaxPages ?? 1;
        for (var page = 0; page < pages; page++)
        {
            var request = source.Request(page, cursor);
            var (document, root) = await Fetch(fetcher, request, source, cancel, emptyIsEnd: page > 0, keepJson: source.Paging?.Kind == "cursor");
            using (root)
            {
                if (document.Sha256 == previousSha) break;   // the same answer again: the source ignores our paging
                documents.Add(document);
                previousSha = document.Sha256;
                if (document.Error is not null || document.Postings.Count == 0 || source.Paging is null) break;
                if (source.Paging.Kind == "cursor")
                {
                    cursor = root?.RootElement.Str(source.Paging.CursorField ?? "nextPage");
                    if (cursor is null) break;
                }
            }
        }
        if (source.Detail is { } detail)
        {
            var lacking = documents.SelectMany(d => d.Postings)
                .Where(p => p.ExternalId is not null && (p.Pay is null || (p.Pay.Min ?? p.Pay.Max) is null))
                .Select(p => p.ExternalId!).Distinct().Take(detail.Max).ToList();
            foreach (var id in lacking)
                documents.Add((await Fetch(fetcher, new FetchRequest(detail.For(id), Headers: source.Headers), source, cancel, emptyIsEnd: false, keepJson: false)).Document);
        }
        return documents;
    }

    /// <param name="keepJson">parse the answer again for the caller (cursor paging reads the next cursor from it)</param>
    static async Task<(ScrapedDocument Document, JsonDocument? Root)> Fetch(Fetcher fetcher, FetchRequest request, SourceSpec source, CancellationToken cancel, bool emptyIsEnd, bool keepJson)
    {
        var platform = source.Platform;
        var location = (request.Method == "GET" ? "" : request.Method + " ") + request.Url.AbsoluteUri;
        var result = await fetcher.FetchAsync(request, cancel);
        if (!result.Ok) return (new ScrapedDocument(location, "", null, [], [], result.Error, platform), null);
        var body = result.Body!;
        var document = new SourceDocument(result.FinalUrl.AbsoluteUri, result.ContentType, body, platform);
        // The source's platform names its postings: the catalog is curated, while a document's own name varies
        // (Greenhouse's company_name for an AI-trainer board is the agency's legal name).
        var reader = source.Reader is { } name ? OfflineScraper.Reader(name) : null;
        var postings = OfflineScraper.Extract(document, out var error, reader: reader).Select(p => platform is null ? p : p with { Platform = platform }).ToList();
        // A page past the first with nothing on it is the end of the list, not an error; its bytes are kept all the same.
        if (emptyIsEnd && postings.Count == 0) error = null;
        JsonDocument? root = null;
        if (keepJson) try { root = JsonDocument.Parse(body); } catch (JsonException) { }
        return (new ScrapedDocument(location, Convert.ToHexStringLower(SHA256.HashData(body)), result.ContentType, body, postings, error, platform), root);
    }
}
