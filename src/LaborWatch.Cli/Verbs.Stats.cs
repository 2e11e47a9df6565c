using System.Data.Common;
using System.CommandLine;
using LaborWatch.Contracts;
using LaborWatch.Data;
using LaborWatch.Reports;

namespace LaborWatch.Cli;

public static partial class Verbs
{
    static Command StatsCommand()
    {
        var command = new Command("stats", "the published pay, cancellation and misclassification figures of the current release, as the web shows them (docs/methodology.md, docs/json.md); --exact for the holder's unperturbed figures");
        var json = new Option<bool>("--json") { Description = "print the figures as JSON (docs/json.md)" };
        var by = new Option<string?>("--by") { Description = "group by platform, parent, month, task_type, country (comma-separated)" };
        var survival = new Option<bool>("--survival") { Description = "add Kaplan-Meier contract survival curves" };
        var exact = new Option<bool>("--exact") { Description = "the exact figures of every approved log, unperturbed: for the database holder, NOT for publication" };
        foreach (var o in new Option[] { json, by, survival, exact }) command.Options.Add(o);
        var filters = new FilterOptions(command);
        command.SetAction(r => Run(r, database =>
        {
            var filter = filters.Parse(r, r.GetValue(by), r.GetValue(exact));
            using var connection = Database.OpenMigrated(database);
            NoteFirstRead(connection, filter);
            var report = StatsReport.Compute(connection, filter, r.GetValue(survival));
            if (r.GetValue(json))
            {
                using var stdout = Console.OpenStandardOutput();
                report.WriteJson(stdout);
                stdout.WriteByte((byte)'\n');
            }
            else report.WriteText(Console.Out);
        }));
        return command;
    }

    /// <summary>On a terminal, why the first figures after an import or a deletion take longer (seconds per million logs).</summary>
    static void NoteFirstRead(DbConnection connection, StatsFilter filter)
    {
        if (!filter.Exact && !Console.IsErrorRedirected && !PublishedSnapshot.IsCurrent(connection))
            Console.Error.WriteLine("reading the published logs from the database (the first time since they changed; later runs read the copy beside it)...");
    }
}
