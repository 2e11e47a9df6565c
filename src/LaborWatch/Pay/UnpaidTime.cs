using System.Data.Common;
using LaborWatch.Contracts;

namespace LaborWatch.Pay;

/// <summary>
/// Unpaid time by category as a share of all hours worked, for the logs of a filter (by month started).
/// Published only when the same logs' pay figures are: the caller passes that decision in.
/// </summary>
public static class UnpaidTime
{
    public sealed record Share(string Category, double Hours, double ShareOfAllHours);

    public static IReadOnlyList<Share> ByCategory(DbConnection connection, StatsFilter filter)
    {
        var (where, parameters) = filter.Where("c.start_month");
        // Each hour figure as it is, and in quarter hours capped per log as the published sums hold them (PayFigures.HourCap).
        // A log of more than 100 hours counts scaled down to 100, each of its hours by the same factor (as PayFigures does).
        static string Capped(string expression) =>
            $"coalesce(sum(round({expression} * 4 * CASE WHEN c.paid_hours + c.unpaid_hours > {PayFigures.HourCap / 4} THEN {PayFigures.HourCap / 4}.0 / (c.paid_hours + c.unpaid_hours) ELSE 1 END)), 0)";
        var sums = string.Join(", ", ContractColumns.UnpaidHours.Select(c => $"coalesce(sum(c.{c}), 0), {Capped($"c.{c}")}"));
        var sql = $"SELECT coalesce(sum(c.paid_hours + c.unpaid_hours), 0), {Capped("(c.paid_hours + c.unpaid_hours)")}, {sums} FROM contracts c JOIN platforms p ON p.id = c.platform_id WHERE {where}";
        // Published: each category's noisy sum over the selection's region of the synopsis, over the noisy total hours. The
        // release is read before the sums' query opens: a PostgreSQL connection runs one command at a time.
        var release = filter.Exact ? null : Contracts.ReleasedLogs.Current(connection);
        using var q = new Data.RawQuery(connection, sql, parameters);
        if (!q.Step() || q.Double(0) <= 0) return [];
        var region = Privacy.Synopsis.Synopsis.Of(release) is { } synopsis ? new Privacy.Synopsis.Region.Of(synopsis, filter, Privacy.Synopsis.Basis.Started).Selection : null;
        if (region is null)
            return ContractColumns.UnpaidHours.Select((c, i) => new Share(Label(c), q.Double(2 + 2 * i), q.Double(2 + 2 * i) / q.Double(0))).ToList();
        var total = region.Sum((long)q.Double(1), PayFigures.HourUnit, PayFigures.HourCap, "totalHours");
        return ContractColumns.UnpaidHours.Select((c, i) =>
        {
            var hours = region.Sum((long)q.Double(3 + 2 * i), PayFigures.HourUnit, PayFigures.HourCap, "unpaidHours:" + c);
            return new Share(Label(c), hours, total > 0 ? Math.Clamp(hours / total, 0, 1) : 0);
        }).ToList();
    }

    /// <summary>"unpaid_guidelines_hours" as "guidelines".</summary>
    public static string Label(string column) => column["unpaid_".Length..^"_hours".Length];
}
