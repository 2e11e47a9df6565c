using System.Globalization;
using System.Text;
using LaborWatch.Data;
using LaborWatch.Postings;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static LaborWatch.Web.Layout;

namespace LaborWatch.Web;

/// <summary>
/// What platforms advertise: GET /postings (a page) and GET /api/postings (the JSON of `postings --json`, or
/// with changes=1 of `postings --changes --json`), filtered by platform. Postings are public: not suppressed.
/// </summary>
public static class PostingsPage
{
    public static IEndpointRouteBuilder MapPostings(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/postings", (HttpContext http, RenderCache cache) =>
        {
            if (!StatsApi.TryFilter(http, out var filter, out var error))
                return Results.Problem(error, statusCode: 400, title: "bad filter");
            var changes = http.Request.Query["changes"] is { Count: > 0 } v && v.ToString() is "1" or "true";
            var entry = cache.Get($"postings:{changes}:{filter!.CacheKey}", connection =>
            {
                var body = new MemoryStream();
                if (changes) PostingsJson.WriteChanges(body, PostingQueries.Changes(connection).Where(c => filter!.SelectsPlatform(c.Platform)));
                else PostingsJson.WriteList(body, PostingQueries.List(connection).Where(p => filter!.SelectsPlatform(p.Platform)));
                return body.ToArray();
            });
            return ChartEndpoints.Cached(http, entry, "application/json; charset=utf-8");
        });
        routes.MapGet("/postings", (HttpContext http, RenderCache cache) =>
        {
            if (!StatsApi.TryFilter(http, out var filter, out var error))
                return Results.Content(Page("Bad filter", $"<p role=\"alert\">{E(error!)}</p><p><a href=\"/postings\">All postings</a></p>"), "text/html; charset=utf-8", statusCode: 400);
            var entry = cache.Get($"page:/postings:{filter!.CacheKey}", connection =>
                Encoding.UTF8.GetBytes(Page("Advertised pay and pay cuts", Body(connection, filter!))));
            return ChartEndpoints.Cached(http, entry, "text/html; charset=utf-8");
        });
        return routes;
    }

    static string ChangesQuery(string query) => (query.Length == 0 ? "?" : query + "&") + "changes=1";

    static string Body(Microsoft.Data.Sqlite.SqliteConnection connection, LaborWatch.Reports.StatsFilter filter)
    {
        var sb = new StringBuilder();
        var query = Query(filter);
        sb.Append($$"""
            <form class="filters" method="get" action="/postings"><label>Platform(s) <input name="platform" value="{{E(string.Join(",", filter.Platforms))}}" placeholder="all"></label>
            <label>or parent company <input name="parent" value="{{E(string.Join(",", filter.Parents))}}" placeholder="all"></label>
            <label>From month <input name="from" value="{{E(filter.From)}}" placeholder="YYYY-MM" pattern="\d{4}-\d{2}"></label>
            <label>To month <input name="to" value="{{E(filter.To)}}" placeholder="YYYY-MM" pattern="\d{4}-\d{2}"></label>
            <button type="submit">Apply</button></form>
            <p>Postings are public: they are shown as scraped, each traced to the page it was read from. Hourly figures convert day, week,
            month and year rates (÷ 8, 40, 173.3, 2,080); task, word and project rates stay as written.</p>
            """);
        sb.Append($"<p class=\"export\"><a href=\"/reports{E(query)}\">Export this view</a> (postings and pay changes with their sources, as HTML, CSV, JSON or a ZIP bundle) · <a href=\"/postings/changes.atom{E(query)}\" type=\"application/atom+xml\">Follow pay changes (Atom feed, no account needed)</a></p>");
        OverviewPage.Chart(sb, LaborWatch.Charts.ChartSpecs.PostingPay(connection, filter), query, ["platform", "month seen", "median USD/h advertised", "", "", "postings (n)"]);
        OverviewPage.Chart(sb, LaborWatch.Charts.ChartSpecs.PostingVolume(connection, filter), query, ["platform", "month seen", "postings", "", "", "postings (n)"]);
        var changes = PostingQueries.Changes(connection).Where(c => filter.SelectsPlatform(c.Platform)).ToList();
        sb.Append("<div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\"table (scrolls sideways)\"><table id=\"pay-changes\"><caption>Pay changes between observations (cuts marked)</caption><thead><tr><th scope=\"col\">seen</th><th scope=\"col\">platform</th><th scope=\"col\">before</th><th scope=\"col\">after</th><th scope=\"col\">cut</th><th scope=\"col\">posting</th></tr></thead><tbody>");
        foreach (var c in changes)
            sb.Append($"<tr><th scope=\"row\">{E(c.ObservedAt)}</th><td>{E(c.Platform)}</td><td>{E(c.Before.Describe())}</td><td>{E(c.After.Describe())}</td><td>{(c.Cut ? "<strong>cut</strong>" : "")}</td><td><a href=\"{E(Safe(c.Url))}\" rel=\"noopener noreferrer\">link</a></td></tr>");
        if (changes.Count == 0) sb.Append("<tr><td colspan=\"6\">No pay change recorded yet.</td></tr>");
        sb.Append("</tbody></table></div>");

        var postings = PostingQueries.List(connection).Where(p => filter.SelectsPlatform(p.Platform)).ToList();
        sb.Append($"<div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\"table (scrolls sideways)\"><table id=\"postings\"><caption>Postings ({postings.Count:N0})</caption><thead><tr><th scope=\"col\">title</th><th scope=\"col\">platform</th><th scope=\"col\">advertised pay</th><th scope=\"col\">per hour</th><th scope=\"col\">first seen</th><th scope=\"col\">last seen</th><th scope=\"col\">observations</th></tr></thead><tbody>");
        foreach (var p in postings)
        {
            var hourly = p.Pay.HourlyMin is { } lo ? $"${lo.ToString("0.00", CultureInfo.InvariantCulture)}" + (p.Pay.HourlyMax is { } hi && hi != lo ? $"–{hi.ToString("0.00", CultureInfo.InvariantCulture)}" : "") : "–";
            sb.Append($"<tr><th scope=\"row\"><a href=\"{E(Safe(p.Url))}\" rel=\"noopener noreferrer\">{E(p.Title ?? "(untitled)")}</a></th><td>{E(p.Platform)}</td><td>{E(p.Pay.Describe())}</td><td>{hourly}</td><td>{E(p.FirstSeen)}</td><td>{E(p.LastSeen)}</td><td>{p.Observations}</td></tr>");
        }
        sb.Append("</tbody></table></div><p><a href=\"/api/postings{E(query)}\">Postings as JSON</a> · <a href=\"/api/postings{E(ChangesQuery(query))}\">Pay changes as JSON</a></p>");
        SourceHealth(sb, LaborWatch.Scraping.LiveScraper.Health(connection).Where(h => filter.SelectsPlatform(h.Platform)).ToList());
        return sb.ToString();
    }

    /// <summary>Each live source: when it last answered, how many postings it gave, and its last error, so a feed that changed is seen.</summary>
    static void SourceHealth(StringBuilder sb, List<LaborWatch.Scraping.LiveScraper.SourceHealth> sources)
    {
        sb.Append("<div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\"source health\"><table id=\"source-health\"><caption>Sources scraped live</caption><thead><tr><th scope=\"col\">platform</th><th scope=\"col\">source</th><th scope=\"col\">last run</th><th scope=\"col\">last success</th><th scope=\"col\">postings (last run)</th><th scope=\"col\">last error</th></tr></thead><tbody>");
        foreach (var h in sources)
            sb.Append($"<tr><th scope=\"row\">{E(h.Platform)}</th><td>{E(new Uri(h.Url).Host)}</td><td>{E(h.LastRun)}</td><td>{E(h.LastSuccess ?? "never")}</td><td>{h.LastPostings:N0}</td><td>{(h.LastError is null ? "–" : $"{E(h.LastError)} ({E(h.LastErrorAt)})")}</td></tr>");
        if (sources.Count == 0) sb.Append("<tr><td colspan=\"6\">No live scrape has run yet (laborwatch scrape --sources, or serve --scrape-every 24h).</td></tr>");
        sb.Append("</tbody></table></div>");
    }

    /// <summary>Only http(s) links: a scraped "javascript:" URL must never become a link.</summary>
    static string Safe(string url) => Uri.TryCreate(url, UriKind.Absolute, out var u) && u.Scheme is "http" or "https" ? url : "#";
}
