namespace LaborWatch.Tests;

/// <summary>Paths in the source checkout the tests run from.</summary>
public static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string File(params string[] parts) => Path.Combine([Root, .. parts]);

    static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "LaborWatch.sln"))) return dir.FullName;
        throw new InvalidOperationException("LaborWatch.sln not found above " + AppContext.BaseDirectory);
    }
}
