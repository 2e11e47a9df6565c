using LaborWatch.Contracts;
using LaborWatch.Misclassification;
using LaborWatch.Reports;
using Microsoft.Data.Sqlite;

namespace LaborWatch.Charts;

/// <summary>The charts of the dashboard and the exports, each built from the published (disclosure-controlled) figures.</summary>
public static class ChartSpecs
{
    public static readonly string[] Names = ["pay-trend", "cancellations", "contract-survival", "misclassification", "unpaid-time"];

    public static ChartSpec Build(SqliteConnection connection, string name, StatsFilter filter) => name switch
    {
        "pay-trend" => PayTrend(StatsReport.Compute(connection, filter with { By = ["platform", "month"] })),
        "cancellations" => Cancellations(StatsReport.Compute(connection, filter with { By = ["platform"] })),
        "contract-survival" => Survival(StatsReport.Compute(connection, filter with { By = ["platform"] }, survival: true)),
        "misclassification" => Misclassification(StatsReport.Compute(connection, filter with { By = ["platform"] })),
        "unpaid-time" => UnpaidTimeChart(connection, filter),
        _ => throw new ArgumentException($"unknown chart '{name}' (charts: {string.Join(", ", Names)})"),
    };

    static List<string> Notes(StatsReport report, int suppressed, string what)
    {
        var notes = new List<string>();
        if (suppressed > 0) notes.Add($"{suppressed} {what} suppressed (fewer than {report.Filter.K} workers, or one worker above 80%) and left out.");
        if (report.Pay.SyntheticLogs > 0) notes.Add("SYNTHETIC sample data: invented platforms and workers.");
        return notes;
    }

    /// <summary>Median effective hourly pay (USD) per month per platform, with the p25-p75 band.</summary>
    public static ChartSpec PayTrend(StatsReport report)
    {
        var series = report.Pay.Groups.Where(g => !g.Suppressed && g.Median is not null)
            .GroupBy(g => g.Key.Platform!)
            .Select(g => new ChartSeries(g.Key, g.Select(p => new ChartPoint(MonthX(p.Key.Month!), p.Key.Month!, p.Median!.Value, p.P25, p.P75, p.EhpN)).ToList()))
            .ToList();
        return new ChartSpec("pay-trend", "Effective hourly pay by month started (median, p25-p75 band)", "month started", "USD per hour, unpaid time counted",
            ChartKind.Lines, series, Notes(report, report.Pay.Groups.Count(g => g.Suppressed), "platform-months"));
    }

    /// <summary>Cancellation rate per platform with 95% Wilson whiskers.</summary>
    public static ChartSpec Cancellations(StatsReport report)
    {
        var published = report.Cancellation.Where(g => !g.Suppressed && g.Rate is not null).ToList();
        var points = published.Select((g, i) => new ChartPoint(i, g.Key.Platform!, g.Rate!.Value, g.CiLow, g.CiHigh, g.Ended)).ToList();
        return new ChartSpec("cancellations", "Contracts ended by the platform (share of ended contracts, 95% interval)", "platform", "share ended by the platform",
            ChartKind.Bars, [new ChartSeries("cancellation rate", points)], Notes(report, report.Cancellation.Count(g => g.Suppressed), "platforms"),
            Categories: published.Select(g => g.Key.Platform!).ToList());
    }

    /// <summary>Kaplan-Meier curves: the share of contracts not yet ended by the platform, by week.</summary>
    public static ChartSpec Survival(StatsReport report)
    {
        var series = report.Survival!.Where(g => !g.Suppressed && g.Curve is { Count: > 0 })
            .Select(g => new ChartSeries(g.Key.Platform!, [new ChartPoint(0, "week 0", 1, null, null, g.Logs),
                .. g.Curve!.Select(s => new ChartPoint(s.Time, $"week {s.Time}", s.Survival, null, null, s.AtRisk))]))
            .ToList();
        return new ChartSpec("contract-survival", "Contract survival: share not yet ended by the platform (Kaplan-Meier)", "weeks since start", "share still running",
            ChartKind.Steps, series, Notes(report, report.Survival!.Count(g => g.Suppressed), "platforms"));
    }

    /// <summary>Platform x indicator heatmap: the share of answering workers reporting each control indicator.</summary>
    public static ChartSpec Misclassification(StatsReport report)
    {
        var published = report.Misclassification.Where(g => !g.Suppressed && g.Indicators is not null).ToList();
        var indicators = Rubric.Shipped.Indicators.Select(i => i.Name).ToList();
        var matrix = new double[published.Count, indicators.Count];
        for (var r = 0; r < published.Count; r++)
            for (var c = 0; c < indicators.Count; c++)
                matrix[r, c] = published[r].Indicators![indicators[c]].Share ?? double.NaN;
        var notes = Notes(report, report.Misclassification.Count(g => g.Suppressed), "platforms");
        notes.Insert(0, Rubric.Caveat);
        return new ChartSpec("misclassification", "Control indicators reported, by platform (share of workers answering)", "indicator", "platform",
            ChartKind.Heatmap, [], notes, published.Select(g => g.Key.Platform!).ToList(), matrix, indicators);
    }

    /// <summary>Unpaid hours by category as a share of all hours, for the whole filtered set (withheld when its pay figures are).</summary>
    public static ChartSpec UnpaidTimeChart(SqliteConnection connection, StatsFilter filter)
    {
        var overall = StatsReport.Compute(connection, filter with { By = [] });
        var published = overall.Pay.Groups.FirstOrDefault() is { Suppressed: false } g ? g : null;
        var shares = published is null ? [] : Pay.UnpaidTime.ByCategory(connection, filter);
        var points = shares.Select((s, i) => new ChartPoint(i, s.Category, s.ShareOfAllHours, null, null, published!.Logs)).ToList();
        var notes = Notes(overall, published is null && overall.Pay.Logs > 0 ? 1 : 0, "selection");
        return new ChartSpec("unpaid-time", "Unpaid time by kind, as a share of all hours worked", "kind of unpaid time", "share of all hours",
            ChartKind.Bars, [new ChartSeries("unpaid share", points)], notes, Categories: shares.Select(s => s.Category).ToList());
    }

    static double MonthX(string month) => new DateTime(int.Parse(month[..4]), int.Parse(month[5..]), 1).ToOADate();
}
