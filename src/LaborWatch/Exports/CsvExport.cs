using LaborWatch.Reports;
using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using LaborWatch.Instability;
using LaborWatch.Misclassification;
using LaborWatch.Pay;
using LaborWatch.Postings;
using LaborWatch.Contracts;

namespace LaborWatch.Exports;

/// <summary>One column of an exported table: its name, what it means (the data dictionary) and its value.</summary>
public sealed record CsvColumn<T>(string Name, string Meaning, Func<T, object?> Value);

/// <summary>
/// The CSV tables of a report (RFC 4180: comma, CRLF, quotes doubled; UTF-8 without BOM) and their data
/// dictionary, built from the same column definitions so the two cannot drift. Text cells that a spreadsheet
/// would run as a formula are neutralised.
/// </summary>
public static class CsvExport
{
    public static readonly string[] Tables = ["pay", "cancellation", "misclassification", "postings", "pay_changes", "promised_vs_paid"];

    public const string FormulaRule =
        "Text cells that begin with =, +, -, @, a tab or a carriage return are written with an apostrophe (') in front, " +
        "so spreadsheet programs show them as text instead of running them as formulas; numbers are never altered.";

    /// <summary>Every table plus dictionary.csv, by file name.</summary>
    public static IReadOnlyList<(string Name, byte[] Bytes)> Files(ReportContent report) =>
    [
        .. Tables.Select(t => (t + ".csv", Table(report, t))),
        ("dictionary.csv", Dictionary(report)),
    ];

    public static byte[] Table(ReportContent report, string table) => Write(Bind(report, table));

    /// <summary>A table's columns (name, meaning) and its rows of raw values: written as CSV, shown in HTML, described in the dictionary.</summary>
    sealed record BoundTable(IReadOnlyList<(string Name, string Meaning)> Columns, IEnumerable<object?[]> Rows);

    static BoundTable Bound<T>(IReadOnlyList<CsvColumn<T>> columns, IEnumerable<T> rows) =>
        new(columns.Select(c => (c.Name, c.Meaning)).ToList(), rows.Select(r => columns.Select(c => c.Value(r)).ToArray()));

    /// <summary>The one place a table name meets its columns and rows.</summary>
    static BoundTable Bind(ReportContent report, string table) => table switch
    {
        "pay" => Bound(PayColumns(report.Filter), report.Stats.Pay.Groups),
        "cancellation" => Bound(CancellationColumns(report.Filter), report.Stats.Cancellation),
        "misclassification" => Bound(MisclassificationColumns(report.Filter), report.Stats.Misclassification),
        "postings" => Bound(PostingColumns, report.Postings),
        "pay_changes" => Bound(PayChangeColumns, report.PayChanges),
        "promised_vs_paid" => Bound(PromisedVsPaidColumns, report.Stats.PromisedVsPaid ?? []),
        _ => throw new ArgumentException($"unknown table '{table}' (tables: {string.Join(", ", Tables)})"),
    };

    /// <summary>A chart's data table (every point with its n) as CSV, for the dashboard's per-chart download.</summary>
    public static byte[] Chart(Charts.ChartSpec chart) => Write(chart.Kind == Charts.ChartKind.Heatmap
        ? Bound([new CsvColumn<string[]>("row", "", r => r[0]), new("column", "", r => r[1]), new("value", "", r => r[2] == "-" ? null : r[2])], chart.Table())
        : Bound([new CsvColumn<string[]>("series", "", r => r[0]), new("point", "", r => r[1]), new("value", "", r => Num(r[2])),
                 new("low", "", r => Num(r[3])), new("high", "", r => Num(r[4])), new("n", "", r => Num(r[5]))], chart.Table()));

    /// <summary>Chart tables hold numbers as text ("-" when none): written back as numbers, never neutralised.</summary>
    static double? Num(string s) => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;

    /// <summary>A table as headers and raw values (before CSV formatting): what the HTML report shows.</summary>
    public static (string[] Headers, List<object?[]> Rows) Grid(ReportContent report, string table)
    {
        var bound = Bind(report, table);
        return (bound.Columns.Select(c => c.Name).ToArray(), bound.Rows.ToList());
    }

    public static byte[] Dictionary(ReportContent report)
    {
        var rows = Tables.SelectMany(t => Bind(report, t).Columns.Select(c => (Table: t, Column: c.Name, c.Meaning))).ToList();
        rows.Add(("*", "(every table)", "Numbers use a '.' decimal point; money in major units (20.5 dollars); shares are fractions between 0 and 1; an empty cell is null."));
        rows.Add(("*", "(suppressed rows)", $"A row with suppressed = true stands on fewer than k = {report.Filter.K} workers or has one worker above 80% of its logs (or would reveal such a row by subtraction): only its keys and sizes are published, every figure is empty."));
        rows.Add(("*", "(protection)", report.Filter.Exact ? StatsReport.ExactWarning
            : StatsReport.ProtectionNote + (report.Stats.Release is { } r ? $" Figures of {r.Label}." : " No release had been cut.")));
        rows.Add(("*", "(formula protection)", FormulaRule));
        rows.Add(("*", "(encoding)", "RFC 4180: comma-separated, CRLF line ends, fields with commas, quotes or line breaks in double quotes; UTF-8 without a byte-order mark."));
        return Write(Bound([new CsvColumn<(string Table, string Column, string Meaning)>("table", "", r => r.Table), new("column", "", r => r.Column), new("meaning", "", r => r.Meaning)], rows));
    }

    /// <summary>
    /// How every CSV of LaborWatch is written: RFC 4180 (CRLF, CsvHelper's default line end, which also quotes a field
    /// holding a lone CR or LF: with NewLine set to "\r\n" it quoted only fields holding both, and a scraped title with
    /// a line break split its row), invariant numbers, and the formula guard on text.
    /// </summary>
    public static CsvWriter Writer(TextWriter text)
    {
        var csv = new CsvWriter(text, new CsvConfiguration(CultureInfo.InvariantCulture));
        FormulaGuard.Register(csv.Context);
        return csv;
    }

    static byte[] Write(BoundTable table)
    {
        using var buffer = new MemoryStream();
        using (var text = new StreamWriter(buffer, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)))
        using (var csv = Writer(text))
        {
            foreach (var c in table.Columns) csv.WriteField(c.Name);
            csv.NextRecord();
            foreach (var row in table.Rows)
            {
                foreach (var value in row) csv.WriteField(value);   // by the value's type: FormulaGuard for text
                csv.NextRecord();
            }
        }
        return buffer.ToArray();
    }

    static double? M(double? v) => v is { } x ? StatsReport.Money(x) : null;
    static double? S(double? v) => v is { } x ? StatsReport.Share(x) : null;

    static IEnumerable<CsvColumn<T>> Keys<T>(StatsFilter filter, Func<T, GroupKey> key) =>
        filter.By.Select(d => new CsvColumn<T>(d, d switch
        {
            "month" => "the month (YYYY-MM) the group's contracts started (pay, misclassification) or ended (cancellation)",
            "parent" => "the company a platform brand belongs to (reference/platform_parents.tsv)",
            "country" => "ISO 3166-1 country the worker worked from",
            "task_type" => "kind of work",
            _ => "the platform's name as shown to people",
        }, r => key(r)[d]));

    static List<CsvColumn<PayGroup>> PayColumns(StatsFilter f) =>
    [
        .. Keys<PayGroup>(f, g => g.Key),
        new("logs", "contract logs in the group (n)", g => g.Logs),
        new("submitters", "distinct workers behind the logs", g => g.Submitters),
        new("suppressed", "true when the group's figures are withheld by disclosure control", g => g.Suppressed),
        new("ehp_usd_p25", "effective hourly pay in USD (pay / (paid + unpaid hours)), 25th percentile (type 7)", g => M(g.P25)),
        new("ehp_usd_median", "effective hourly pay in USD, median", g => M(g.Median)),
        new("ehp_usd_p75", "effective hourly pay in USD, 75th percentile", g => M(g.P75)),
        new("ehp_usd_pooled", "all USD pay / all hours of the group", g => M(g.Pooled)),
        new("ehp_usd_n", "logs with hours and a USD rate behind the four figures above", g => g.Suppressed ? null : g.EhpN),
        new("unpaid_share", "unpaid hours / all hours", g => S(g.UnpaidShare)),
        new("below_minimum_wage_share", "share of logs paid below the local minimum wage (own currency)", g => S(g.BelowMinimumWageShare)),
        new("below_minimum_wage_n", "logs with a known minimum wage in their currency", g => g.Suppressed ? null : g.BelowMinimumWageN),
        new("advertised_gap", "median of (advertised - effective) / advertised over hourly logs with an hourly advertised rate", g => S(g.AdvertisedGap)),
        new("advertised_gap_n", "logs behind advertised_gap", g => g.Suppressed ? null : g.AdvertisedGapN),
        new("payment_delay_median_days", "median days from work to payment", g => g.PaymentDelayMedianDays is { } d ? Math.Round(d, 1) : null),
        new("paid_after_30_days_share", "share of logs paid more than 30 days after the work", g => S(g.PaidAfter30DaysShare)),
        new("payment_delay_n", "logs reporting a payment delay", g => g.Suppressed ? null : g.PaymentDelayN),
        new("rate_cut_share", "share of logs reporting a rate cut during the contract", g => S(g.RateCutShare)),
        new("rate_cut_n", "logs answering the rate-cut question", g => g.Suppressed ? null : g.RateCutN),
    ];

    static List<CsvColumn<CancellationGroup>> CancellationColumns(StatsFilter f) =>
    [
        .. Keys<CancellationGroup>(f, g => g.Key),
        new("ended", "contracts that ended (n)", g => g.Ended),
        new("submitters", "distinct workers behind them", g => g.Submitters),
        new("suppressed", "true when the group's figures are withheld by disclosure control", g => g.Suppressed),
        new("platform_ended", "contracts cancelled by the platform or ended by deactivation", g => g.PlatformEnded),
        new("rate", "platform_ended / ended", g => S(g.Rate)),
        new("ci95_low", "95% Wilson score interval, low end", g => S(g.CiLow)),
        new("ci95_high", "95% Wilson score interval, high end", g => S(g.CiHigh)),
        new("abrupt_share", "platform-ended with under 24 hours' notice / platform-ended with known notice", g => S(g.AbruptShare)),
        new("abrupt_n", "platform-ended contracts with known notice", g => g.Suppressed ? null : g.AbruptN),
    ];

    static List<CsvColumn<MisclassificationGroup>> MisclassificationColumns(StatsFilter f) =>
    [
        .. Keys<MisclassificationGroup>(f, g => g.Key),
        new("logs", "contract logs in the group (n)", g => g.Logs),
        new("submitters", "distinct workers behind the logs", g => g.Submitters),
        new("suppressed", "true when the group's figures are withheld by disclosure control", g => g.Suppressed),
        .. Rubric.Shipped.Indicators.Select(i => i.Name).SelectMany(flag => new CsvColumn<MisclassificationGroup>[]
        {
            new($"{flag}_share", $"share of logs reporting '{flag}', of those answering", g => S(g.Indicators?.GetValueOrDefault(flag)?.Share)),
            new($"{flag}_n", $"logs answering '{flag}'", g => g.Indicators?.GetValueOrDefault(flag)?.Answered),
        }),
        new("abc_a", "share of logs signalling California ABC prong A", g => S(g.AbcA)),
        new("abc_b", "share signalling prong B", g => S(g.AbcB)),
        new("abc_c", "share signalling prong C", g => S(g.AbcC)),
        new("abc_any", "share signalling any ABC prong", g => S(g.AbcAny)),
        new("dol_factors_mean", "mean number of DOL 2024 factors signalled (0-6)", g => g.DolFactorsMean is { } v ? Math.Round(v, 2) : null),
        new("irs_factors_mean", "mean number of IRS Rev. Rul. 87-41 factors signalled (0-20)", g => g.IrsFactorsMean is { } v ? Math.Round(v, 2) : null),
        new("eu_proposal_presumption_share", "share meeting the EU 2021 proposal's presumption (2 or more of 5 criteria)", g => S(g.EuProposalPresumptionShare)),
    ];

    static readonly List<CsvColumn<PostingRow>> PostingColumns =
    [
        new("platform", "platform named by the posting (or its folder)", p => p.Platform),
        new("source", "adapter that read it: jsonld, greenhouse, lever, ashby, css", p => p.Source),
        new("external_id", "the board's own id of the posting", p => p.ExternalId),
        new("url", "where the posting was read", p => p.Url),
        new("title", "job title", p => p.Title),
        new("employment_type", "as the posting states it", p => p.EmploymentType),
        new("remote", "true when the posting says remote", p => p.Remote),
        new("pay_min", "advertised pay, lower end, as of the latest observation", p => p.Pay.Min),
        new("pay_max", "advertised pay, upper end", p => p.Pay.Max),
        new("pay_currency", "ISO 4217", p => p.Pay.Currency),
        new("pay_unit", "hour, day, week, month, year, task, word or project", p => p.Pay.Unit),
        new("hourly_min", "pay_min per hour where the unit is time (day /8, week /40, month /173.33, year /2080)", p => p.Pay.HourlyMin is { } v ? Math.Round(v, 2) : null),
        new("hourly_max", "pay_max per hour, likewise", p => p.Pay.HourlyMax is { } v ? Math.Round(v, 2) : null),
        new("first_seen", "first day the posting was observed", p => p.FirstSeen),
        new("last_seen", "latest day the posting was observed", p => p.LastSeen),
        new("observations", "times it was observed", p => p.Observations),
        new("content_sha256", "SHA-256 of the raw page or API response the latest pay was read from", p => p.RawSha256),
    ];

    static readonly List<CsvColumn<PayChange>> PayChangeColumns =
    [
        new("platform", "platform of the posting", c => c.Platform),
        new("url", "the posting", c => c.Url),
        new("observed_at", "day the new pay was first observed", c => c.ObservedAt),
        new("before_min", "pay before, lower end", c => c.Before.Min),
        new("before_max", "pay before, upper end", c => c.Before.Max),
        new("before_currency", "currency before", c => c.Before.Currency),
        new("before_unit", "unit before", c => c.Before.Unit),
        new("after_min", "pay after, lower end", c => c.After.Min),
        new("after_max", "pay after, upper end", c => c.After.Max),
        new("after_currency", "currency after", c => c.After.Currency),
        new("after_unit", "unit after", c => c.After.Unit),
        new("cut", "true when the normalised midpoint (the maximum for 'up to') fell", c => c.Cut),
    ];

    static readonly List<CsvColumn<PromisedVsPaidRow>> PromisedVsPaidColumns =
    [
        new("platform", "platform (postings and logs matched by slug)", r => r.Platform),
        new("month", "YYYY-MM: month the postings were seen and the logged contracts started", r => r.Month),
        new("advertised_postings", "postings seen that month with a time-based rate in a currency with an FX rate (public, exact)", r => r.Postings),
        new("advertised_median_usd", "median advertised pay per hour in USD: midpoints (the ceiling of 'up to'), at the FX rate of the year", r => M(r.AdvertisedMedianUsd)),
        new("logs", "logs behind the effective figure (published, perturbed count)", r => r.Logs),
        new("suppressed", "true when the logged side is withheld (disclosure control)", r => r.Suppressed),
        new("effective_median_usd", "published median effective hourly pay in USD of the logs, unpaid time counted", r => M(r.EffectiveMedianUsd)),
        new("gap", "(advertised - effective) / advertised, from the two medians", r => S(r.Gap)),
    ];
}
