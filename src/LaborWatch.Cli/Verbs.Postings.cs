using System.CommandLine;
using LaborWatch.Data;

namespace LaborWatch.Cli;

public static partial class Verbs
{
    static Command PostingsCommand()
    {
        var command = new Command("postings", "list recorded postings with their latest pay, or their pay changes");
        var json = new Option<bool>("--json") { Description = "print JSON (docs/json.md)" };
        var changes = new Option<bool>("--changes") { Description = "list pay changes between consecutive observations, cuts marked" };
        var platform = new Option<string?>("--platform") { Description = "only this platform" };
        command.Options.Add(json);
        command.Options.Add(changes);
        command.Options.Add(platform);
        command.SetAction(r => Run(r, database =>
        {
            using var connection = Database.OpenMigrated(database);
            using var stdout = Console.OpenStandardOutput();
            if (r.GetValue(changes))
            {
                var list = LaborWatch.Postings.PostingQueries.Changes(connection, r.GetValue(platform));
                if (r.GetValue(json)) LaborWatch.Postings.PostingsJson.WriteChanges(stdout, list);
                else foreach (var c in list)
                    Console.WriteLine($"{c.ObservedAt}  {c.Platform}  {c.Before.Describe()} -> {c.After.Describe()}{(c.Cut ? "  CUT" : "")}  {c.Url}");
            }
            else
            {
                var list = LaborWatch.Postings.PostingQueries.List(connection, r.GetValue(platform));
                if (r.GetValue(json)) LaborWatch.Postings.PostingsJson.WriteList(stdout, list);
                else foreach (var p in list)
                    Console.WriteLine($"{p.Platform}  {p.Title}  {p.Pay.Describe()}  seen {p.FirstSeen}..{p.LastSeen} ({p.Observations})  {p.Url}");
            }
            if (r.GetValue(json)) stdout.WriteByte((byte)'\n');
        }));
        return command;
    }
}
