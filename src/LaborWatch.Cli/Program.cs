using System.Text.RegularExpressions;
using LaborWatch.Cli;

LaborWatch.Data.SqliteProcess.Configure();   // before any connection: see its comment
var parsed = Verbs.Root().Parse(args);
if (parsed.Errors.Count > 0)
{
    // A bad command line is exit code 2, apart from bad input or data (1).
    foreach (var error in parsed.Errors) Console.Error.WriteLine($"error: {Readable(error.Message)}");
    Console.Error.WriteLine("see: laborwatch --help");
    return 2;
}
return parsed.Invoke();

// System.CommandLine names the .NET type it wanted ("System.Nullable`1[System.Int32]"): say it in words.
static string Readable(string message) => Regex.Replace(message, @"as expected type '[^']*Int32[^']*'", "as a whole number");
