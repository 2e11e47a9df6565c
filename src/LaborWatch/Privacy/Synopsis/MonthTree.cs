namespace LaborWatch.Privacy.Synopsis;

/// <summary>
/// The month axis of the synopsis: a fixed dyadic tree over 512 months from January 2000 (to August 2042), so that
/// any from-to range is the union of at most two nodes a level. Months outside the window count in its edge month.
/// </summary>
public static class MonthTree
{
    public const int Levels = 9;                 // 2^9 leaves; level 9 is the root
    public const int Leaves = 1 << Levels;
    public const int FirstYear = 2000;

    /// <summary>A yyyymm month as its leaf index, clamped into the window.</summary>
    public static int Leaf(int yearMonth) =>
        Math.Clamp((yearMonth / 100 - FirstYear) * 12 + yearMonth % 100 - 1, 0, Leaves - 1);

    public static string Node(int level, int index) => $"m{level}.{index}";

    /// <summary>The canonical cover of leaves [first, last]: the fewest dyadic nodes, each the largest that fits.</summary>
    public static List<string> Cover(int first, int last)
    {
        var nodes = new List<string>();
        while (first <= last)
        {
            var level = 0;
            while (level < Levels && first % (1 << (level + 1)) == 0 && first + (1 << (level + 1)) - 1 <= last) level++;
            nodes.Add(Node(level, first >> level));
            first += 1 << level;
        }
        return nodes;
    }

    /// <summary>The nodes for a from-to filter (yyyymm, either open): the root when both are open.</summary>
    public static List<string> Range(int? from, int? to) =>
        Cover(from is { } f ? Leaf(f) : 0, to is { } t ? Leaf(t) : Leaves - 1);
}
