namespace LaborWatch.Web.Tests;

/// <summary>Small contract-log CSV for web tests: n workers on a platform, one valid log each.</summary>
public static class CsvRows
{
    const string Header = "submitter,platform,task_type,country,started,ended,status,pay_basis,currency,gross_pay,paid_hours,unpaid_idle_hours";

    public static string Workers(string platform, int n, double grossPerLog = 200, string prefix = "w") =>
        string.Concat(Enumerable.Range(1, n).Select(i =>
            $"{prefix}{i},\"{platform.Replace("\"", "\"\"")}\",rlhf_rating,US-CA,2025-03-10,2025-04-20,completed,hourly,USD,{grossPerLog + i},10,2\n"));

    /// <summary>
    /// n workers of nearly one pay (gross + 0, 1 or 2 for 10 paid and 2 idle hours): enough of them, and close enough,
    /// that the synopsis publishes a median within a few cents of the true one.
    /// </summary>
    public static string Many(string platform, int n, double grossPerLog = 200, string prefix = "m") =>
        string.Concat(Enumerable.Range(1, n).Select(i =>
            $"{prefix}{i},\"{platform.Replace("\"", "\"\"")}\",rlhf_rating,US-CA,2025-03-10,2025-04-20,completed,hourly,USD,{grossPerLog + i % 3},10,2\n"));

    public static string Csv(params string[] bodies) => Header + "\n" + string.Concat(bodies);
}
