using Microsoft.Extensions.DependencyInjection;
using System.Data.Common;
using LaborWatch.Charts;
using LaborWatch.Contracts;
using LaborWatch.Reports;
using LaborWatch.Web.Shared;
using Microsoft.AspNetCore.Routing;

namespace LaborWatch.Web;

/// <summary>
/// The overview: headline figures with their n, the pay-trend and cancellation charts (SVG images drawn with the
/// page, each with its data table and a PNG download), and pay by platform, all for the filters in the query string.
/// Computed here, drawn by OverviewView.razor; server-rendered, no script.
/// </summary>
public static class OverviewPage
{
    public sealed record Figures(StatsFilter Filter, StatsReport Overall, StatsReport ByPlatform, IReadOnlyList<(ChartSpec Spec, string[] Columns)> Charts);

    public static IEndpointRouteBuilder MapOverviewPage(this IEndpointRouteBuilder routes)
    {
        routes.MapCached("/", "text/html; charset=utf-8", (_, filter) => $"page:/:{filter.CacheKey}",
            (http, filter, connection, version) =>
            {
                var figures = Compute(connection, filter);
                ChartEndpoints.AddDrawn(http, http.RequestServices.GetRequiredService<RenderCache>(), version, figures.Charts.Select(c => c.Spec), FilterQuery.Of(filter));
                return http.RequestServices.GetRequiredService<PageRenderer>().Utf8<OverviewView>(new { Figures = figures });
            },
            error => PageRenderer.Result<Message>(new { Title = "Bad filter", Text = error, Back = "/", BackText = "Back to all data" }, 400));
        return routes;
    }

    static Figures Compute(DbConnection connection, StatsFilter filter)
    {
        var rows = ContractRows.Load(connection, filter);   // once for the three groupings below
        // The three groupings read the same rows and share nothing else: computed side by side on the cores, each
        // with only the sections this page shows (no misclassification here; the trend is pay alone).
        StatsReport overall = null!, byPlatform = null!, trend = null!;
        Parallel.Invoke(
            () => overall = StatsReport.Compute(rows, filter with { By = [] }, sections: StatsSections.Cancellation),
            () => byPlatform = StatsReport.Compute(rows, filter with { By = ["platform"] }, sections: StatsSections.Cancellation),
            () => trend = StatsReport.Compute(rows, filter with { By = ["platform", "month"] }, sections: StatsSections.PayOnly));
        return new Figures(filter, overall, byPlatform,
        [
            (ChartSpecs.PayTrend(trend), ["platform", "month started", "median USD/h", "p25", "p75", "n"]),
            (ChartSpecs.PayDistribution(rows, filter), ["", "band", "logs", "", "", "n"]),
            (ChartSpecs.AdvertisedVsEffective(byPlatform), ["", "platform", "median USD/h", "", "", "hourly logs (n)"]),
            (ChartSpecs.Cancellations(byPlatform), ["", "platform", "rate", "95% low", "95% high", "ended (n)"]),
        ]);
    }
}
