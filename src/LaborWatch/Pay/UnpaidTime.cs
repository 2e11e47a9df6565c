using LaborWatch.Contracts;
using LaborWatch.Reports;
using Microsoft.Data.Sqlite;

namespace LaborWatch.Pay;

/// <summary>
/// Unpaid time by category as a share of all hours worked, for the logs of a filter (by month started).
/// Published only when the same logs' pay figures are: the caller passes that decision in.
/// </summary>
public static class UnpaidTime
{
    public sealed record Share(string Category, double Hours, double ShareOfAllHours);

    public static IReadOnlyList<Share> ByCategory(SqliteConnection connection, StatsFilter filter)
    {
        var (where, parameters) = filter.Where("c.start_month");
        var sums = string.Join(", ", ContractColumns.UnpaidHours.Select(c => $"coalesce(sum(c.{c}), 0)"));
        var sql = $"SELECT coalesce(sum(c.paid_hours + c.unpaid_hours), 0), {sums} FROM contracts c JOIN platforms p ON p.id = c.platform_id WHERE {where}";
        using var q = new Data.RawQuery(connection, sql, parameters);
        if (!q.Step() || q.Double(0) <= 0) return [];
        var total = q.Double(0);
        return ContractColumns.UnpaidHours.Select((c, i) => new Share(Label(c), q.Double(i + 1), q.Double(i + 1) / total)).ToList();
    }

    /// <summary>"unpaid_guidelines_hours" as "guidelines".</summary>
    public static string Label(string column) => column["unpaid_".Length..^"_hours".Length];
}
