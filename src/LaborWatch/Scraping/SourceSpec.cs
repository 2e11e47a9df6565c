using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LaborWatch.Scraping;

/// <summary>
/// How to ask one source for its postings, as a sources file gives it:
/// <code>
/// {"platform": "P", "parent": "Company", "url": "https://…", "method": "POST", "body": {…}, "headers": {"Origin": "…"},
///  "paging": {"kind": "page|offset|cursor", "param": "page", "in": "query|body", "start": 1, "size": 100,
///             "sizeParam": "limit", "maxPages": 20, "cursorField": "nextPage"},
///  "detail": {"url": "https://…/jobs/{id}?pay_transparency=true", "max": 50}}
/// </code>
/// Pages stop at the first empty one, at maxPages, when a cursor runs out, or when an answer repeats the last.
/// The detail request runs for each posting (up to max a run) whose list entry has no pay.
/// </summary>
public sealed record SourceSpec(string Platform, string? Parent, Uri Url, string Method, JsonNode? Body,
    IReadOnlyDictionary<string, string>? Headers, SourceSpec.PagingRule? Paging, SourceSpec.DetailRule? Detail)
{
    public sealed record PagingRule(string Kind, string Param, bool InBody, int Start, int Size, string? SizeParam, int MaxPages, string? CursorField);

    public sealed record DetailRule(string UrlTemplate, int Max)
    {
        public Uri For(string id) => new(UrlTemplate.Replace("{id}", Uri.EscapeDataString(id), StringComparison.Ordinal));
    }

    /// <summary>The most pages any source may ask for in one run, whatever its file says.</summary>
    public const int PageCap = 100;

    public SourceSpec(string platform, Uri url) : this(platform, null, url, "GET", null, null, null, null) { }

    /// <summary>
    /// The reader of this source's answers ("ashby", "greenhouse", "outlier"...): live scraping uses it and no other, so a
    /// feed whose shape changes is an error of its own reader, never a silent misreading by another. Null: the readers
    /// that claim an answer compete (as for saved pages).
    /// </summary>
    public string? Reader { get; init; }

    public bool Matches(string slug) => Contracts.ContractValidator.Slug(Platform) == slug || Parent is { } p && Contracts.ContractValidator.Slug(p) == slug;

    /// <summary>The request for page <paramref name="page"/> (0-based), with the cursor of the page before for cursor paging.</summary>
    public FetchRequest Request(int page, string? cursor)
    {
        var url = Url;
        var body = Body?.DeepClone();
        if (Paging is { } p && (p.Kind != "cursor" || cursor is not null))
        {
            string value = p.Kind switch
            {
                "page" => (p.Start + page).ToString(CultureInfo.InvariantCulture),
                "offset" => (p.Start + page * p.Size).ToString(CultureInfo.InvariantCulture),
                _ => cursor!,
            };
            var values = new List<(string Name, string Value)> { (p.Param, value) };
            if (p.SizeParam is not null) values.Add((p.SizeParam, p.Size.ToString(CultureInfo.InvariantCulture)));
            foreach (var (name, v) in values)
            {
                if (p.InBody)
                {
                    body ??= new JsonObject();
                    // Numbers stay numbers in a JSON body ({"page": 2}); a cursor stays a string.
                    body[name] = long.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && p.Kind != "cursor" ? n : v;
                }
                else url = WithQuery(url, name, v);
            }
        }
        var bytes = body is null ? Method == "POST" ? "{}"u8.ToArray() : null : Encoding.UTF8.GetBytes(body.ToJsonString());
        return new FetchRequest(url, Method, bytes, bytes is null ? null : "application/json", Headers);
    }

    static Uri WithQuery(Uri url, string name, string value)
    {
        var builder = new UriBuilder(url);
        var parts = builder.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(q => !q.StartsWith(Uri.EscapeDataString(name) + "=", StringComparison.Ordinal)).ToList();
        parts.Add(Uri.EscapeDataString(name) + "=" + Uri.EscapeDataString(value));
        builder.Query = string.Join('&', parts);
        return builder.Uri;
    }

    /// <summary>Reads one source of a sources file; errors name the source and the field.</summary>
    public static SourceSpec Read(JsonElement s, string where)
    {
        if (s.Str("url") is not { } url || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new InvalidDataException($"{where}: 'url' must be an absolute http(s) URL");
        var method = (s.Str("method") ?? "GET").ToUpperInvariant();
        if (method is not ("GET" or "POST")) throw new InvalidDataException($"{where}: 'method' must be GET or POST, not '{method}'");
        JsonNode? body = s.Get("body") is { } b ? JsonNode.Parse(b.GetRawText()) : null;
        if (body is not null && method == "GET") throw new InvalidDataException($"{where}: a 'body' needs \"method\": \"POST\"");
        Dictionary<string, string>? headers = null;
        if (s.Get("headers") is { } h)
        {
            if (h.ValueKind != JsonValueKind.Object) throw new InvalidDataException($"{where}: 'headers' must be an object of strings");
            headers = h.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()!
                : throw new InvalidDataException($"{where}: headers.{p.Name} must be a string"));
        }
        PagingRule? paging = null;
        if (s.Get("paging") is { } p)
        {
            var kind = p.Str("kind") ?? "page";
            if (kind is not ("page" or "offset" or "cursor")) throw new InvalidDataException($"{where}: paging.kind must be page, offset or cursor, not '{kind}'");
            var inBody = (p.Str("in") ?? "query") switch
            {
                "query" => false,
                "body" => true,
                var other => throw new InvalidDataException($"{where}: paging.in must be query or body, not '{other}'"),
            };
            if (inBody && method != "POST") throw new InvalidDataException($"{where}: paging in the body needs \"method\": \"POST\"");
            var maxPages = (int)(p.Num("maxPages") ?? 20);
            if (maxPages is < 1 or > PageCap) throw new InvalidDataException($"{where}: paging.maxPages must be 1 to {PageCap}");
            paging = new PagingRule(kind, p.Str("param") ?? (kind == "offset" ? "offset" : kind == "cursor" ? "token" : "page"), inBody,
                (int)(p.Num("start") ?? (kind == "page" ? 1 : 0)), (int)(p.Num("size") ?? 100), p.Str("sizeParam"), maxPages, p.Str("cursorField"));
        }
        DetailRule? detail = null;
        if (s.Get("detail") is { } d)
        {
            if (d.Str("url") is not { } template || !template.Contains("{id}", StringComparison.Ordinal) || !Uri.TryCreate(template.Replace("{id}", "1"), UriKind.Absolute, out _))
                throw new InvalidDataException($"{where}: detail.url must be an absolute URL with {{id}} in it");
            detail = new DetailRule(template, (int)Math.Clamp(d.Num("max") ?? 50, 0, 500));
        }
        var reader = s.Str("reader");
        if (reader is not null && OfflineScraper.Reader(reader) is null)
            throw new InvalidDataException($"{where}: 'reader' must be one of {string.Join(", ", OfflineScraper.Sources.Select(r => r.Name))}, not '{reader}'");
        return new SourceSpec(s.Str("platform") ?? uri.Host, s.Str("parent"), uri, method, body, headers, paging, detail) { Reader = reader };
    }
}
