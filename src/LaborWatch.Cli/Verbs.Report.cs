using System.CommandLine;
using LaborWatch.Data;

namespace LaborWatch.Cli;

public static partial class Verbs
{
    static Command ReportCommand()
    {
        var command = new Command("report", "export the published figures with their n: HTML (self-contained, prints), PDF, CSV tables + dictionary, JSON, or a ZIP bundle with a manifest");
        var output = new Option<FileInfo>("--out") { Description = "FILE.html, FILE.pdf, FILE.json, FILE.zip, or FILE.csv (writes FILE.TABLE.csv for each table and FILE.dictionary.csv)", Required = true };
        var by = new Option<string?>("--by") { Description = "group by platform|parent|month|task_type|country[,..] (default platform)" };
        var tables = new Option<string?>("--tables") { Description = "the HTML report's tables: top (the five largest and smallest rows beside each figure; the default), all (every row, in an appendix) or none; CSV and JSON always carry every row" };
        foreach (var o in new Option[] { output, by, tables }) command.Options.Add(o);
        var filters = new FilterOptions(command);
        command.SetAction(r => Run(r, database =>
        {
            var filter = filters.Parse(r, r.GetValue(by));
            var which = LaborWatch.Exports.ReportTablesText.Parse(r.GetValue(tables), "--tables");
            using var connection = Database.OpenMigrated(database);
            NoteFirstRead(connection, filter);
            foreach (var file in LaborWatch.Exports.ReportFiles.Write(connection, filter, r.GetValue(output)!.FullName, DateTimeOffset.UtcNow, which))
                Console.WriteLine($"wrote {file}");
        }));
        return command;
    }
}
