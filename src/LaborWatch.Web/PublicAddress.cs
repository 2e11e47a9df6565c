using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;

namespace LaborWatch.Web;

/// <summary>
/// Where the public reaches this server: the operator's PUBLIC_URL, else the first address it listens on. Links that
/// leave the page (the Atom feed's) are made from it, and every request's Host is replaced by it before anything reads
/// it, so a request cannot make a cached response name another host, nor break a page with a Host that is no host.
/// </summary>
public sealed class PublicAddress(Uri? configured, IServer server)
{
    Uri? _resolved = configured;

    /// <summary>"https://laborwatch.example", without a trailing slash.</summary>
    public string Origin => Url.GetLeftPart(UriPartial.Authority);

    public HostString Host => new(Url.Authority);

    Uri Url => _resolved ??= Listening();

    Uri Listening()
    {
        var first = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://127.0.0.1";
        // A wildcard listener ("http://+:5080", "http://*:5080") has no host to link to: localhost stands in until the
        // operator sets PUBLIC_URL.
        first = first.Replace("://+", "://localhost").Replace("://*", "://localhost");
        return Uri.TryCreate(first, UriKind.Absolute, out var url) ? url : new Uri("http://localhost");
    }
}
