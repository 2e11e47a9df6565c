namespace LaborWatch.Privacy.Synopsis;

/// <summary>
/// Exact sampling from the discrete Gaussian N_Z(0, sigma^2) with an integer variance, by the algorithm of Canonne,
/// Kamath and Steinke ("The Discrete Gaussian for Differential Privacy", 2020, Algorithms 1-3): a discrete Laplace
/// proposal accepted with probability exp(-(|Y| - sigma^2/t)^2 / (2 sigma^2)), every Bernoulli drawn from exact
/// integer ratios of random bits. No floating point touches the noise, so there is none of the rounding structure
/// Mironov (2012) used to attack floating-point Laplace: each published value is its true value plus an integer.
/// </summary>
public static class DiscreteGaussian
{
    /// <summary>One sample of N_Z(0, <paramref name="variance"/>), drawn from <paramref name="bits"/>.</summary>
    public static long Sample(ref KeyedBits bits, long variance)
    {
        if (variance <= 0) throw new ArgumentOutOfRangeException(nameof(variance));
        var t = (long)Math.Floor(Math.Sqrt(variance)) + 1;   // floor(sigma) + 1, the proposal's scale
        while (t * t <= variance) t++;                        // exact, whatever sqrt rounded to
        while ((t - 1) * (t - 1) > variance) t--;
        while (true)
        {
            var y = Laplace(ref bits, t);
            // exp(-(|y| - s/t)^2 / (2s)) = exp(-(t|y| - s)^2 / (2 s t^2)) with s the variance: integers throughout.
            var d = checked(t * Math.Abs(y) - variance);
            if (BernoulliExp(ref bits, checked(d * d), checked(2 * variance * t * t))) return y;
        }
    }

    /// <summary>The discrete Laplace with scale t: P(y) proportional to exp(-|y|/t) (Algorithm 2 with s = 1).</summary>
    static long Laplace(ref KeyedBits bits, long t)
    {
        while (true)
        {
            var u = bits.Below(t);
            if (!BernoulliExp(ref bits, u, t)) continue;
            long v = 0;
            while (BernoulliExp(ref bits, 1, 1)) v++;
            var negative = bits.Bit() == 1;
            if (negative && u == 0 && v == 0) continue;
            var magnitude = checked(u + t * v);
            return negative ? -magnitude : magnitude;
        }
    }

    /// <summary>Bernoulli(exp(-n/d)) exactly, for n &gt;= 0 and d &gt; 0 (Algorithm 1).</summary>
    static bool BernoulliExp(ref KeyedBits bits, long n, long d)
    {
        // exp(-n/d) = exp(-1)^floor(n/d) * exp(-(n mod d)/d): each factor a trial of its own.
        for (var i = n / d; i > 0; i--)
            if (!BernoulliExpAtMostOne(ref bits, 1, 1)) return false;
        return BernoulliExpAtMostOne(ref bits, n % d, d);
    }

    /// <summary>Bernoulli(exp(-gamma)) for gamma = n/d in [0, 1]: count k while Bernoulli(gamma/k) succeeds; true when k is odd.</summary>
    static bool BernoulliExpAtMostOne(ref KeyedBits bits, long n, long d)
    {
        long k = 1;
        while (bits.Below(checked(d * k)) < n) k++;
        return k % 2 == 1;
    }
}
