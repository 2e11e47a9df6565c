using LaborWatch.Contracts;

namespace LaborWatch.Privacy.Synopsis;

/// <summary>Where a section's figures get their protection: the regions of the release's synopsis, or none for the exact figures.</summary>
public static class Published
{
    /// <summary>The regions of this filter's cells; null for `stats --exact`, and before any release (nothing is published then).</summary>
    public static Region.Of? Regions(ContractRows.Loaded data, StatsFilter filter, Basis basis = Basis.Started) =>
        filter.Exact || Synopsis.Of(data.Release) is not { } synopsis ? null : new Region.Of(synopsis, filter, basis);

    /// <summary>A share of two published counts: null with no denominator, clamped to [0, 1].</summary>
    public static double? Share(int numerator, int denominator) =>
        denominator <= 0 ? null : Math.Clamp((double)numerator / denominator, 0, 1);

    /// <summary>
    /// The fewest published logs a share (or mean, or pooled figure) of the synopsis is computed on: below it the noise of
    /// its numerator (about 11 logs) would be a third of it or more, and the figure shows as "too few" instead.
    /// </summary>
    public const int MinimumForShare = 30;

    /// <summary>
    /// The fewest published values a quantile of the synopsis is read from: the descent of its histogram adds one cell's
    /// noise a level, about 33 logs of rank in all, so below this a median would say more about the noise than the pay.
    /// </summary>
    public const int MinimumForQuantile = 100;

    /// <summary>A share from the synopsis, or null when its denominator is too small to say.</summary>
    public static double? NoisyShare(int numerator, int denominator) => denominator < MinimumForShare ? null : Share(numerator, denominator);
}
