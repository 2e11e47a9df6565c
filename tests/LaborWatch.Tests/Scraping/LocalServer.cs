using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LaborWatch.Tests.Scraping;

/// <summary>A real HTTP server on a free loopback port; each test maps the paths it needs. Logs every request time.</summary>
public sealed class LocalServer : IAsyncDisposable
{
    readonly WebApplication _app;
    public Uri Base { get; }
    public ConcurrentQueue<(string Path, DateTime At)> Requests { get; } = new();

    LocalServer(WebApplication app, Uri @base) => (_app, Base) = (app, @base);

    public static async Task<LocalServer> StartAsync(Action<WebApplication> map)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        LocalServer? server = null;
        app.Use(async (context, next) =>
        {
            server!.Requests.Enqueue((context.Request.Path + context.Request.QueryString, DateTime.UtcNow));
            await next(context);
        });
        map(app);
        await app.StartAsync();
        server = new LocalServer(app, new Uri(app.Urls.First()));
        return server;
    }

    public Uri Url(string path) => new(Base, path);

    public int Count(string path) => Requests.Count(r => r.Path == path);

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    public static Task Text(HttpContext c, string body, string type = "text/html")
    {
        c.Response.ContentType = type;
        return c.Response.WriteAsync(body);
    }
}
