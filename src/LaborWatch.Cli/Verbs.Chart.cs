using System.CommandLine;
using LaborWatch.Data;

namespace LaborWatch.Cli;

public static partial class Verbs
{
    static Command ChartCommand()
    {
        var command = new Command("chart", $"render a chart as PNG or SVG: {string.Join(", ", LaborWatch.Charts.ChartSpecs.Names)}");
        var name = new Argument<string>("NAME") { Description = string.Join(", ", LaborWatch.Charts.ChartSpecs.Names) };
        var output = new Option<FileInfo>("--out") { Description = "FILE.png or FILE.svg", Required = true };
        command.Arguments.Add(name);
        command.Options.Add(output);
        var filters = new FilterOptions(command);
        command.SetAction(r => Run(r, database =>
        {
            var file = r.GetValue(output)!;
            var extension = file.Extension.ToLowerInvariant();
            if (extension is not (".png" or ".svg")) throw new ArgumentException($"--out: '{file.Name}' must end in .png or .svg");
            var filter = filters.Parse(r);
            using var connection = Database.OpenMigrated(database);
            var spec = LaborWatch.Charts.ChartSpecs.Build(connection, r.GetValue(name)!, filter);
            if (extension == ".png") AtomicFile.WriteBytes(file.FullName, LaborWatch.Charts.ChartRenderer.Png(spec));
            else AtomicFile.WriteText(file.FullName, LaborWatch.Charts.ChartRenderer.Svg(spec));
            Console.WriteLine($"wrote {file.FullName}{(spec.IsEmpty ? " (no data for these filters)" : "")}");
        }));
        return command;
    }
}
