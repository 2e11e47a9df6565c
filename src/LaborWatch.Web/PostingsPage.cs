using Microsoft.Extensions.DependencyInjection;
using System.Data.Common;
using LaborWatch.Charts;
using LaborWatch.Postings;
using LaborWatch.Scraping;
using LaborWatch.Web.Shared;
using Microsoft.AspNetCore.Routing;
using LaborWatch.Contracts;

namespace LaborWatch.Web;

/// <summary>
/// What platforms advertise: GET /postings (a page) and GET /api/postings (the JSON of `postings --json`, or
/// with changes=1 of `postings --changes --json`), filtered by platform. Postings are public: not suppressed. The page is drawn by PostingsView.razor.
/// </summary>
public static class PostingsPage
{
    public static IEndpointRouteBuilder MapPostings(this IEndpointRouteBuilder routes)
    {
        routes.MapCached("/api/postings", "application/json; charset=utf-8",
            (http, filter) => $"postings:{CachedEndpoints.Flag(http, "changes")}:{filter.CacheKey}",
            (http, filter, connection, _) =>
            {
                var body = new MemoryStream();
                if (CachedEndpoints.Flag(http, "changes")) PostingsJson.WriteChanges(body, PostingQueries.Changes(connection).Where(c => filter.SelectsPlatform(c.Platform)), indented: false);
                else PostingsJson.WriteList(body, PostingQueries.List(connection).Where(p => filter.SelectsPlatform(p.Platform)), indented: false);
                return body.ToArray();
            });
        routes.MapCached("/postings", "text/html; charset=utf-8", (_, filter) => $"page:/postings:{filter.CacheKey}",
            (http, filter, connection, version) =>
            {
                var figures = Compute(connection, filter);
                ChartEndpoints.AddDrawn(http, http.RequestServices.GetRequiredService<RenderCache>(), version, figures.Charts.Select(c => c.Spec), FilterQuery.Of(filter));
                return http.RequestServices.GetRequiredService<PageRenderer>().Utf8<PostingsView>(new { Figures = figures });
            },
            error => PageRenderer.Result<Message>(new { Title = "Bad filter", Text = error, Back = "/postings", BackText = "All postings" }, 400));
        return routes;
    }

    public sealed record Figures(StatsFilter Filter, IReadOnlyList<(ChartSpec Spec, string[] Columns)> Charts,
        List<PayChange> Changes, List<PostingRow> Postings, List<LiveScraper.SourceHealth> Sources);

    static Figures Compute(DbConnection connection, StatsFilter filter) => new(filter,
        [
            (ChartSpecs.PostingPay(connection, filter), ["platform", "month seen", "median USD/h advertised", "", "", "postings (n)"]),
            (ChartSpecs.PostingVolume(connection, filter), ["platform", "month seen", "postings", "", "", "postings (n)"]),
        ],
        PostingQueries.Changes(connection).Where(c => filter.SelectsPlatform(c.Platform)).ToList(),
        PostingQueries.List(connection).Where(p => filter.SelectsPlatform(p.Platform)).ToList(),
        LiveScraper.Health(connection).Where(h => filter.SelectsPlatform(h.Platform)).ToList());
}
