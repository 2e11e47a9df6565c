using System.CommandLine;
using LaborWatch.Cli;

return Verbs.Root().Parse(args).Invoke();
