using System.Data.Common;
using System.Security.Cryptography;
using System.Text.Json;
using LaborWatch.Postings;

namespace LaborWatch.Scraping;

/// <summary>
/// `scrape --offline DIR`: reads saved pages and API answers (HTML, JSON) from a folder, recognises each by
/// its shape, and records the postings as observed on one day. A posting's identity comes from the document
/// (its source id or canonical URL), never the file's path, so a folder saved again later updates the same
/// postings. A file that cannot be read or holds no posting is recorded as an error and the rest go on.
/// Parsing runs on every core; the writes go in one transaction at the end.
/// </summary>
public static class OfflineScraper
{
    /// <summary>Files larger than this are refused unread: no saved job page comes near it.</summary>
    public const long MaxFileBytes = 20L * 1024 * 1024;

    /// <summary>
    /// Every adapter, tried in this order: the gig platforms' own feeds first (Outlier's answer looks like
    /// Greenhouse's, Alignerr's and Workable's carry a "jobs" array too: each is told apart by fields the
    /// generic boards never send), then the applicant-tracking boards, then JSON-LD pages.
    /// </summary>
    public static readonly IReadOnlyList<IPostingSource> Sources =
    [
        new Feeds.OutlierSource(), new Feeds.MercorSource(), new Feeds.Micro1Source(), new Feeds.TelusSource(),
        new Feeds.AlignerrSource(), new Feeds.ImeritSource(), new Feeds.WorkableSource(),
        new GreenhouseSource(), new AshbySource(), new LeverSource(), new JsonLdSource(),
    ];

    public static ScrapeSummary Scrape(DbConnection connection, string folder, string observedAt, Action<long, long>? progress = null,
        CssRulesSource? cssRules = null)
    {
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"{folder}: no such folder");
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetExtension(f).ToLowerInvariant() is ".html" or ".htm" or ".json")
            .Order(StringComparer.Ordinal).ToList();
        // Parse on the thread pool while this thread writes what is ready, in file order: the writer is the
        // slower side, so it must not wait for the last parse before it starts.
        var parsed = new Task<ScrapedDocument>[files.Count];
        using var gate = new SemaphoreSlim(Environment.ProcessorCount * 4);
        for (var i = 0; i < files.Count; i++)
        {
            var file = files[i];
            parsed[i] = Task.Run(async () =>
            {
                await gate.WaitAsync();
                try { return Read(folder, file, cssRules); }
                finally { gate.Release(); }
            });
        }
        // The folder is a source too: its run goes into the source health beside the live ones, so people who scrape by
        // saving pages see each folder's last run, postings and first error (named by the folder, never its full path).
        var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)));
        var url = "folder:" + name;
        var last = ShapeDrift.Before(connection, name, url);   // before the recorder's transaction opens
        var runs = new List<SourceRun>();
        return ScrapeRecorder.Record(connection, Counted(InOrder(parsed, progress), name, url, last, runs), _ => observedAt, runs);
    }

    /// <summary>The documents as they come, and, once the last has gone by, the folder's run (read by the recorder after them).</summary>
    static IEnumerable<ScrapedDocument> Counted(IEnumerable<ScrapedDocument> documents, string name, string url, ShapeDrift.LastGood? last, List<SourceRun> runs)
    {
        int count = 0, postings = 0, withPay = 0;
        string? firstError = null;
        foreach (var d in documents)
        {
            count++;
            postings += d.Postings.Count;
            withPay += ShapeDrift.WithPay(d.Postings);
            firstError ??= d.Error is null ? null : $"{d.Location}: {d.Error}";
            yield return d;
        }
        // A folder fails when it gave nothing, or drifted; a file that could not be read is listed as skipped, as ever.
        var error = count > 0 && postings == 0 ? $"no posting found in any of {count} file(s) (first: {firstError ?? "none"})" : ShapeDrift.Of(last, postings, withPay);
        runs.Add(new SourceRun(name, url, DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture), postings, error, withPay));
    }

    static IEnumerable<ScrapedDocument> InOrder(Task<ScrapedDocument>[] parsed, Action<long, long>? progress)
    {
        for (var i = 0; i < parsed.Length; i++)
        {
            yield return parsed[i].GetAwaiter().GetResult();
            if ((i + 1) % 50 == 0 || i + 1 == parsed.Length) progress?.Invoke(i + 1, parsed.Length);
        }
    }

    static ScrapedDocument Read(string root, string path, CssRulesSource? cssRules)
    {
        var location = "file:" + Path.GetRelativePath(root, path).Replace('\\', '/');
        try
        {
            var length = new FileInfo(path).Length;
            if (length > MaxFileBytes) return Failed(location, $"file is {length / 1024 / 1024} MiB, over the {MaxFileBytes / 1024 / 1024} MiB limit");
            var body = File.ReadAllBytes(path);
            var sha = Convert.ToHexStringLower(SHA256.HashData(body));
            var contentType = path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? "application/json" : "text/html";
            var document = new SourceDocument(location, contentType, body, FolderName(location));
            var postings = Extract(document, out var error, cssRules);
            // Packed here, on the parsing threads: the writer, one thread, is the slower side.
            return new ScrapedDocument(location, sha, contentType, body, postings, error, FolderName(location))
                { Packed = error is null ? LaborWatch.Postings.RawBodies.Pack(body) : null };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Failed(location, $"cannot read: {e.Message}");
        }
    }

    /// <summary>A reader by its name ("ashby", "greenhouse", "outlier"...), as a source names it; null when there is none.</summary>
    public static IPostingSource? Reader(string name) => Sources.FirstOrDefault(s => s.Name == name);

    /// <summary>Every reader that claims a document (its <see cref="IPostingSource.Recognises"/> says yes), in order.</summary>
    public static IReadOnlyList<IPostingSource> Claimants(SourceDocument document, JsonElement? root, CssRulesSource? cssRules = null) =>
        Sources.Append(cssRules).OfType<IPostingSource>().Where(s => s.Recognises(document, root)).ToList();

    /// <summary>The postings in one document, or why there are none.</summary>
    /// <param name="reader">
    /// the reader the source names: it alone reads the document, claimed or not, so a feed whose shape changed reads as
    /// nothing from its own reader (an alarm) rather than as something from another. Null: the readers that claim the
    /// document each read it, and the one that finds the most postings with pay wins.
    /// </param>
    public static List<ScrapedPosting> Extract(SourceDocument document, out string? error, CssRulesSource? cssRules = null, IPostingSource? reader = null)
    {
        error = null;
        JsonDocument? json = null;
        try
        {
            var body = document.Body.AsSpan();
            if (body.StartsWith(System.Text.Encoding.UTF8.Preamble)) body = body[3..];
            var first = body.TrimStart(" \t\r\n"u8) is { Length: > 0 } rest ? rest[0] : (byte)0;
            if (document.ContentType?.Contains("json") == true || first is (byte)'{' or (byte)'[')
            {
                // JsonDocument checks UTF-8 only when a string is read, then throws (found by fuzzing): a stray byte
                // that is not UTF-8 becomes U+FFFD, as a browser shows it, and the rest of the feed is read.
                var bytes = document.Body.AsMemory().TrimStart(System.Text.Encoding.UTF8.Preamble);
                if (!System.Text.Unicode.Utf8.IsValid(bytes.Span)) bytes = System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(bytes.Span));
                try { json = JsonDocument.Parse(bytes); }
                catch (JsonException e)
                {
                    error = $"broken JSON: {e.Message}";
                    return [];
                }
            }
            var root = json?.RootElement;
            if (reader is not null)
            {
                var read = ReadWith(reader, document, root, out error);
                if (error is null && read.Count == 0)
                    error = Records(root) is var records and > 0
                        ? $"the answer had {records} record(s), and its reader ({reader.Name}) read 0: the feed's shape may have changed"
                        : $"no job posting found ({reader.Name})";
                return read;
            }
            // CSS rules are the last resort: structured data first.
            var claimants = Claimants(document, root, cssRules);
            if (claimants.Count == 0)
            {
                error = json is null ? "no job posting found (no schema.org JobPosting JSON-LD; --rules reads plain HTML)" : $"JSON of an unknown shape (not {string.Join(", ", Sources.Select(x => x.Name).Where(n => n != "jsonld"))})";
                return [];
            }
            // Every claimant reads; the most postings with pay, then the most postings, then the first in order wins.
            var readings = claimants.Select(c => (Reader: c, Postings: ReadWith(c, document, root, out var e), Error: e)).ToList();
            var best = readings.OrderByDescending(r => r.Postings.Count(p => p.Pay is { Min: not null })).ThenByDescending(r => r.Postings.Count).First();
            error = best.Error;
            if (error is null && best.Postings.Count == 0)
                error = $"no job posting found ({string.Join(", ", claimants.Select(c => c.Name))})";
            return best.Postings;
        }
        finally
        {
            json?.Dispose();
        }
    }

    static List<ScrapedPosting> ReadWith(IPostingSource source, SourceDocument document, JsonElement? root, out string? error)
    {
        error = null;
        try { return source.Read(document, root).Where(p => !string.IsNullOrWhiteSpace(p.Url)).ToList(); }
        catch (Exception e) when (e is FormatException or InvalidOperationException or KeyNotFoundException or OverflowException or ArgumentException or IndexOutOfRangeException or NullReferenceException)
        {
            // A shape no adapter foresaw is this document's error (kept with its bytes), never the end of the whole run.
            error = $"{source.Name}: could not read this document ({e.GetType().Name}: {e.Message})";
            return [];
        }
    }

    /// <summary>
    /// How many records a JSON answer holds, by its largest array of objects within three levels ("jobs", "data.items"...):
    /// what a reader that read nothing should have found. 0 for HTML and for answers with no such array.
    /// </summary>
    public static int Records(JsonElement? root)
    {
        static int Largest(JsonElement e, int depth) => e.ValueKind switch
        {
            JsonValueKind.Array => Math.Max(e.EnumerateArray().Count(x => x.ValueKind == JsonValueKind.Object),
                depth > 0 ? e.EnumerateArray().Take(3).Select(x => Largest(x, depth - 1)).DefaultIfEmpty(0).Max() : 0),
            JsonValueKind.Object when depth > 0 => e.EnumerateObject().Select(p => Largest(p.Value, depth - 1)).DefaultIfEmpty(0).Max(),
            _ => 0,
        };
        return root is { } r ? Largest(r, 3) : 0;
    }

    static ScrapedDocument Failed(string location, string error) => new(location, "", null, [], [], error, null);

    /// <summary>The folder a saved file sits in: the platform, when the document does not name it.</summary>
    static string? FolderName(string location)
    {
        var parts = location["file:".Length..].Split('/');
        return parts.Length >= 2 ? parts[^2] : null;
    }
}
