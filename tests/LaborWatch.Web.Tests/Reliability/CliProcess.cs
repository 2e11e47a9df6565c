using System.Diagnostics;
using System.Text;

namespace LaborWatch.Web.Tests.Reliability;

/// <summary>The built `laborwatch` command as a running process that a test can kill -9 at any moment.</summary>
public sealed class CliProcess : IDisposable
{
    readonly Process _process;
    readonly StringBuilder _stdout = new(), _stderr = new();

    CliProcess(Process process) => _process = process;

    public static CliProcess Start(string? db, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "LaborWatch.Cli.dll"));
        if (db is not null) { start.ArgumentList.Add("--db"); start.ArgumentList.Add(db); }
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment.Remove("LABORWATCH_DB");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        var process = new Process { StartInfo = start };
        var running = new CliProcess(process);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (running._stdout) running._stdout.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (running._stderr) running._stderr.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return running;
    }

    /// <summary>A loopback port free now, for a `serve` process to listen on.</summary>
    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;
    public string Stdout { get { lock (_stdout) return _stdout.ToString(); } }
    public string Stderr { get { lock (_stderr) return _stderr.ToString(); } }

    /// <summary>SIGKILL (Process.Kill on Linux): no handler runs, no buffer is flushed, as in a power cut of the process.</summary>
    public void KillHard()
    {
        try { _process.Kill(); } catch (InvalidOperationException) { }   // it had already ended
        _process.WaitForExit();
    }

    public bool WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout)) return false;
        _process.WaitForExit();   // and the output read to its end
        return true;
    }

    /// <summary>Waits until the process prints <paramref name="text"/> (serve's "Now listening on" comes once Kestrel listens).</summary>
    public async Task WaitForStdoutOrStderr(string text, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (!Stderr.Contains(text, StringComparison.Ordinal) && !Stdout.Contains(text, StringComparison.Ordinal))
        {
            if (HasExited) throw new AssertFailedException($"laborwatch ended ({ExitCode}) before saying '{text}': {Stderr}");
            if (DateTime.UtcNow > until) throw new AssertFailedException($"laborwatch did not say '{text}' within {timeout}: {Stderr}");
            await Task.Delay(20);
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited) KillHard();
        _process.Dispose();
    }
}
