namespace LaborWatch.Stats;

/// <summary>The Wilson score interval for a binomial proportion (Wilson 1927): sound at 0, at n and for small n.</summary>
public static class Wilson
{
    /// <summary>z for a two-sided 95% interval, as the methodology fixes it.</summary>
    public const double Z95 = 1.959963984540054;

    /// <summary>(low, high) for <paramref name="successes"/> of <paramref name="n"/>; null when n is 0.</summary>
    public static (double Low, double High)? Interval(int successes, int n, double z = Z95)
    {
        if (n <= 0) return null;
        if (successes < 0 || successes > n) throw new ArgumentOutOfRangeException(nameof(successes), successes, $"not within 0..{n}");
        double p = (double)successes / n, z2 = z * z;
        var denominator = 1 + z2 / n;
        var centre = (p + z2 / (2 * n)) / denominator;
        var half = z * Math.Sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / denominator;
        // Clamp the rounding noise at the ends: at 0 successes the low end is exactly 0, at n the high end exactly 1.
        return (successes == 0 ? 0 : Math.Max(0, centre - half), successes == n ? 1 : Math.Min(1, centre + half));
    }
}
