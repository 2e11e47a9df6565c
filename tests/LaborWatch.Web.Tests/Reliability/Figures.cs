using System.Diagnostics;

namespace LaborWatch.Web.Tests.Reliability;

/// <summary>
/// The reliability suite's size and its figures. In the normal test run each check runs small (quick);
/// `scripts/reliability.sh` sets LABORWATCH_RELIABILITY=full for the sizes docs/reliability.md quotes, and
/// LABORWATCH_RELIABILITY_OUT to a file where every check appends one line of its figures, which the
/// script prints as one table.
/// </summary>
public static class Figures
{
    public static bool Full => Environment.GetEnvironmentVariable("LABORWATCH_RELIABILITY") == "full";

    public static int Pick(int quick, int full) => Full ? full : quick;

    static readonly Lock Gate = new();

    /// <summary>
    /// One row of the table: what was tried and how many times, and how many of those went wrong (lost or
    /// half-written rows, server errors, injected elements, escaped exceptions: named by <paramref name="bad"/>).
    /// A check records its row before it asserts, so a failing check still shows its figures.
    /// </summary>
    public static void Record(string area, string check, long tried, string unit, long failures, string bad)
    {
        var line = $"{area}\t{check}\t{tried}\t{unit}\t{failures}\t{bad}";
        Trace.WriteLine(line);
        if (Environment.GetEnvironmentVariable("LABORWATCH_RELIABILITY_OUT") is { Length: > 0 } file)
            lock (Gate) File.AppendAllText(file, line + "\n");
    }
}
