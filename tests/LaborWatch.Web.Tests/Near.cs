using LaborWatch.Privacy.Synopsis;

namespace LaborWatch.Web.Tests;

/// <summary>
/// Asserts on published figures, which the synopsis moves on purpose: a count within five standard deviations of its
/// region's noise (sigma about 11 logs a node; a one-in-a-million miss), a magnitude within a tenth of itself. The
/// exact figures are checked on the library (`Exact = true`); the web only ever publishes these. Tests that need a
/// published median give the platform enough logs of nearly one pay (<see cref="CsvRows.Many"/>).
/// </summary>
public static class Near
{
    public static double CountTolerance(int nodes = 1) => 5 * Math.Sqrt(Synopsis.Variance * nodes);

    public static void Count(int expected, int actual, string? message = null, int nodes = 1)
    {
        var d = CountTolerance(nodes);
        Assert.IsTrue(Math.Abs(expected - actual) <= d, $"published {actual}, true {expected}: more than {d:0} apart. {message}");
    }

    public static void Magnitude(double expected, double actual, string? message = null, double floor = 0.05)
    {
        var bound = Math.Max(0.1 * Math.Abs(expected), floor);
        Assert.IsTrue(Math.Abs(expected - actual) <= bound, $"published {actual}, true {expected}: more than {bound} apart. {message}");
    }

    /// <summary>"n = 24 logs" on a page: the number in it, near the true one.</summary>
    public static void CountIn(string text, string before, int expected, string after = "", int nodes = 1)
    {
        var match = System.Text.RegularExpressions.Regex.Match(text, System.Text.RegularExpressions.Regex.Escape(before) + @"([\d,]+)" + System.Text.RegularExpressions.Regex.Escape(after));
        Assert.IsTrue(match.Success, $"'{before}N{after}' not in: {text}");
        Count(expected, int.Parse(match.Groups[1].Value.Replace(",", "")), text, nodes);
    }
}
