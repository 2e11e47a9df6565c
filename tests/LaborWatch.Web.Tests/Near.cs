using LaborWatch.Privacy;

namespace LaborWatch.Web.Tests;

/// <summary>
/// Asserts on published figures, which the cell key method moves on purpose: a count within the ptable's
/// largest change of the true one, a magnitude within its largest relative shift (plus rounding). The exact
/// figures are checked on the library (`Exact = true`); the web only ever publishes these.
/// </summary>
public static class Near
{
    public static void Count(int expected, int actual, string? message = null)
    {
        var d = PerturbationTable.Shipped.LargestChange;
        Assert.IsTrue(Math.Abs(expected - actual) <= d, $"published {actual}, true {expected}: more than {d} apart. {message}");
        Assert.IsFalse(actual is >= 1 and <= 2, $"published count {actual} is in the band that is never published. {message}");
    }

    public static void Magnitude(double expected, double actual, string? message = null, double floor = CellKey.MoneyFloor)
    {
        var bound = Math.Max(CellKey.MaximumShift * Math.Abs(expected), floor * CellKey.MaximumShift / CellKey.MinimumShift) + 0.01;
        Assert.IsTrue(Math.Abs(expected - actual) <= bound, $"published {actual}, true {expected}: more than {bound} apart. {message}");
    }

    /// <summary>"n = 24 logs" on a page: the number in it, near the true one.</summary>
    public static void CountIn(string text, string before, int expected, string after = "")
    {
        var match = System.Text.RegularExpressions.Regex.Match(text, System.Text.RegularExpressions.Regex.Escape(before) + @"([\d,]+)" + System.Text.RegularExpressions.Regex.Escape(after));
        Assert.IsTrue(match.Success, $"'{before}N{after}' not in: {text}");
        Count(expected, int.Parse(match.Groups[1].Value.Replace(",", "")), text);
    }
}
