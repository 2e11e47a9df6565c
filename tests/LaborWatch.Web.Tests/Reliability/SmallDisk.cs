using System.Diagnostics;

namespace LaborWatch.Web.Tests.Reliability;

/// <summary>
/// A real small filesystem (tmpfs of a few MiB) to fill up or make read-only: SQLite then meets ENOSPC and EROFS
/// from the kernel, as on a real full or failing disk. Mounting needs root (CI runs as root); elsewhere the
/// checks that need it are inconclusive, not passed.
/// </summary>
public sealed class SmallDisk : IDisposable
{
    public string Path { get; }

    SmallDisk(string path) => Path = path;

    public static SmallDisk Mount(int megabytes)
    {
        if (Environment.UserName != "root" && !OperatingSystem.IsLinux())
            Assert.Inconclusive("a small filesystem needs Linux and root to mount");
        var path = Directory.CreateTempSubdirectory("laborwatch-smalldisk-").FullName;
        var (code, error) = Run("mount", "-t", "tmpfs", "-o", $"size={megabytes}m", "tmpfs", path);
        if (code != 0)
        {
            Directory.Delete(path);
            Assert.Inconclusive($"cannot mount a small filesystem here (needs root): {error}");
        }
        return new SmallDisk(path);
    }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Fills what is left of the filesystem with one file (kept until the disk is unmounted).</summary>
    public void FillUp()
    {
        using var filler = new FileStream(File("filler"), FileMode.Create);
        var block = new byte[64 * 1024];
        try { while (true) filler.Write(block); }
        catch (IOException) { }   // ENOSPC: full
    }

    public void MakeReadOnly() => Assert.AreEqual(0, Run("mount", "-o", "remount,ro", Path).Code, "remount read-only");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Run("umount", "-l", Path);
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }

    static (int Code, string Error) Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        try
        {
            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, error);
        }
        catch (System.ComponentModel.Win32Exception e) { return (-1, e.Message); }
    }
}
