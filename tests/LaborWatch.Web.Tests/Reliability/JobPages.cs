using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LaborWatch.Web.Tests.Reliability;

/// <summary>Generated job pages (FICTIONAL employers) as the offline scraper reads them: boilerplate, a JSON-LD JobPosting, a pay sentence.</summary>
public static class JobPages
{
    public static string Page(int i, int dollars)
    {
        var posting = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["@context"] = "https://schema.org", ["@type"] = "JobPosting", ["identifier"] = new { value = $"rel-{i}" },
            ["title"] = $"AI rater {i} (FICTIONAL)", ["url"] = $"https://jobs.example/rel-{i}",
            ["hiringOrganization"] = new { name = "Crashworks" }, ["datePosted"] = "2026-02-01", ["employmentType"] = "CONTRACTOR",
            ["baseSalary"] = new { currency = "USD", value = new { minValue = dollars, maxValue = dollars + 10, unitText = "HOUR" } },
        });
        var filler = new StringBuilder();
        for (var p = 0; p < 40; p++) filler.Append($"<p>Section {p}: guidelines, onboarding, quality bars and the usual words of a job page.</p>");
        return $"<!doctype html><html><head><title>Job {i}</title><script type=\"application/ld+json\">{posting}</script></head><body>{filler}<p>Pay: ${dollars}-${dollars + 10} per hour.</p></body></html>";
    }
}

/// <summary>
/// Greenhouse-shaped job boards (FICTIONAL) on a real local HTTP server, each answer held back a little so that a
/// scrape takes long enough to be killed in the middle of it.
/// </summary>
public sealed class BoardServer : IAsyncDisposable
{
    public const int JobsPerBoard = 5;
    readonly WebApplication _app;
    readonly int _boards;
    public Uri Base { get; }

    BoardServer(WebApplication app, int boards) => (_app, _boards, Base) = (app, boards, new Uri(app.Urls.First()));

    public static async Task<BoardServer> StartAsync(int boards, TimeSpan delay, Func<HttpContext, int, Task>? answer = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/robots.txt", () => Results.NotFound());
        app.MapGet("/v1/boards/{board:int}/jobs", async (int board, HttpContext c) =>
        {
            await Task.Delay(delay);
            if (answer is not null) { await answer(c, board); return; }
            c.Response.ContentType = "application/json";
            await c.Response.WriteAsync(Board(board));
        });
        await app.StartAsync();
        return new BoardServer(app, boards);
    }

    public static string Board(int board) => JsonSerializer.Serialize(new
    {
        jobs = Enumerable.Range(0, JobsPerBoard).Select(j => new
        {
            id = board * 1000 + j, title = $"Rater {board}-{j} (FICTIONAL)", absolute_url = $"https://boards.example/{board}/jobs/{j}",
            updated_at = "2026-02-01T00:00:00Z", location = new { name = "Remote" },
            pay_input_ranges = new[] { new { min_cents = 2000 + 100 * j, max_cents = 3000 + 100 * j, currency_type = "USD", title = "Hourly" } },
        }),
    });

    /// <summary>A sources file naming every board, with no pause between requests and loopback allowed.</summary>
    public string SourcesJson() => JsonSerializer.Serialize(new
    {
        delaySeconds = 0, allowPrivateAddresses = true,
        sources = Enumerable.Range(1, _boards).Select(b => new { platform = $"Board{b}", url = new Uri(Base, $"/v1/boards/{b}/jobs?content=true").AbsoluteUri }),
    });

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
