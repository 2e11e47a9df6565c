using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;

namespace LaborWatch.Scraping;

public sealed record FetchOptions
{
    public const string ProductToken = "LaborWatch";

    public string UserAgent { get; init; } = $"{ProductToken}/0.1 (labor research on AI-training gig work; respects robots.txt)";
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(20);
    /// <summary>The pause between two requests to one host, unless robots.txt asks for more (Crawl-delay).</summary>
    public TimeSpan DelayPerHost { get; init; } = TimeSpan.FromSeconds(2);
    public int MaxRedirects { get; init; } = 5;
    /// <summary>The most bytes read from one response, counted after decompression while reading.</summary>
    public long MaxBytes { get; init; } = 10L * 1024 * 1024;
    public int Retries { get; init; } = 3;
    /// <summary>The longest wait for a Retry-After or a backoff.</summary>
    public TimeSpan MaxRetryWait { get; init; } = TimeSpan.FromSeconds(60);
    public TimeSpan RobotsCacheFor { get; init; } = TimeSpan.FromHours(24);
    /// <summary>Private, loopback and link-local addresses are refused unless set (for tests against a local server).</summary>
    public bool AllowPrivateAddresses { get; init; }
}

/// <summary>
/// One request: GET, or a POST with a body (the gig feeds answer a POST with JSON). Headers are the source's
/// own (Origin, Accept); the User-Agent is always ours.
/// </summary>
public sealed record FetchRequest(Uri Url, string Method = "GET", byte[]? Body = null, string? ContentType = null,
    IReadOnlyDictionary<string, string>? Headers = null)
{
    public static implicit operator FetchRequest(Uri url) => new(url);
}

public sealed record FetchResult(Uri Url, Uri FinalUrl, int Status, string? ContentType, byte[]? Body, string? Error)
{
    public bool Ok => Error is null && Body is not null;
}

/// <summary>
/// Fetches pages politely and safely (docs/scraping.md): robots.txt per RFC 9309 (a 5xx or unreachable
/// robots.txt disallows everything, a 4xx allows everything; cached 24 h) and its Crawl-delay; one request at
/// a time per host with a pause between; a timeout; retries with backoff on 429 and 503 honouring
/// Retry-After; a cap on decompressed bytes counted while reading; at most 5 redirects, http(s) only; no
/// private or loopback targets unless configured; a descriptive User-Agent. A failure is a result with an
/// error, never an exception, so one bad URL never stops a scrape.
/// </summary>
public sealed class Fetcher : IDisposable
{
    readonly FetchOptions _options;
    readonly HttpClient _http;
    readonly ConcurrentDictionary<string, SemaphoreSlim> _hostLocks = new();
    readonly ConcurrentDictionary<string, DateTime> _lastRequest = new();
    readonly ConcurrentDictionary<string, (Robots Robots, DateTime Until)> _robots = new();

    public Fetcher(FetchOptions? options = null)
    {
        _options = options ?? new FetchOptions();
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,   // followed by hand: each hop is checked (scheme, address, robots, count)
            AutomaticDecompression = DecompressionMethods.All,
            ConnectTimeout = _options.Timeout,
            ConnectCallback = ConnectCheckedAsync,
        };
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd(_options.UserAgent);
    }

    /// <summary>
    /// Every rule applies to every request, POST included: robots.txt on the path, the host's turn and delay,
    /// the address check, the size cap. A 303, or a 301/302 answer to a POST, goes on as a GET without the body
    /// (as browsers do); 307 and 308 repeat the request as it was.
    /// </summary>
    public async Task<FetchResult> FetchAsync(FetchRequest request, CancellationToken cancel = default)
    {
        var url = request.Url;
        var current = url;
        var seen = new HashSet<string>();
        for (var hop = 0; ; hop++)
        {
            if (current.Scheme is not ("http" or "https")) return Fail(url, current, $"refused: {current.Scheme} is not http(s)");
            if (!seen.Add(current.AbsoluteUri)) return Fail(url, current, "redirect loop");
            if (hop > _options.MaxRedirects) return Fail(url, current, $"more than {_options.MaxRedirects} redirects");
            if (await RefusedTarget(current, cancel) is { } refused) return Fail(url, current, refused);
            if (!(await RobotsFor(current, cancel)).Allows(current.PathAndQuery)) return Fail(url, current, "disallowed by robots.txt");

            var (result, status, location, error) = await SendWithRetries(request with { Url = current }, cancel);
            if (status is 301 or 302 or 303 or 307 or 308)
            {
                if (location is null) return Fail(url, current, $"HTTP {status} without a Location", status);
                current = new Uri(current, location);
                if (status == 303 || status is 301 or 302 && request.Method != "GET") request = new FetchRequest(current, Headers: request.Headers);
                continue;
            }
            if (error is not null) return result with { Url = url, FinalUrl = current, Body = null, Error = error };
            return result with { Url = url, FinalUrl = current };
        }
    }

    async Task<(FetchResult Result, int Status, string? Location, string? Error)> SendWithRetries(FetchRequest request, CancellationToken cancel)
    {
        for (var attempt = 0; ; attempt++)
        {
            var (result, status, location, retryAfter) = await SendPolitely(request, cancel);
            var retriable = status is 429 or 503;
            if (!retriable || attempt >= _options.Retries)
                return (result, status, location, result.Error ?? (status >= 400 ? $"HTTP {status}" + (retriable ? $" after {attempt + 1} attempts" : "") : null));
            var backoff = TimeSpan.FromSeconds(Math.Pow(2, attempt));
            var wait = retryAfter ?? backoff;
            await Task.Delay(wait < _options.MaxRetryWait ? wait : _options.MaxRetryWait, cancel);
        }
    }

    /// <summary>One request, after waiting for the host's turn (one at a time per host, with a pause between).</summary>
    async Task<(FetchResult Result, int Status, string? Location, TimeSpan? RetryAfter)> SendPolitely(FetchRequest request, CancellationToken cancel)
    {
        var url = request.Url;
        var host = url.GetLeftPart(UriPartial.Authority);
        var gate = _hostLocks.GetOrAdd(host, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancel);
        try
        {
            var delay = _robots.TryGetValue(host, out var r) && r.Robots.CrawlDelay is { } crawl && crawl > _options.DelayPerHost ? crawl : _options.DelayPerHost;
            if (_lastRequest.TryGetValue(host, out var last) && DateTime.UtcNow - last < delay)
                await Task.Delay(delay - (DateTime.UtcNow - last), cancel);
            try
            {
                return await Send(request, cancel);
            }
            finally
            {
                _lastRequest[host] = DateTime.UtcNow;
            }
        }
        finally
        {
            gate.Release();
        }
    }

    async Task<(FetchResult Result, int Status, string? Location, TimeSpan? RetryAfter)> Send(FetchRequest request, CancellationToken cancel)
    {
        var url = request.Url;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        timeout.CancelAfter(_options.Timeout);
        try
        {
            using var message = new HttpRequestMessage(new HttpMethod(request.Method), url);
            if (request.Body is { } sent)
            {
                message.Content = new ByteArrayContent(sent);
                message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(request.ContentType ?? "application/json");
            }
            foreach (var (name, value) in request.Headers ?? new Dictionary<string, string>())
                if (!name.Equals("User-Agent", StringComparison.OrdinalIgnoreCase)) message.Headers.TryAddWithoutValidation(name, value);
            using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var status = (int)response.StatusCode;
            var contentType = response.Content.Headers.ContentType?.ToString();
            var location = response.Headers.Location?.OriginalString;
            var retryAfter = RetryAfter(response.Headers.RetryAfter);
            if (status is >= 300 and < 400 || status >= 400)
                return (new FetchResult(url, url, status, contentType, null, null), status, location, retryAfter);
            if (response.Content.Headers.ContentLength > _options.MaxBytes)
                return (Fail(url, url, $"response of {response.Content.Headers.ContentLength} bytes is over the {_options.MaxBytes} byte limit", status), status, null, null);
            var body = await ReadCapped(await response.Content.ReadAsStreamAsync(timeout.Token), timeout.Token);
            return body is null
                ? (Fail(url, url, $"response over the {_options.MaxBytes} byte limit once decompressed", status), status, null, null)
                : (new FetchResult(url, url, status, contentType, body, null), status, null, null);
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            return (Fail(url, url, $"timed out after {_options.Timeout.TotalSeconds:0.#} s"), 0, null, null);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or InvalidDataException)
        {
            return (Fail(url, url, e.InnerException is { } inner and not IOException ? $"{e.Message} ({inner.Message})" : e.Message), 0, null, null);
        }
    }

    /// <summary>Reads at most MaxBytes of the (decompressed) body; null when there is more: a gzip bomb stops here.</summary>
    async Task<byte[]?> ReadCapped(Stream stream, CancellationToken cancel)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancel)) > 0)
        {
            if (buffer.Length + read > _options.MaxBytes) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    TimeSpan? RetryAfter(RetryConditionHeaderValue? header) =>
        header?.Delta ?? (header?.Date is { } date ? date - DateTimeOffset.UtcNow is var d && d > TimeSpan.Zero ? d : TimeSpan.Zero : null);

    async Task<Robots> RobotsFor(Uri url, CancellationToken cancel)
    {
        var host = url.GetLeftPart(UriPartial.Authority);
        if (_robots.TryGetValue(host, out var cached) && cached.Until > DateTime.UtcNow) return cached.Robots;
        var (result, status, _, _) = await SendPolitely(new Uri(host + "/robots.txt"), cancel);   // robots.txt is always a GET
        var robots = status switch
        {
            >= 200 and < 300 when result.Body is not null => Robots.Parse(result.Body, FetchOptions.ProductToken),
            >= 400 and < 500 => Robots.AllowAll,        // RFC 9309 2.3.1.3: unavailable, crawl freely
            _ => Robots.DisallowAll,                     // 5xx or unreachable: assume complete disallow
        };
        _robots[host] = (robots, DateTime.UtcNow + _options.RobotsCacheFor);
        return robots;
    }

    /// <summary>
    /// Why a target is refused before anything is sent (so the error names the real reason, not a failed
    /// robots.txt); the connect callback checks again on the address actually dialled.
    /// </summary>
    async Task<string?> RefusedTarget(Uri url, CancellationToken cancel)
    {
        if (_options.AllowPrivateAddresses) return null;
        try
        {
            var addresses = await Dns.GetHostAddressesAsync(url.DnsSafeHost, cancel);
            return addresses.Any(IsPublic) ? null : $"refused: {url.Host} is not a public (global unicast) address";
        }
        catch (SocketException e)
        {
            return $"cannot resolve {url.Host}: {e.Message}";
        }
    }

    /// <summary>Connects only to public addresses (unless allowed), checked on the address actually dialled.</summary>
    async ValueTask<Stream> ConnectCheckedAsync(SocketsHttpConnectionContext context, CancellationToken cancel)
    {
        var addresses = await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, cancel);
        var allowed = addresses.Where(a => _options.AllowPrivateAddresses || IsPublic(a)).ToArray();
        if (allowed.Length == 0) throw new HttpRequestException($"refused: {context.DnsEndPoint.Host} is not a public (global unicast) address");
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancel);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Whether the fetcher may dial an address: global unicast only (<see cref="DialableAddress"/>).</summary>
    public static bool IsPublic(IPAddress address) => DialableAddress.IsGlobalUnicast(address);

    static FetchResult Fail(Uri url, Uri final, string error, int status = 0) => new(url, final, status, null, null, error);

    public void Dispose() => _http.Dispose();
}
