namespace LaborWatch.Data;

/// <summary>
/// Files that hold workers' logs (the SQLite database, its WAL and shared-memory files, the published snapshot, backups)
/// are readable by their owner only (0600), whatever the umask: another account on the machine must not read them.
/// SQLite gives the WAL and -shm files the database file's own mode, so creating the database 0600 covers those.
/// </summary>
public static class OwnerOnly
{
    public const UnixFileMode Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Creates an empty file, owner-only, when none is at <paramref name="path"/>.</summary>
    public static void Create(string path)
    {
        if (OperatingSystem.IsWindows() || File.Exists(path)) return;
        try
        {
            using var _ = CreateNew(path);
        }
        catch (IOException) when (File.Exists(path)) { }   // created meanwhile by another process: tightened below
    }

    /// <summary>Takes every permission but the owner's read and write from the files that exist among <paramref name="paths"/>.</summary>
    public static void Tighten(params string[] paths)
    {
        if (OperatingSystem.IsWindows()) return;
        foreach (var path in paths)
            try
            {
                if (File.Exists(path) && (File.GetUnixFileMode(path) & ~Mode) != 0) File.SetUnixFileMode(path, Mode);
            }
            catch (Exception e) when (e is UnauthorizedAccessException or IOException) { }   // not ours to change: the owner's umask decides
    }

    /// <summary>A new file opened for writing, owner-only from its first byte.</summary>
    public static FileStream CreateNew(string path, int bufferSize = 4096)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None, BufferSize = bufferSize };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = Mode;
        return new FileStream(path, options);
    }
}
