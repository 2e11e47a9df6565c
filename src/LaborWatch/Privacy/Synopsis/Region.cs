using LaborWatch.Contracts;

namespace LaborWatch.Privacy.Synopsis;

/// <summary>
/// The population a section counts, which names its nodes' figures: pay and misclassification count every log by the
/// month it started (one population, so their log counts agree); cancellations the ended logs by the month they
/// ended; survival the logs with a known duration by the month they started. Each has its own noise, so that no two
/// different true counts ever share a draw (their difference would be exact).
/// </summary>
public enum Basis { Started, Ended, Durations }

/// <summary>
/// The canonical decomposition of a published cell into nodes of the synopsis: per axis the disjoint nodes that
/// cover the cell (the root when the axis is not restricted, the listed leaves or parents when it is, the group's
/// own value when the table is cut by it, the dyadic cover of a month range), and the cell is their product. It is
/// decided by the filter and the group's key alone, never by which logs happen to be there, so an empty node still
/// adds its noise.
/// </summary>
public sealed class Region
{
    readonly Synopsis _synopsis;
    readonly string _basis;
    readonly string[][] _axes;   // platform, country, task type, month

    Region(Synopsis synopsis, string basis, string[][] axes) => (_synopsis, _basis, _axes) = (synopsis, basis, axes);

    /// <summary>How many nodes the cell is the union of.</summary>
    public int Nodes => _axes.Aggregate(1, (n, a) => n * a.Length);

    /// <summary>The nodes, each written as its four axis labels.</summary>
    public IEnumerable<string> NodeNames() =>
        from p in _axes[0] from c in _axes[1] from t in _axes[2] from m in _axes[3] select $"{p}|{c}|{t}|{m}";

    /// <summary>The sum of the nodes' noise for one figure (integer: the published count is the true one plus this).</summary>
    public long Noise(string figure, long variance = Synopsis.Variance)
    {
        long total = 0;
        var name = _basis + ":" + figure;
        foreach (var node in NodeNames()) total += _synopsis.NodeNoise(name, node, variance);
        return total;
    }

    /// <summary>A published count: the true count plus the region's noise, never below 0.</summary>
    public int Count(int trueCount, string figure) => (int)Math.Clamp(trueCount + Noise(figure), 0, int.MaxValue);

    /// <summary>
    /// A published count of a subset of the logs of a published count (the logs a share's denominator counts: those with
    /// hours and a rate, those answering a question): the parent's published count less the noisy count of the logs
    /// left out. Where every log is in the subset (the usual case) the two published counts then differ by noise on 0,
    /// and are not two independent looks at one number that could be averaged; and the subset never shows more logs
    /// than its parent.
    /// </summary>
    public int Within(int parentPublished, int parentTrue, int trueCount, string figure) =>
        Math.Max(0, parentPublished - Count(parentTrue - trueCount, "not:" + figure));

    /// <summary>
    /// A published sum of per-log values, each rounded to <paramref name="unit"/> and capped at <paramref name="cap"/>
    /// (given in units), never below 0. Its noise is the count noise scaled by the cap (so one log's value is as hidden as
    /// one log is in a count) plus a discrete Gaussian of standard deviation one cap on the unit grid, which spreads
    /// the sum over every residue (the scaled draw alone would leave the sum's remainder modulo the cap exact). Both
    /// are integers, sampled exactly; variance (sigma^2 + 1) cap^2 units^2.
    /// </summary>
    public double Sum(long trueUnits, double unit, long cap, string figure) =>
        Math.Max(0, (trueUnits + checked(cap * Noise(figure)) + Noise(figure + "~", checked(cap * cap))) * unit);

    /// <summary>
    /// A quantile read off the region's noisy histogram of a value, descending its dyadic tree of bins: at each level
    /// the left child's noisy count says which side the rank falls on; in the last bin it is placed linearly.
    /// <paramref name="total"/> is the published count of values (the figure's n), so the quantile agrees with it.
    /// </summary>
    public double? Quantile(Histogram histogram, double q, int total, string figure)
    {
        if (total < Published.MinimumForQuantile) return null;
        var scale = histogram.Scale;
        var rank = q * total;
        var index = 0;
        for (var level = scale.Levels; level > 0; level--)
        {
            var left = 2 * index;
            var noisyLeft = Math.Max(0, histogram.Count(level - 1, left) + Noise($"{figure}#{level - 1}.{left}"));
            if (rank <= noisyLeft && noisyLeft > 0) index = left;
            else { rank -= noisyLeft; index = left + 1; }
        }
        var leaf = Math.Max(1, histogram.Count(0, index) + Noise($"{figure}#0.{index}"));
        return scale.Low + (index + Math.Clamp(rank / leaf, 0, 1)) * scale.Width;
    }

    /// <summary>The noisy count of the values in [<paramref name="low"/>, <paramref name="high"/>) bins, from the histogram's dyadic nodes.</summary>
    public int BinRange(Histogram histogram, int low, int high, string figure)
    {
        long total = 0;
        foreach (var (level, index) in Dyadic(low, high - 1, histogram.Scale.Levels))
            total += histogram.Count(level, index) + Noise($"{figure}#{level}.{index}");
        return (int)Math.Max(0, total);
    }

    /// <summary>
    /// The noisy count of values below each bin's upper edge (entry b: bins 0..b), each from the dyadic nodes covering
    /// [0, b], every node's noise drawn once; made non-decreasing (a running maximum) and kept within [0, total]. Noise on
    /// a cumulative count does not pile up the way clamped noise on each bin would (every empty bin would add some).
    /// </summary>
    /// <remarks>Lazy, bin by bin: a caller that stops early (a survival curve ends when too few are left at risk) draws no more.</remarks>
    public IEnumerable<long> Cumulative(Histogram histogram, string figure, long total)
    {
        var levels = histogram.Scale.Levels;
        var noise = new Dictionary<(int, int), long>();
        long Node(int level, int index)
        {
            if (!noise.TryGetValue((level, index), out var n)) noise[(level, index)] = n = Noise($"{figure}#{level}.{index}");
            return histogram.Count(level, index) + n;
        }
        long highest = 0;
        for (var b = 0; b < histogram.Scale.Bins; b++)
        {
            long sum = 0;
            foreach (var (level, index) in Dyadic(0, b, levels)) sum += Node(level, index);
            highest = Math.Max(highest, Math.Clamp(sum, 0, Math.Max(0, total)));
            yield return highest;
        }
    }

    static IEnumerable<(int Level, int Index)> Dyadic(int first, int last, int levels)
    {
        while (first <= last)
        {
            var level = 0;
            while (level < levels && first % (1 << (level + 1)) == 0 && first + (1 << (level + 1)) - 1 <= last) level++;
            yield return (level, first >> level);
            first += 1 << level;
        }
    }

    /// <summary>The regions of one filter's cells, for one section (which month it files logs under).</summary>
    public sealed class Of
    {
        readonly Synopsis _synopsis;
        readonly StatsFilter _filter;
        readonly string _basis;
        readonly string[] _platforms, _countries, _tasks, _months;

        public Of(Synopsis synopsis, StatsFilter filter, Basis basis)
        {
            _synopsis = synopsis;
            _filter = filter;
            _basis = basis.ToString().ToLowerInvariant();
            // The selection's nodes per axis, before any grouping.
            var parents = filter.Parents.Select(p => ContractValidator.Slug(p)).Distinct().Order(StringComparer.Ordinal).ToArray();
            if (filter.Platforms.Count > 0)
                _platforms = filter.PlatformSlugs.Distinct().Order(StringComparer.Ordinal)
                    .Where(s => parents.Length == 0 || parents.Contains(ParentSlug(s))).Select(Leaf).ToArray();
            else if (parents.Length > 0) _platforms = parents.Select(p => "P:" + p).ToArray();
            else _platforms = ["p*"];
            _countries = filter.Countries.Count > 0 ? filter.Countries.Distinct().Order(StringComparer.Ordinal).Select(c => "c:" + c).ToArray() : ["c*"];
            _tasks = filter.TaskTypes.Count > 0 ? filter.TaskTypes.Distinct().Order(StringComparer.Ordinal).Select(t => "t:" + t).ToArray() : ["t*"];
            _months = [.. MonthTree.Range(Month(filter.From), Month(filter.To))];
        }

        /// <summary>The region of the cell with this key (a key's null dimensions are the selection's).</summary>
        public Region For(GroupKey key)
        {
            var platforms = _platforms;
            if (key.Platform is { } platform) platforms = [Leaf(ContractValidator.Slug(platform))];
            else if (key.Parent is { } parent)
            {
                var slug = ContractValidator.Slug(parent);
                // Cut by parent within a list of platforms: that parent's platforms of the list.
                platforms = _filter.Platforms.Count > 0 ? _platforms.Where(p => ParentSlug(p[2..]) == slug).ToArray() : ["P:" + slug];
            }
            var countries = _filter.By.Contains("country") ? ["c:" + (key.Country ?? "?")] : _countries;
            var tasks = _filter.By.Contains("task_type") ? ["t:" + (key.TaskType ?? "?")] : _tasks;
            var months = key.Month is { } month ? [MonthTree.Node(0, MonthTree.Leaf(int.Parse(month[..4]) * 100 + int.Parse(month[5..])))] : _months;
            return new Region(_synopsis, _basis, [platforms, countries, tasks, months]);
        }

        /// <summary>The whole selection's region (the totals of a table).</summary>
        public Region Selection => new(_synopsis, _basis, [_platforms, _countries, _tasks, _months]);

        static string Leaf(string slug) => "p:" + slug;

        /// <summary>The slug of a platform's parent: the reference table's, or the platform itself.</summary>
        static string ParentSlug(string platformSlug) => ContractValidator.Slug(PlatformParents.ParentOf(platformSlug) ?? platformSlug);

        static int? Month(string? month) => month is { Length: 7 } ? int.Parse(month[..4]) * 100 + int.Parse(month[5..]) : null;
    }
}

/// <summary>The bins of a value's histogram: 2^Levels bins of equal width from Low; values outside fall in the edge bins.</summary>
public sealed record ValueScale(double Low, double Width, int Levels)
{
    public int Bins => 1 << Levels;

    public int Bin(double value) =>
        double.IsNaN(value) ? 0 : (int)Math.Clamp(Math.Floor((value - Low) / Width), 0, Bins - 1);

    /// <summary>Effective hourly pay in USD: 512 bins of 25 cents (the last holds $127.75 and over).</summary>
    public static readonly ValueScale Usd = new(0, 0.25, 9);
    /// <summary>The advertised gap (a share, 1 at most): 512 bins from -3 to 1.</summary>
    public static readonly ValueScale Gap = new(-3, 4.0 / 512, 9);
    /// <summary>Days to payment: one bin a day to 511.</summary>
    public static readonly ValueScale Days = new(0, 1, 9);
}

/// <summary>The true counts of a histogram's dyadic nodes for one cell's values (prefix sums over its bins).</summary>
public sealed class Histogram
{
    readonly int[] _prefix;
    public ValueScale Scale { get; }

    public Histogram(ValueScale scale, IEnumerable<double> values)
    {
        Scale = scale;
        var counts = new int[scale.Bins];
        foreach (var v in values) counts[scale.Bin(v)]++;
        _prefix = new int[scale.Bins + 1];
        for (var i = 0; i < counts.Length; i++) _prefix[i + 1] = _prefix[i] + counts[i];
    }

    /// <summary>The values in node (level, index): bins [index * 2^level, (index + 1) * 2^level).</summary>
    public int Count(int level, int index) => _prefix[Math.Min(Scale.Bins, (index + 1) << level)] - _prefix[Math.Min(Scale.Bins, index << level)];
}
