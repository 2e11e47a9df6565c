namespace LaborWatch.Stats;

/// <summary>Quantiles by linear interpolation between order statistics (Hyndman-Fan type 7: numpy's default, Excel PERCENTILE.INC).</summary>
public static class Quantiles
{
    /// <summary>The p-quantile of values already sorted ascending; null for no values.</summary>
    public static double? OfSorted(IReadOnlyList<double> sorted, double p)
    {
        if (sorted.Count == 0) return null;
        if (p is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(p), p, "a quantile is between 0 and 1");
        var h = (sorted.Count - 1) * p;
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(lo + 1, sorted.Count - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    public static double? Median(List<double> values)
    {
        values.Sort();
        return OfSorted(values, 0.5);
    }
}
