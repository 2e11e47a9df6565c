using System.Data.Common;
using Dapper;
using LaborWatch.Stats;
using LaborWatch.ReferenceData;

namespace LaborWatch.Contracts;

/// <summary>
/// Robust outlier flag for submitted logs (Iglewicz and Hoaglin's modified z-score): a log whose effective
/// hourly pay in USD lies more than 3.5 robust standard deviations from the median of the approved logs of
/// the same platform and task type waits for a researcher. Median and MAD are not moved by the outliers
/// themselves, so a platform flooding the form with fake high pay cannot drag the baseline along.
/// </summary>
public static class OutlierCheck
{
    public const double Threshold = 3.5;

    /// <summary>Below this many approved logs of the platform and task type there is no baseline and no flag.</summary>
    public const int MinimumBaseline = 10;

    /// <summary>0.6745 (x - median) / MAD; when MAD is 0, (x - median) / (1.253314 mean absolute deviation); null when both are 0.</summary>
    public static double? ModifiedZ(double x, IReadOnlyList<double> baseline)
    {
        if (baseline.Count == 0) return null;
        var sorted = baseline.Order().ToArray();
        var median = Quantiles.OfSorted(sorted, 0.5)!.Value;
        var deviations = sorted.Select(v => Math.Abs(v - median)).Order().ToArray();
        var mad = Quantiles.OfSorted(deviations, 0.5)!.Value;
        if (mad > 0) return 0.6745 * (x - median) / mad;
        var meanAbsolute = deviations.Average();
        if (meanAbsolute > 0) return (x - median) / (1.253314 * meanAbsolute);
        return x == median ? 0 : double.PositiveInfinity * Math.Sign(x - median);
    }

    public static double? EhpUsd(long grossMinor, double totalHours, string currency, int year, PayReference reference)
    {
        if (totalHours <= 0 || reference.UnitsPerUsd(currency, year) is not { } perUsd) return null;
        return grossMinor / Math.Pow(10, reference.MinorUnits(currency)) / perUsd / totalHours;
    }

    /// <summary>
    /// Whether each log is an outlier for its platform and task type. Runs before the write transaction (the
    /// baseline scans the approved logs of the group, which takes a while on a big table) and scans each
    /// group once however many logs of it a submission holds.
    /// </summary>
    public static bool[] Flags(DbConnection connection, IReadOnlyList<ContractLog> logs, PayReference reference)
    {
        var baselines = new Dictionary<(string, string), List<double>>();
        return logs.Select(log =>
        {
            var year = int.Parse(log.StartMonth[..4], System.Globalization.CultureInfo.InvariantCulture);
            if (EhpUsd(log.GrossPayMinor, log.PaidHours + log.UnpaidHours.Sum(), log.Currency, year, reference) is not { } ehp) return false;
            if (!baselines.TryGetValue((log.PlatformSlug, log.TaskType), out var baseline))
                baselines[(log.PlatformSlug, log.TaskType)] = baseline = Baseline(connection, log.PlatformSlug, log.TaskType, reference);
            return baseline.Count >= MinimumBaseline && ModifiedZ(ehp, baseline) is { } z && Math.Abs(z) > Threshold;
        }).ToArray();
    }

    static List<double> Baseline(DbConnection connection, string platformSlug, string taskType, PayReference reference) =>
        connection.Query<(long Gross, double Hours, string Currency, string Month)>($"""
            SELECT c.gross_pay_minor, c.paid_hours + c.unpaid_hours, c.currency, c.start_month
            FROM contracts c JOIN platforms p ON p.id = c.platform_id
            WHERE p.slug = @platformSlug AND c.task_type = @taskType AND c.moderation = 'approved' AND c.withdrawn = 0 AND {StagedImport.Visible}
            """, new { platformSlug, taskType })
            .Select(r => EhpUsd(r.Gross, r.Hours, r.Currency, int.Parse(r.Month[..4], System.Globalization.CultureInfo.InvariantCulture), reference))
            .OfType<double>()
            .ToList();
}
