using System.CommandLine;
using LaborWatch.Contracts;
using LaborWatch.Data;

namespace LaborWatch.Cli;

public static partial class Verbs
{
    static Command ReleaseCommand()
    {
        var command = new Command("release", "cut a release of the public figures now: every approved log not yet published, once they come from at least k workers");
        var force = new Option<bool>("--force") { Description = "cut even when the waiting logs come from fewer than k workers (one worker's logs would then show as the difference of two releases)" };
        command.Options.Add(force);
        command.SetAction(r => Run(r, database =>
        {
            using var connection = Database.OpenMigrated(database);
            var outcome = LaborWatch.Privacy.Releases.Cut(connection, PublicK(), DateTimeOffset.UtcNow, r.GetValue(force));
            Console.WriteLine(outcome.Message);
            // Every release is another look at the cells that did not change: say how much protection is left.
            if (outcome.Cut is { } cut) Console.WriteLine(LaborWatch.Privacy.Synopsis.AttackerBound.Demo.After(cut.Id));
            // The published logs read once now, so that the first page or `stats` after the release need not.
            if (outcome.Cut is not null) PublishedSnapshot.Refresh(connection);
        }));
        return command;
    }
}
