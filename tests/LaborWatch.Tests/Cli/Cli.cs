using System.Diagnostics;

namespace LaborWatch.Tests.Cli;

/// <summary>Runs the real `laborwatch` command (the built CLI) as a separate process.</summary>
public static class Cli
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static Result Run(string? db, params string[] args) => RunWithInput(db, "", args);

    public static Result RunWithInput(string? db, string stdin, params string[] args) => RunWithEnvironment(db, stdin, new Dictionary<string, string>(), args);

    public static Result RunWithEnvironment(string? db, string stdin, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "LaborWatch.Cli.dll"));
        if (db is not null) { start.ArgumentList.Add("--db"); start.ArgumentList.Add(db); }
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment.Remove("LABORWATCH_DB");
        foreach (var (name, value) in environment) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        process.StandardInput.Write(stdin);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"laborwatch {string.Join(' ', args)} did not finish within 2 minutes");
        }
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }
}
