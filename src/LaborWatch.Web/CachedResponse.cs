using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;

namespace LaborWatch.Web;

/// <summary>A cached entry as the HTTP response: conditional requests, the encoding the client accepts, the bytes as they are.</summary>
public static class CachedResponse
{
    /// <summary>
    /// The bytes with their ETag and Last-Modified, or 304 Not Modified when the client already has them
    /// (If-None-Match wins over If-Modified-Since, as RFC 9110 says).
    /// </summary>
    public static IResult Send(HttpContext http, RenderCache.Entry entry, string contentType, bool remember = true)
    {
        // The next request for this target is answered before routing (ResponseShortcuts).
        if (remember) http.RequestServices.GetService<ResponseShortcuts>()?.Remember(http, entry, contentType);
        // Headers as strings formatted once per entry, and the bytes written as they are: a cached response is
        // most of what the dashboard serves, and every allocation here was paid on each request.
        // Text goes compressed to a client that accepts it (the 1M sample's overview is 39 KB, 8 KB as gzip, and each
        // chart image on it about as much again: a worker on a phone's data plan waits for a fifth of it), compressed
        // once per entry; each form has its own ETag.
        var compressible = RenderCache.Compressible(contentType);
        var representation = compressible ? entry.For(http.Request.Headers.AcceptEncoding) : entry.Identity;
        var headers = http.Response.Headers;
        headers.ETag = representation.ETag;
        headers.LastModified = entry.LastModifiedText;
        headers.CacheControl = "no-cache";   // always revalidate: figures change when data does
        if (compressible) headers.Vary = "Accept-Encoding";
        if (representation.Encoding is { } encoding) headers.ContentEncoding = encoding;
        var request = http.Request.Headers;
        var unchanged = request.IfNoneMatch.Count > 0
            ? request.IfNoneMatch.Contains(representation.ETag)
            : request.IfModifiedSince.Count > 0 && HeaderUtilities.TryParseDate(request.IfModifiedSince.ToString(), out var since) && entry.LastModified <= since;
        return unchanged ? Results.StatusCode(StatusCodes.Status304NotModified) : new Bytes(representation.Bytes, contentType);
    }

    /// <summary>Bytes sent as they are: no range or precondition handling (done above), one write.</summary>
    sealed class Bytes(byte[] bytes, string contentType) : IResult
    {
        public Task ExecuteAsync(HttpContext http)
        {
            http.Response.ContentType = contentType;
            http.Response.ContentLength = bytes.Length;
            return http.Response.Body.WriteAsync(bytes).AsTask();
        }
    }
}
