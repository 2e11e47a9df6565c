using Microsoft.Data.Sqlite;

namespace LaborWatch.Web.Tests.Reliability;

/// <summary>A temp folder for one check, removed with everything in it (connections to its files closed first).</summary>
public sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("laborwatch-reliability-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { }   // a child process still closing a file: the temp folder is the OS's to clean
    }
}
