using System.CommandLine;
using LaborWatch.Contracts;

namespace LaborWatch.Cli;

/// <summary>The filter options every figure-publishing verb shares (stats, chart, report), parsed into one StatsFilter.</summary>
public sealed class FilterOptions
{
    readonly Option<string?> _platform = new("--platform") { Description = "only these platforms (names or slugs, comma-separated)" };
    readonly Option<string?> _parent = new("--parent") { Description = "only the brands of these parent companies (reference/platform_parents.tsv)" };
    readonly Option<string?> _taskType = new("--task-type") { Description = "only these task types (comma-separated)" };
    readonly Option<string?> _country = new("--country") { Description = "only logs from these countries (ISO 3166-1 alpha-2, comma-separated)" };
    readonly Option<string?> _from = new("--from") { Description = "first month, YYYY-MM" };
    readonly Option<string?> _to = new("--to") { Description = "last month, YYYY-MM" };
    readonly Option<int?> _k = new("--k") { Description = "minimum distinct submitters per published cell (default and floor: $LABORWATCH_PUBLIC_K, else 11; any k >= 2 with stats --exact)" };

    public FilterOptions(Command command)
    {
        foreach (var o in new Option[] { _platform, _parent, _taskType, _country, _from, _to, _k }) command.Options.Add(o);
    }

    /// <param name="exact">the holder's exact figures (`stats --exact`): no release, no noise, any k from 2</param>
    public StatsFilter Parse(ParseResult r, string? by = null, bool exact = false) =>
        StatsFilter.Parse(by, r.GetValue(_platform), r.GetValue(_from), r.GetValue(_to), r.GetValue(_k),
            r.GetValue(_parent), r.GetValue(_taskType), r.GetValue(_country), Verbs.PublicK(), exact);
}
