namespace LaborWatch.Cli;

/// <summary>A one-line progress bar on stderr, drawn only when stderr is a terminal (never in pipes or logs).</summary>
public sealed class ConsoleProgress(string label) : IDisposable
{
    readonly bool _enabled = !Console.IsErrorRedirected;
    int _lastPercent = -1;

    public void Report(long done, long total)
    {
        if (!_enabled || total <= 0) return;
        var percent = (int)(100 * done / total);
        if (percent == _lastPercent) return;
        _lastPercent = percent;
        var bar = new string('#', percent / 4).PadRight(25, '.');
        Console.Error.Write($"\r{label} [{bar}] {percent,3}%");
    }

    public void Done()
    {
        if (_enabled && _lastPercent >= 0) Console.Error.WriteLine();
        _lastPercent = -1;
    }

    public void Dispose() => Done();
}
