using System.CommandLine;
using LaborWatch.Cli;

var parsed = Verbs.Root().Parse(args);
if (parsed.Errors.Count > 0)
{
    // A bad command line is exit code 2, apart from bad input or data (1).
    foreach (var error in parsed.Errors) Console.Error.WriteLine($"error: {error.Message}");
    Console.Error.WriteLine("see: laborwatch --help");
    return 2;
}
return parsed.Invoke();
