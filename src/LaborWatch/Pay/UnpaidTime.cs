using System.Data.Common;
using LaborWatch.Contracts;
using LaborWatch.Reports;

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
        var sums = string.Join(", ", ContractColumns.UnpaidHours.Select(c => $"coalesce(sum(c.{c}), 0)"));
        var sql = $"SELECT coalesce(sum(c.paid_hours + c.unpaid_hours), 0), coalesce(sum(c.record_key), 0), {sums} FROM contracts c JOIN platforms p ON p.id = c.platform_id WHERE {where}";
        using var q = new Data.RawQuery(connection, sql, parameters);
        if (!q.Step() || q.Double(0) <= 0) return [];
        var total = q.Double(0);
        var cellKey = (ulong)q.Int64(1);   // the selection's cell key: the sum of its logs' record keys
        return ContractColumns.UnpaidHours.Select((c, i) =>
        {
            var share = q.Double(i + 2) / total;
            // Published shares move by the cell key method like every magnitude; the hours stay internal.
            if (filter.Noise is { } noise) share = Math.Clamp(noise.Magnitude(share, cellKey, "unpaidShare:" + c, Privacy.CellKey.ShareFloor), 0, 1);
            return new Share(Label(c), q.Double(i + 2), share);
        }).ToList();
    }

    /// <summary>"unpaid_guidelines_hours" as "guidelines".</summary>
    public static string Label(string column) => column["unpaid_".Length..^"_hours".Length];
}
