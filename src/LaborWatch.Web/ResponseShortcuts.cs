using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;

namespace LaborWatch.Web;

/// <summary>
/// Cached responses answered before routing (most of what the dashboard serves is a cached response, and
/// routing, the endpoint and its filter parsing were paid again for each). Each GET target (path and query,
/// as sent) that a cached endpoint answered is remembered with its cache key, the entry's data version, content type
/// and download name; the next GET of the same target is sent from <see cref="RenderCache"/> by the first middleware
/// while that entry is current. Anything else goes the long way: a target not seen, a new version or an evicted entry
/// (the endpoint decides again and, sending the entry, remembers it), an error, a POST.
/// </summary>
public sealed class ResponseShortcuts(RenderCache cache)
{
    /// <summary>
    /// What answered a target: the cache key its endpoint used and the data version of the entry it sent, and the headers
    /// the endpoint set beside the bytes. Only an entry of that version is sent from here: what an endpoint makes of a new
    /// version's entry (a 404 for a platform page that is now empty, say) is its to decide until it sends that entry itself.
    /// </summary>
    sealed record Target(string Key, string Version, string ContentType, string? ContentDisposition);

    /// <summary>Targets remembered at most: a crawler's or an attacker's many distinct queries empty the table rather than grow it (about 2 MB).</summary>
    public const int MaxTargets = 10_000;

    readonly ConcurrentDictionary<(string Path, string Query), Target> _targets = new();

    public int Count => _targets.Count;

    /// <summary>Called by <see cref="CachedResponse.Send"/> as an endpoint sends a cached entry.</summary>
    public void Remember(HttpContext http, RenderCache.Entry entry, string contentType)
    {
        if (!HttpMethods.IsGet(http.Request.Method)) return;
        var target = TargetOf(http.Request);
        if (_targets.TryGetValue(target, out var known) && known.Key == entry.Key && known.Version == entry.Version) return;
        if (_targets.Count >= MaxTargets) _targets.Clear();
        var disposition = http.Response.Headers.ContentDisposition;
        _targets[target] = new Target(entry.Key, entry.Version, contentType, disposition.Count > 0 ? disposition.ToString() : null);
    }

    /// <summary>The response sent from the cache, or null when this request must go through routing and its endpoint.</summary>
    public Task? TrySend(HttpContext http)
    {
        if (!HttpMethods.IsGet(http.Request.Method)) return null;
        if (!_targets.TryGetValue(TargetOf(http.Request), out var target) || !cache.TryGetCurrent(target.Key, out var entry)
            || entry!.Version != target.Version) return null;
        if (target.ContentDisposition is { } disposition) http.Response.Headers.ContentDisposition = disposition;
        return CachedResponse.Send(http, entry, target.ContentType, remember: false).ExecuteAsync(http);
    }

    static (string, string) TargetOf(HttpRequest request) => (request.Path.Value ?? "", request.QueryString.Value ?? "");
}
