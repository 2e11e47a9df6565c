using LaborWatch.Contracts;

namespace LaborWatch.Privacy;

/// <summary>A published table cell: what disclosure control needs to know about it and how to withhold it.</summary>
public interface IPublishedCell
{
    GroupKey Key { get; }
    bool Suppressed { get; }
    /// <summary>The cell's published size (logs, or ended logs): the smallest cells are withheld first.</summary>
    int Size { get; }
    IPublishedCell Suppress();
}

/// <summary>
/// Complementary (secondary) suppression: a cell withheld alone in a line of its table (the cells that
/// differ in one dimension only) could be recovered by subtracting the line's published cells from the
/// line's total, which another query publishes. So wherever a line holds exactly one suppressed cell, the
/// smallest published cell of that line is withheld too; repeated until no line holds exactly one.
/// Counts that suppressed cells keep (logs, submitters) are not secret; the figures are.
/// </summary>
public static class ComplementarySuppression
{
    public static List<T> Apply<T>(IEnumerable<T> cells, IReadOnlyList<string> dimensions) where T : IPublishedCell
    {
        var table = cells.ToList();
        if (dimensions.Count == 0) return table;
        bool changed;
        do
        {
            changed = false;
            foreach (var dimension in dimensions)
            {
                var lines = table.Select((cell, index) => (cell, index)).GroupBy(x => x.cell.Key.Without(dimension));
                foreach (var line in lines)
                {
                    var members = line.ToList();
                    if (members.Count(m => m.cell.Suppressed) != 1) continue;
                    var complement = members.Where(m => !m.cell.Suppressed)
                        .OrderBy(m => m.cell.Size).ThenBy(m => m.cell.Key, GroupKey.Order)
                        .Select(m => (int?)m.index).FirstOrDefault();
                    if (complement is not { } i) continue;   // the line is that one cell: its total is the cell, withheld alike
                    table[i] = (T)table[i].Suppress();
                    changed = true;
                }
            }
        } while (changed);
        return table;
    }
}
