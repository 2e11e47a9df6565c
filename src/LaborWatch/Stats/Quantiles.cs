using System.Runtime.InteropServices;

namespace LaborWatch.Stats;

/// <summary>Quantiles by linear interpolation between order statistics (Hyndman-Fan type 7: numpy's default, Excel PERCENTILE.INC).</summary>
public static class Quantiles
{
    /// <summary>The p-quantile of values already sorted ascending; null for no values.</summary>
    public static double? OfSorted(IReadOnlyList<double> sorted, double p)
    {
        if (sorted.Count == 0) return null;
        Check(p);
        var h = (sorted.Count - 1) * p;
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(lo + 1, sorted.Count - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    public static double? Median(List<double> values) => Of(values, 0.5)[0];

    /// <summary>
    /// The p-quantiles (ascending) of values in any order, the same as <see cref="OfSorted"/> of them sorted, found by
    /// selection: each order statistic in linear time where sorting a million pay figures cost a fifth of `stats`.
    /// The values are reordered in place; finite values only (pay figures are: the validator refuses others).
    /// </summary>
    public static double?[] Of(List<double> values, params ReadOnlySpan<double> ps)
    {
        var result = new double?[ps.Length];
        if (values.Count == 0) return result;
        var a = CollectionsMarshal.AsSpan(values);
        var from = 0;
        for (var i = 0; i < ps.Length; i++)
        {
            Check(ps[i]);
            if (i > 0 && ps[i] < ps[i - 1]) throw new ArgumentException("quantiles are asked in ascending order", nameof(ps));
            var h = (a.Length - 1) * ps[i];
            var lo = (int)Math.Floor(h);
            Select(a, from, lo);   // what is left of an earlier order statistic stays left of it: search only the rest
            var low = a[lo];
            var high = lo + 1 < a.Length ? Min(a[(lo + 1)..]) : low;   // after selection, the next order statistic is the least of the rest
            result[i] = low + (h - lo) * (high - low);
            from = lo;
        }
        return result;
    }

    static void Check(double p)
    {
        if (p is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(p), p, "a quantile is between 0 and 1");
    }

    static double Min(ReadOnlySpan<double> values)
    {
        var min = values[0];
        foreach (var v in values) if (v < min) min = v;
        return min;
    }

    /// <summary>
    /// Quickselect: puts the k-th smallest of a[left..] at k, the smaller before it and the larger after. The pivot is
    /// random (no order of the input makes it quadratic) and the partition three-way (pay figures repeat: 15.00).
    /// </summary>
    static void Select(Span<double> a, int left, int k)
    {
        var right = a.Length - 1;
        while (right > left)
        {
            if (right - left < 16)
            {
                a[left..(right + 1)].Sort();
                return;
            }
            var pivot = a[left + Random.Shared.Next(right - left + 1)];
            int lt = left, i = left, gt = right;
            while (i <= gt)
            {
                if (a[i] < pivot) (a[lt], a[i]) = (a[i++], a[lt++]);
                else if (a[i] > pivot) (a[i], a[gt]) = (a[gt--], a[i]);
                else i++;
            }
            // a[left..lt) < pivot, a[lt..gt] == pivot, a(gt..right] > pivot
            if (k < lt) right = lt - 1;
            else if (k > gt) left = gt + 1;
            else return;
        }
    }
}
