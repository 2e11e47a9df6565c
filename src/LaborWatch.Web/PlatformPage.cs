using System.Data.Common;
using LaborWatch.Charts;
using LaborWatch.Contracts;
using LaborWatch.Postings;
using LaborWatch.Reports;
using LaborWatch.Web.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace LaborWatch.Web;

/// <summary>
/// One platform's scorecard: effective against advertised pay, unpaid time by kind, cancellations and survival,
/// misclassification signals, and its postings and pay changes, for the months in the query string.
/// Computed here, drawn by PlatformView.razor.
/// </summary>
public static class PlatformPage
{
    public sealed record Figures(StatsFilter Filter, string Name, string? Parent, StatsReport Report, string PlatformQuery,
        IReadOnlyList<(ChartSpec Spec, string[] Columns)> Charts, int Postings, int Changes, int Cuts, List<PromisedVsPaidRow> Months);

    public static IEndpointRouteBuilder MapPlatformPage(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/platform/{slug}", (string slug, HttpContext http, RenderCache cache, PageRenderer pages) =>
        {
            if (!FilterQuery.TryRead(http, out var filter, out var error))
                return PageRenderer.Result<Message>(new { Title = "Bad filter", Text = error! }, 400);
            var entry = cache.Get($"page:/platform/{Uri.EscapeDataString(slug)}:{filter!.CacheKey}", (connection, version) =>
            {
                if (Compute(connection, filter! with { Platforms = [slug], By = ["platform"] }) is not { } figures) return [];
                ChartEndpoints.AddDrawn(http, cache, version, figures.Charts.Select(c => c.Spec), figures.PlatformQuery);
                return pages.Utf8<PlatformView>(new { Figures = figures });
            });
            return entry.Bytes.Length == 0
                ? PageRenderer.Result<Message>(new { Title = "Not found", Text = $"No contract logs for a platform '{slug}'.", Back = "/", BackText = "All platforms" }, 404)
                : CachedResponse.Send(http, entry, "text/html; charset=utf-8");
        });
        return routes;
    }

    /// <returns>null when no log names this platform</returns>
    static Figures? Compute(DbConnection connection, StatsFilter filter)
    {
        var rows = ContractRows.Load(connection, filter);
        var report = StatsReport.Compute(rows, filter, survival: true);
        var name = report.Pay.Groups.FirstOrDefault()?.Key.Platform ?? report.Cancellation.FirstOrDefault()?.Key.Platform;
        if (name is null) return null;
        var query = FilterQuery.Of(filter with { Platforms = [] });
        var platformQuery = (query.Length == 0 ? "?" : query + "&") + "platform=" + Uri.EscapeDataString(ContractValidator.Slug(name));
        var changes = PostingQueries.Changes(connection, name);
        return new Figures(filter, name, PlatformParents.ParentOf(name), report, platformQuery,
        [
            (ChartSpecs.PayTrend(StatsReport.Compute(rows, filter with { By = ["platform", "month"] }, sections: StatsSections.PayOnly)), ["platform", "month started", "median USD/h", "p25", "p75", "n"]),
            (ChartSpecs.UnpaidTimeChart(connection, filter with { By = [] }), ["", "kind", "share of all hours", "", "", "logs (n)"]),
            (ChartSpecs.Survival(report), ["platform", "week", "share still running", "", "", "at risk (n)"]),
        ],
            PostingQueries.List(connection, name).Count, changes.Count, changes.Count(c => c.Cut), PromisedVsPaid.Compute(connection, rows, filter));
    }
}
