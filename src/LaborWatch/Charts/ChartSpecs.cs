using System.Data.Common;
using LaborWatch.Contracts;
using LaborWatch.Misclassification;
using LaborWatch.Reports;

namespace LaborWatch.Charts;

/// <summary>The charts of the dashboard and the exports, each built from the published (disclosure-controlled) figures.</summary>
public static class ChartSpecs
{
    public static readonly string[] Names = ["pay-trend", "cancellations", "contract-survival", "misclassification", "unpaid-time", "advertised-vs-effective", "pay-distribution", "posting-volume", "posting-pay"];

    public static ChartSpec Build(DbConnection connection, string name, StatsFilter filter) => name switch
    {
        // Each chart from the rows with only the section it draws (no promised-against-paid pass, which a chart never shows).
        "pay-trend" => PayTrend(Report(connection, filter with { By = ["platform", "month"] }, StatsSections.PayOnly)),
        "cancellations" => Cancellations(Report(connection, filter with { By = ["platform"] }, StatsSections.Cancellation)),
        "contract-survival" => Survival(Report(connection, filter with { By = ["platform"] }, StatsSections.PayOnly, survival: true)),
        "misclassification" => Misclassification(Report(connection, filter with { By = ["platform"] }, StatsSections.Misclassification)),
        "unpaid-time" => UnpaidTimeChart(connection, filter),
        "advertised-vs-effective" => AdvertisedVsEffective(Report(connection, filter with { By = ["platform"] }, StatsSections.PayOnly)),
        "pay-distribution" => PayDistribution(ContractRows.Load(connection, filter), filter),
        "posting-volume" => PostingVolume(connection, filter),
        "posting-pay" => PostingPay(connection, filter),
        _ => throw new ArgumentException($"unknown chart '{name}' (charts: {string.Join(", ", Names)})"),
    };

    static StatsReport Report(DbConnection connection, StatsFilter filter, StatsSections sections, bool survival = false) =>
        StatsReport.Compute(ContractRows.Load(connection, filter), filter, survival, sections);

    /// <summary>
    /// Every chart, in <see cref="Names"/> order, from one read of the logs: the per-platform figures behind
    /// four charts are computed once (the exports draw all nine; building each alone would read 1M logs nine times).
    /// </summary>
    public static IReadOnlyList<ChartSpec> All(DbConnection connection, StatsFilter filter, ContractRows.Loaded rows)
    {
        var byPlatform = StatsReport.Compute(rows, filter with { By = ["platform"] }, survival: true);
        return Names.Select(name => name switch
        {
            "pay-trend" => PayTrend(StatsReport.Compute(rows, filter with { By = ["platform", "month"] })),
            "cancellations" => Cancellations(byPlatform),
            "contract-survival" => Survival(byPlatform),
            "misclassification" => Misclassification(byPlatform),
            "advertised-vs-effective" => AdvertisedVsEffective(byPlatform),
            "pay-distribution" => PayDistribution(rows, filter),
            _ => Build(connection, name, filter),   // their own small queries: unpaid time, postings
        }).ToList();
    }

    static List<string> Notes(StatsReport report, int suppressed, string what)
    {
        var notes = new List<string>();
        if (suppressed > 0) notes.Add($"{suppressed} {what} suppressed (fewer than {report.Filter.K} workers, or one worker above 80%) and left out.");
        if (report.Pay.SyntheticLogs > 0) notes.Add("SYNTHETIC sample data: invented platforms and workers.");
        return notes;
    }

    /// <summary>The filters in a few words, for a chart's subtitle.</summary>
    public static string DescribeFilters(StatsFilter f)
    {
        var parts = new List<string>();
        if (f.Platforms.Count > 0) parts.Add(string.Join(", ", f.Platforms));
        if (f.Parents.Count > 0) parts.Add("parent " + string.Join(", ", f.Parents));
        if (f.TaskTypes.Count > 0) parts.Add(string.Join(", ", f.TaskTypes));
        if (f.Countries.Count > 0) parts.Add(string.Join(", ", f.Countries));
        parts.Add(f.From is null && f.To is null ? "all months" : $"{f.From ?? "first"} to {f.To ?? "latest"}");
        return string.Join("; ", parts);
    }

    /// <summary>"Source: LaborWatch, release 3, cut 2026-11-26T06:00:00Z, SYNTHETIC sample data".</summary>
    public static string SourceLine(LaborWatch.Contracts.Release? release, bool exact, bool synthetic) =>
        $"Source: LaborWatch, {LaborWatch.Contracts.Release.Describe(release, exact)}"
        + (synthetic ? ", SYNTHETIC sample data" : "");

    /// <summary>Title, subtitle (filters and n), source line and axis format of a chart of the published figures.</summary>
    static ChartSpec Framed(ChartSpec spec, StatsReport report, int n, string what, AxisFormat format) => spec with
    {
        Subtitle = $"{DescribeFilters(report.Filter)}; n = {n:N0} {what}",
        Source = SourceLine(report.Release, report.Filter.Exact, report.Pay.SyntheticLogs > 0),
        YFormat = format,
    };

    /// <summary>Median effective hourly pay (USD) per month per platform, with the p25-p75 band.</summary>
    public static ChartSpec PayTrend(StatsReport report)
    {
        var series = report.Pay.Groups.Where(g => !g.Suppressed && g.Median is not null)
            .GroupBy(g => g.Key.Platform!)
            .Select(g => new ChartSeries(g.Key, g.Select(p => new ChartPoint(MonthX(p.Key.Month!), p.Key.Month!, p.Median!.Value, p.P25, p.P75, p.EhpN)).ToList()))
            .ToList();
        return Framed(new ChartSpec("pay-trend", "Effective hourly pay by month started (median, p25-p75 band)", "month started", "USD per hour, unpaid time counted",
            ChartKind.Lines, series, Notes(report, report.Pay.Groups.Count(g => g.Suppressed), "platform-months")), report, report.Pay.Logs, "logs", AxisFormat.Money);
    }

    /// <summary>Cancellation rate per platform with 95% Wilson whiskers.</summary>
    public static ChartSpec Cancellations(StatsReport report)
    {
        var published = report.Cancellation.Where(g => !g.Suppressed && g.Rate is not null).ToList();
        var points = published.Select((g, i) => new ChartPoint(i, g.Key.Platform!, g.Rate!.Value, g.CiLow, g.CiHigh, g.Ended)).ToList();
        return Framed(new ChartSpec("cancellations", "Contracts ended by the platform (share of ended contracts, 95% interval)", "platform", "share ended by the platform",
            ChartKind.Bars, [new ChartSeries("cancellation rate", points)], Notes(report, report.Cancellation.Count(g => g.Suppressed), "platforms"),
            Categories: published.Select(g => g.Key.Platform!).ToList()), report, report.Cancellation.Sum(g => g.Ended), "ended contracts", AxisFormat.Share);
    }

    /// <summary>Kaplan-Meier curves: the share of contracts not yet ended by the platform, by week.</summary>
    public static ChartSpec Survival(StatsReport report)
    {
        var series = report.Survival!.Where(g => !g.Suppressed && g.Curve is { Count: > 0 })
            .Select(g => new ChartSeries(g.Key.Platform!, [new ChartPoint(0, "week 0", 1, null, null, g.Logs),
                .. g.Curve!.Select(s => new ChartPoint(s.Time, $"week {s.Time}", s.Survival, null, null, s.AtRisk))]))
            .ToList();
        return Framed(new ChartSpec("contract-survival", "Contract survival: share not yet ended by the platform (Kaplan-Meier)", "weeks since start", "share still running",
            ChartKind.Steps, series, Notes(report, report.Survival!.Count(g => g.Suppressed), "platforms")), report, report.Survival!.Sum(g => g.Logs), "contracts", AxisFormat.Share);
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
        return Framed(new ChartSpec("misclassification", "Control indicators reported, by platform (share of workers answering)", "indicator", "platform",
            ChartKind.Heatmap, [], notes, published.Select(g => g.Key.Platform!).ToList(), matrix, indicators), report, report.Misclassification.Sum(g => g.Logs), "logs", AxisFormat.Plain);
    }

    /// <summary>Unpaid hours by category as a share of all hours, for the whole filtered set (withheld when its pay figures are).</summary>
    public static ChartSpec UnpaidTimeChart(DbConnection connection, StatsFilter filter)
    {
        var overall = Report(connection, filter with { By = [] }, StatsSections.PayOnly);
        var published = overall.Pay.Groups.FirstOrDefault() is { Suppressed: false } g ? g : null;
        var shares = published is null ? [] : Pay.UnpaidTime.ByCategory(connection, filter);
        var points = shares.Select((s, i) => new ChartPoint(i, s.Category, s.ShareOfAllHours, null, null, published!.Logs)).ToList();
        var notes = Notes(overall, published is null && overall.Pay.Logs > 0 ? 1 : 0, "selection");
        return Framed(new ChartSpec("unpaid-time", "Unpaid time by kind, as a share of all hours worked", "kind of unpaid time", "share of all hours",
            ChartKind.Bars, [new ChartSeries("unpaid share", points)], notes, Categories: shares.Select(s => s.Category).ToList()), overall, overall.Pay.Logs, "logs", AxisFormat.Share);
    }

    /// <summary>
    /// Per platform, over hourly logs with an hourly advertised rate: the median rate advertised against the median
    /// effective pay (unpaid time counted), both in USD.
    /// </summary>
    public static ChartSpec AdvertisedVsEffective(StatsReport report)
    {
        var published = report.Pay.Groups.Where(g => !g.Suppressed && g.AdvertisedMedianUsd is not null && g.EffectiveMedianUsdOfAdvertised is not null).ToList();
        var advertised = published.Select((g, i) => new ChartPoint(i, g.Key.Platform!, g.AdvertisedMedianUsd!.Value, null, null, g.AdvertisedGapN)).ToList();
        var effective = published.Select((g, i) => new ChartPoint(i, g.Key.Platform!, g.EffectiveMedianUsdOfAdvertised!.Value, null, null, g.AdvertisedGapN)).ToList();
        return Framed(new ChartSpec("advertised-vs-effective", "Advertised hourly rate against effective pay (medians, hourly jobs)", "platform", "USD per hour",
            ChartKind.GroupedBars, [new ChartSeries("advertised", advertised), new ChartSeries("effective, unpaid time counted", effective)],
            Notes(report, report.Pay.Groups.Count(g => g.Suppressed), "platforms"), Categories: published.Select(g => g.Key.Platform!).ToList()),
            report, published.Sum(g => g.AdvertisedGapN), "hourly logs with an advertised rate", AxisFormat.Money);
    }

    public const double BinWidthUsd = 5;
    public const int Bins = 20;   // $0-5 ... $95-100, and the last band is "$95 or more"

    /// <summary>
    /// How many logs fall in each $5 band of effective hourly pay (USD), with the minimum wages most of them
    /// fall under (USD ones) as vertical lines. Every band is a published cell: it needs k distinct workers and
    /// no one above 80%, and when one band is withheld the smallest other is too, so the withheld count cannot
    /// be recovered from the published total.
    /// </summary>
    public static ChartSpec PayDistribution(ContractRows.Loaded data, StatsFilter filter)
    {
        var cells = Enumerable.Range(0, Bins).Select(_ => new Privacy.Disclosure.Cell()).ToArray();
        var reference = ReferenceData.PayReference.Shipped;
        var wages = new Dictionary<string, (ReferenceData.PayReference.MinimumWage Wage, Privacy.Disclosure.Cell Cell)>();
        var usdValues = new List<double>();
        foreach (var chunk in data.Rows.Chunks())
        foreach (ref readonly var row in chunk.Span)
        {
            if (!filter.InRange(row.StartMonth) || row.TotalHours <= 0) continue;
            var currency = data.Code(row.Currency)!;
            if (reference.UnitsPerUsd(currency, row.StartYear) is not { } rate) continue;
            var usd = row.GrossPayMinor / Math.Pow(10, reference.MinorUnits(currency)) / row.TotalHours / rate;
            cells[Math.Min(Bins - 1, (int)(usd / BinWidthUsd))].Add(row.SubmitterId);
            usdValues.Add(usd);
            if (reference.MinimumWageFor(data.Code(row.Region), data.Code(row.Country), row.StartYear) is { Currency: "USD" } wage)
            {
                if (!wages.TryGetValue(wage.Jurisdiction, out var seen)) seen = (wage, new Privacy.Disclosure.Cell());
                seen.Cell.Add(row.SubmitterId);
                wages[wage.Jurisdiction] = (wage.Year > seen.Wage.Year ? wage : seen.Wage, seen.Cell);
            }
        }
        var suppressed = cells.Select(c => c.Logs > 0 && c.Suppressed(filter.K)).ToArray();
        if (suppressed.Count(x => x) == 1)   // complementary: the smallest other non-empty band goes too
        {
            var other = Enumerable.Range(0, Bins).Where(i => !suppressed[i] && cells[i].Logs > 0).OrderBy(i => cells[i].Logs).Cast<int?>().FirstOrDefault();
            if (other is { } o) suppressed[o] = true;
        }
        // Each band's count is a published count: the pay section's noisy histogram of the selection, summed over the
        // band's bins (so the bands agree with the medians beside them, and cost nothing more of the synopsis).
        var region = Privacy.Synopsis.Published.Regions(data, filter)?.Selection;
        var histogram = new Privacy.Synopsis.Histogram(Privacy.Synopsis.ValueScale.Usd, usdValues);
        var binsPerBand = (int)(BinWidthUsd / Privacy.Synopsis.ValueScale.Usd.Width);
        int BandLogs(int i) => region?.BinRange(histogram, i * binsPerBand, i == Bins - 1 ? histogram.Scale.Bins : (i + 1) * binsPerBand, "ehpUsd") ?? cells[i].Logs;
        var bands = Enumerable.Range(0, Bins).Where(i => cells[i].Logs > 0 && !suppressed[i])
            .Select(i => (i, logs: BandLogs(i)))
            .Select(b => new ChartPoint(b.i * BinWidthUsd + BinWidthUsd / 2, b.i == Bins - 1 ? $"${b.i * BinWidthUsd:0}+" : $"${b.i * BinWidthUsd:0}-{(b.i + 1) * BinWidthUsd:0}", b.logs, null, null, b.logs))
            .ToList();
        // A wage line names a jurisdiction and how many logs fall under it: a cell like any other, so only
        // jurisdictions with k workers (and none above 80%) are drawn, with their count perturbed.
        var lines = wages.Values.Where(w => !w.Cell.Suppressed(filter.K))
            .Select(w => (w.Wage, Logs: region?.Count(w.Cell.Logs, "wageLogs:" + w.Wage.Jurisdiction) ?? w.Cell.Logs))
            .OrderByDescending(w => w.Logs).ThenBy(w => w.Wage.Jurisdiction, StringComparer.Ordinal).Take(4)
            .Select(w => new ChartPoint(w.Wage.Hourly, $"{w.Wage.Jurisdiction} ${w.Wage.Hourly:0.00}", 0, null, null, w.Logs)).ToList();
        var notes = new List<string>();
        var hidden = suppressed.Count(x => x);
        if (hidden > 0) notes.Add($"{hidden} pay band(s) suppressed (too few workers, or withheld so the others cannot reveal them) and left out.");
        if (data.Rows.Any(r => r.Synthetic)) notes.Add("SYNTHETIC sample data: invented platforms and workers.");
        return new ChartSpec("pay-distribution", "Effective hourly pay (USD, unpaid time counted): logs per $5 band", "USD per hour", "logs",
            ChartKind.Histogram, bands.Count == 0 ? [new ChartSeries("logs", [])] : [new ChartSeries("logs", bands), new ChartSeries("minimum wages (logs under each)", lines)], notes)
        {
            Subtitle = $"{DescribeFilters(filter)}; n = {bands.Sum(b => b.N):N0} logs in published bands",
            Source = SourceLine(data.Release, filter.Exact, data.Rows.Any(r => r.Synthetic)),
        };
    }

    /// <summary>Postings seen per month per platform (public data: no suppression).</summary>
    public static ChartSpec PostingVolume(DbConnection connection, StatsFilter filter) =>
        PostingMonths(connection, filter, "posting-volume", "Postings seen per month", "postings seen", AxisFormat.Plain,
            g => g.Select(o => o.PostingId).Distinct().Count(), g => g.Select(o => o.PostingId).Distinct().Count());

    /// <summary>Median advertised pay per hour in USD (midpoints of time-based rates, at the year's FX rate) per month per platform.</summary>
    public static ChartSpec PostingPay(DbConnection connection, StatsFilter filter) =>
        PostingMonths(connection, filter, "posting-pay", "Advertised pay per hour (median of posting midpoints, USD)", "USD per hour advertised", AxisFormat.Money,
            g => Stats.Quantiles.Median(g.Select(o => o.HourlyUsd).OfType<double>().ToList()) ?? double.NaN, g => g.Count(o => o.HourlyUsd is not null));

    static ChartSpec PostingMonths(DbConnection connection, StatsFilter filter, string name, string title, string yLabel, AxisFormat format,
        Func<IEnumerable<Postings.AdvertisedObservation>, double> value, Func<IEnumerable<Postings.AdvertisedObservation>, int> n)
    {
        var rows = Postings.AdvertisedHourly.Read(connection, filter);
        var series = rows.GroupBy(r => r.Platform).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new ChartSeries(g.Key, g.GroupBy(r => r.Month).OrderBy(m => m.Key, StringComparer.Ordinal)
                .Select(m => new ChartPoint(MonthX(m.Key), m.Key, value(m), null, null, n(m)))
                .Where(p => !double.IsNaN(p.Y)).ToList()))
            .Where(s => s.Points.Count > 0).ToList();
        return new ChartSpec(name, title, "month seen", yLabel, ChartKind.Lines, series, ["Postings are public and shown as scraped."])
        {
            Subtitle = $"{DescribeFilters(filter)}; n = {rows.Select(r => r.PostingId).Distinct().Count():N0} postings",
            Source = "Source: LaborWatch, public postings as scraped",
            YFormat = format,
        };
    }

    static double MonthX(string month) => new DateTime(int.Parse(month[..4]), int.Parse(month[5..]), 1).ToOADate();
}
