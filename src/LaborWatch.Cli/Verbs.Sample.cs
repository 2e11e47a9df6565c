using System.CommandLine;
using LaborWatch.Data;
using LaborWatch.Sample;

namespace LaborWatch.Cli;

public static partial class Verbs
{
    static Command SampleCommand()
    {
        var command = new Command("sample", "write SYNTHETIC contract logs (fictional platforms) as CSV, for demos and benchmarks");
        var output = new Option<FileInfo>("--out") { Description = "the CSV file to write", Required = true };
        var rows = new Option<int>("--rows") { Description = "how many logs", DefaultValueFactory = _ => SampleGenerator.DefaultRows };
        var seed = new Option<int>("--seed") { Description = "random seed (same seed, same file)", DefaultValueFactory = _ => SampleGenerator.DefaultSeed };
        command.Options.Add(output);
        command.Options.Add(rows);
        command.Options.Add(seed);
        command.SetAction(r => Run(() =>
        {
            if (r.GetValue(rows) < 1) throw new ArgumentException("--rows must be at least 1");
            var file = r.GetValue(output)!;
            AtomicFile.Write(file.FullName, temp =>
            {
                using var writer = new StreamWriter(temp, false, new System.Text.UTF8Encoding(false), 1 << 16) { NewLine = "\n" };
                SampleGenerator.Write(writer, r.GetValue(rows), r.GetValue(seed));
            });
            Console.WriteLine($"wrote {r.GetValue(rows):N0} synthetic logs to {file.FullName}");
        }));
        return command;
    }
}
