using System.Text;
using LaborWatch.Contracts;

namespace LaborWatch.Tests;

/// <summary>Builds contract-log CSV for tests: a valid row by default, with the values a test cares about overridden.</summary>
public static class Rows
{
    public static Dictionary<string, string> Valid(string submitter = "s1", params (string Column, string Value)[] overrides)
    {
        var row = new Dictionary<string, string>
        {
            ["submitter"] = submitter,
            ["platform"] = "Alpha",
            ["task_type"] = "rlhf_rating",
            ["country"] = "US-CA",
            ["started"] = "2025-03-10",
            ["ended"] = "2025-04-20",
            ["status"] = "completed",
            ["pay_basis"] = "hourly",
            ["currency"] = "USD",
            ["gross_pay"] = "200",
            ["paid_hours"] = "10",
        };
        foreach (var (column, value) in overrides) row[column] = value;
        return row;
    }

    /// <summary>CSV over the union of the rows' columns, in canonical order.</summary>
    public static string Csv(params Dictionary<string, string>[] rows)
    {
        var columns = ContractColumns.All.Where(c => rows.Any(r => r.ContainsKey(c))).ToList();
        var sb = new StringBuilder(string.Join(',', columns)).Append('\n');
        foreach (var row in rows)
            sb.Append(string.Join(',', columns.Select(c => Quote(row.GetValueOrDefault(c) ?? "")))).Append('\n');
        return sb.ToString();
    }

    static string Quote(string v) => v.IndexOfAny([',', '"', '\n']) >= 0 ? '"' + v.Replace("\"", "\"\"") + '"' : v;
}
