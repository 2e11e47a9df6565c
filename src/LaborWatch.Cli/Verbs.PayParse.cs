using System.CommandLine;

namespace LaborWatch.Cli;

public static partial class Verbs
{
    static Command PayParseCommand()
    {
        var command = new Command("pay-parse", "parse pay texts: one text a line on stdin, one JSON object a line on stdout (docs/scraping.md)");
        command.SetAction(_ => Run(() =>
        {
            using var stdout = Console.OpenStandardOutput();
            using var json = new System.Text.Json.Utf8JsonWriter(stdout);
            for (var line = Console.In.ReadLine(); line is not null; line = Console.In.ReadLine())
            {
                LaborWatch.Pay.PayTextJson.Write(json, line, LaborWatch.Pay.PayText.Parse(line));
                json.Flush();
                json.Reset();   // one JSON document per line: start the next afresh
                stdout.WriteByte((byte)'\n');
            }
        }));
        return command;
    }
}
