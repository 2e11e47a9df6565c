namespace LaborWatch.Privacy;

/// <summary>
/// The records behind one published count: how many, and the sum of their record keys (wrapping). The sum of
/// the same records is the same whichever query gathered them, in whatever order: that is what makes the
/// noise consistent.
/// </summary>
public struct KeySum
{
    public int Count;
    public ulong Sum;

    public void Add(uint recordKey)
    {
        Count++;
        Sum += recordKey;
    }
}

/// <summary>
/// The cell key method (ABS TableBuilder; ONS Census 2021; sdcTools cellKey), applied to every published
/// figure unless the figures are the exact ones for the database holder:
/// <list type="bullet">
/// <item>Each log has a random 32-bit record key (contracts.record_key). A cell's key is the sum of its
/// logs' keys. A count in a cell (its logs, its platform-ended logs, the logs answering a question...) is
/// looked up in the <see cref="PerturbationTable"/> with a number in [0, 1) mixed (SplitMix64) from the
/// cell's key, the key of the records it counts and the name of the figure. Mixing in the whole cell's key
/// means a sub-count of 0 in a small cell still changes the noise of the larger cells it is part of, so a
/// difference of two published cells is noisy even where the small cell's true sub-count is 0.</item>
/// <item>A magnitude (a quantile, a pooled or mean value, a share of hours, a survival probability) is
/// computed on the true data and moved by a signed amount between <see cref="MinimumShift"/> and
/// <see cref="MaximumShift"/> of its own size (never less than a floor for its kind), the sign and size
/// drawn from the cell's key and the figure's name; then it is rounded. A published magnitude is therefore
/// never one contributor's exact value.</item>
/// <item>Shares are computed from the perturbed numerator and denominator, so they agree with the counts shown.</item>
/// </list>
/// The same cell and data always publish the same values: asking again, in another order or through another
/// page gains nothing.
/// </summary>
public sealed class CellKey
{
    /// <summary>The relative size of a magnitude's shift: between 1% and 3% of the value.</summary>
    public const double MinimumShift = 0.01, MaximumShift = 0.03;

    /// <summary>Floors of a magnitude's shift, by kind, so a value near 0 still moves by more than its rounding.</summary>
    public const double MoneyFloor = 0.05, ShareFloor = 0.005, DaysFloor = 0.5, FactorFloor = 0.02;

    readonly PerturbationTable _table;

    public CellKey(PerturbationTable table) => _table = table;

    static readonly Lazy<CellKey> ShippedKey = new(() => new CellKey(PerturbationTable.Shipped));

    public static CellKey Shipped => ShippedKey.Value;

    public PerturbationTable Table => _table;

    /// <summary>The published value of a count: the true count plus the ptable's noise for its key; never negative.</summary>
    public int Count(int count, ulong cellKey, ulong recordsKey, string figure) =>
        Math.Max(0, count + _table.Noise(count, Uniform(cellKey, recordsKey, figure)));

    public int Count(KeySum records, ulong cellKey, string figure) => Count(records.Count, cellKey, records.Sum, figure);

    /// <summary>The published value of a magnitude: shifted by 1-3% of itself (at least <paramref name="floor"/>) either way.</summary>
    public double Magnitude(double value, ulong cellKey, string figure, double floor)
    {
        var u = Uniform(cellKey, 0x9E3779B97F4A7C15UL, figure);
        var sign = u < 0.5 ? -1 : 1;
        var size = MinimumShift + (MaximumShift - MinimumShift) * ((u < 0.5 ? u : u - 0.5) * 2);
        return value + sign * Math.Max(size * Math.Abs(value), floor * size / MinimumShift);
    }

    public double? Magnitude(double? value, ulong cellKey, string figure, double floor) =>
        value is { } v ? Magnitude(v, cellKey, figure, floor) : null;

    /// <summary>A share from perturbed counts: null with no denominator, clamped to [0, 1].</summary>
    public static double? Share(int numerator, int denominator) =>
        denominator <= 0 ? null : Math.Clamp((double)numerator / denominator, 0, 1);

    static double Uniform(ulong cellKey, ulong recordsKey, string figure)
    {
        var h = Mix(cellKey ^ Mix(recordsKey ^ Mix(Fnv(figure))));
        return (h >> 11) * (1.0 / (1UL << 53));
    }

    /// <summary>SplitMix64's finaliser: every input bit moves every output bit.</summary>
    static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    static ulong Fnv(string s)
    {
        var h = 14695981039346656037UL;
        foreach (var c in s) { h ^= c; h *= 1099511628211UL; }
        return h;
    }
}
