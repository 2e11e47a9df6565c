using System.Data.Common;
using System.Collections.Concurrent;
using Microsoft.Net.Http.Headers;

namespace LaborWatch.Web;

/// <summary>
/// Rendered responses by key, kept while the data version is the same. Bounded by bytes with least-recently-
/// used eviction, so hostile queries cannot fill memory nor flush the popular pages all at once; one render
/// per key at a time, so a burst of requests for a new page draws it once. The version is checked on every
/// request through <see cref="DataVersionWatcher"/>, so a cached response costs no database work. A re-render
/// that gives the same bytes keeps its ETag and Last-Modified: they follow what is published (the release),
/// not each write to the database.
/// </summary>
public sealed class RenderCache(DatabaseFile db, long maxBytes = RenderCache.DefaultMaxBytes) : IDisposable
{
    /// <summary>A rendered response; LastModified is when these bytes were first rendered, to the second as HTTP dates are.</summary>
    public sealed record Entry(string Key, string Version, byte[] Bytes, string ETag, DateTimeOffset LastModified)
    {
        /// <summary>The HTTP date of <see cref="LastModified"/>, formatted once.</summary>
        public string LastModifiedText { get; } = HeaderUtilities.FormatDate(LastModified);

        public Representation Identity { get; } = new(Bytes, ETag, null);
        Representation? _brotli, _gzip;

        /// <summary>The bytes held: as rendered, and each compressed form made so far.</summary>
        public long Size => Bytes.Length + (_brotli?.Bytes.Length ?? 0) + (_gzip?.Bytes.Length ?? 0);

        /// <summary>Told when a compressed form is added, so the cache counts it against its bound.</summary>
        internal Action<Entry>? Grown { get; set; }

        /// <summary>
        /// The form to send for an Accept-Encoding: Brotli, else gzip, else the bytes as they are; each compressed on
        /// first use (a race compresses twice, harmlessly) and kept with the entry.
        /// </summary>
        public Representation For(Microsoft.Extensions.Primitives.StringValues acceptEncoding)
        {
            if (acceptEncoding.Count == 0) return Identity;   // most tools: no header to parse on each request
            switch (Preferred(acceptEncoding))
            {
                case "br":
                    if (_brotli is null)
                    {
                        _brotli = new(Compress(Bytes, s => new System.IO.Compression.BrotliStream(s, System.IO.Compression.CompressionLevel.Optimal)), Tagged(ETag, "br"), "br");
                        Grown?.Invoke(this);
                    }
                    return _brotli;
                case "gzip":
                    if (_gzip is null)
                    {
                        _gzip = new(Compress(Bytes, s => new System.IO.Compression.GZipStream(s, System.IO.Compression.CompressionLevel.Optimal)), Tagged(ETag, "gz"), "gzip");
                        Grown?.Invoke(this);
                    }
                    return _gzip;
                default:
                    return Identity;
            }
        }

        /// <summary>
        /// The coding chosen for an Accept-Encoding header (Brotli, else gzip, else none), parsed once per distinct header:
        /// browsers send a handful, and a cached response should not parse one each time. Bounded against made-up headers.
        /// </summary>
        static string? Preferred(Microsoft.Extensions.Primitives.StringValues header)
        {
            var text = header.Count == 1 ? header[0]! : header.ToString();
            if (Choices.TryGetValue(text, out var choice)) return choice;
            choice = Accepts(header, "br") ? "br" : Accepts(header, "gzip") ? "gzip" : null;
            if (Choices.Count >= MaxChoices) Choices.Clear();
            Choices[text] = choice;
            return choice;
        }

        const int MaxChoices = 256;
        static readonly ConcurrentDictionary<string, string?> Choices = new(StringComparer.Ordinal);

        static string Tagged(string etag, string suffix) => etag[..^1] + "-" + suffix + "\"";

        static byte[] Compress(byte[] bytes, Func<Stream, Stream> compressor)
        {
            using var buffer = new MemoryStream();
            using (var stream = compressor(buffer)) stream.Write(bytes);
            return buffer.ToArray();
        }

        /// <summary>Whether a coding is accepted: named (or *) without q=0.</summary>
        static bool Accepts(Microsoft.Extensions.Primitives.StringValues header, string coding)
        {
            if (!StringWithQualityHeaderValue.TryParseList(header, out var codings)) return false;
            // The coding's own entry decides ("br;q=0, *" refuses Brotli); "*" only speaks for codings not named.
            var named = codings.FirstOrDefault(c => c.Value.Equals(coding, StringComparison.OrdinalIgnoreCase))
                ?? codings.FirstOrDefault(c => c.Value == "*");
            return named is not null && named.Quality is not 0;
        }
    }

    /// <summary>One form of a cached response: its bytes, its ETag, and its Content-Encoding (null: as rendered).</summary>
    public sealed record Representation(byte[] Bytes, string ETag, string? Encoding);

    /// <summary>Text compresses; PNG and ZIP are compressed already.</summary>
    public static bool Compressible(string contentType) =>
        contentType.StartsWith("text/", StringComparison.Ordinal) || contentType.Contains("json", StringComparison.Ordinal) || contentType.Contains("xml", StringComparison.Ordinal);

    public const long DefaultMaxBytes = 64L * 1024 * 1024;

    readonly Lock _lock = new();
    /// <summary>An entry in the cache and the bytes counted for it (its size when last counted).</summary>
    sealed class Held(Entry entry)
    {
        public Entry Entry { get; } = entry;
        public long Counted { get; set; }
    }

    readonly Dictionary<string, LinkedListNode<Held>> _entries = [];
    readonly LinkedList<Held> _recent = new();   // most recently used first
    readonly ConcurrentDictionary<string, Lazy<Entry>> _rendering = new();
    readonly DataVersionWatcher _watcher = new(db.Path);
    long _bytes;

    public long Bytes { get { lock (_lock) return _bytes; } }
    public int Count { get { lock (_lock) return _entries.Count; } }

    public Entry Get(string key, Func<DbConnection, byte[]> render) => Get(key, (connection, _) => render(connection));

    /// <summary>As <see cref="Get(string, Func{DbConnection, byte[]})"/>, the render told the data version it draws (to <see cref="Add"/> what it drew besides).</summary>
    public Entry Get(string key, Func<DbConnection, string, byte[]> render)
    {
        var version = _watcher.Current();
        if (TryCurrent(key, version, out var hit)) return hit!;
        // One render per key and version: the others wait for it instead of drawing the same thing again.
        var flight = _rendering.GetOrAdd(key + "\n" + version, _ => new Lazy<Entry>(() => Render(key, version, hit, render)));
        try
        {
            return flight.Value;
        }
        finally
        {
            _rendering.TryRemove(new KeyValuePair<string, Lazy<Entry>>(key + "\n" + version, flight));
        }
    }

    /// <summary>The entry of a key when it is of the current data version (no render); false otherwise.</summary>
    public bool TryGetCurrent(string key, out Entry? entry) => TryCurrent(key, _watcher.Current(), out entry) && entry is not null;

    /// <summary>The entry under a key (of any version, in <paramref name="entry"/>), and whether it is of this version.</summary>
    bool TryCurrent(string key, string version, out Entry? entry)
    {
        lock (_lock)
        {
            entry = null;
            if (!_entries.TryGetValue(key, out var node)) return false;
            entry = node.Value.Entry;
            if (entry.Version != version) return false;
            _recent.Remove(node);
            _recent.AddFirst(node);
            return true;
        }
    }

    /// <summary>
    /// Bytes another render draws for a key (a page's charts, drawn with the page), kept as that key's entry of this
    /// version unless it has one already (then nothing is drawn): the request for it is served without drawing again.
    /// </summary>
    public void Add(string key, string version, Func<byte[]> draw)
    {
        if (!TryCurrent(key, version, out var previous)) Store(key, version, previous, draw());
    }

    Entry Render(string key, string version, Entry? previous, Func<DbConnection, string, byte[]> render)
    {
        byte[] bytes;
        using (var connection = db.Open()) bytes = render(connection, version);
        return Store(key, version, previous, bytes);
    }

    Entry Store(string key, string version, Entry? previous, byte[] bytes)
    {
        var etag = "\"" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes))[..32] + "\"";
        DateTimeOffset modified;
        if (previous is not null && previous.ETag == etag) modified = previous.LastModified;   // same bytes: nothing new to say
        else
        {
            // When what is published last changed (the release's cut, or the day of the newest posting observation), never
            // when this server happened to draw the bytes: a render time would tell any visitor when someone first asked.
            modified = PublishedAt(version);
            // New bytes of the same published moment (a scrape later the same day) must still look newer to If-Modified-Since.
            if (previous is not null && modified <= previous.LastModified) modified = previous.LastModified.AddSeconds(1);
        }
        var entry = new Entry(key, version, bytes, etag, modified) { Grown = Recount };
        lock (_lock)
        {
            if (_entries.Remove(key, out var old))
            {
                _recent.Remove(old);
                _bytes -= old.Value.Counted;
            }
            if (bytes.Length <= maxBytes)
            {
                _entries[key] = _recent.AddFirst(new Held(entry) { Counted = bytes.Length });
                _bytes += bytes.Length;
            }
            Evict();
        }
        return entry;
    }

    /// <summary>An entry grew a compressed form: counted against the bound like its rendered bytes (the bound is what is held).</summary>
    /// <summary>When a version's data was made public; one reference, swapped whole, since renders run side by side.</summary>
    sealed record Published(string Version, DateTimeOffset At);

    volatile Published? _published;

    /// <summary>The moment the published data of a version was made public, read once per version.</summary>
    DateTimeOffset PublishedAt(string version)
    {
        if (_published is { } known && known.Version == version) return known.At;
        using var connection = db.Open();
        var at = LaborWatch.Data.DataVersion.PublishedAt(connection);
        _published = new Published(version, at);
        return at;
    }

    void Recount(Entry entry)
    {
        lock (_lock)
        {
            if (!_entries.TryGetValue(entry.Key, out var node) || !ReferenceEquals(node.Value.Entry, entry)) return;   // evicted or replaced meanwhile
            _bytes += entry.Size - node.Value.Counted;
            node.Value.Counted = entry.Size;
            Evict();
        }
    }

    /// <summary>Least recently used first, until what is held fits the bound (under the lock).</summary>
    void Evict()
    {
        while (_bytes > maxBytes && _recent.Last is { } last)
        {
            _recent.RemoveLast();
            _entries.Remove(last.Value.Entry.Key);
            _bytes -= last.Value.Counted;
        }
    }

    public void Dispose() => _watcher.Dispose();
}
