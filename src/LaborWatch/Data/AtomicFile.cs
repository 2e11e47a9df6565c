namespace LaborWatch.Data;

/// <summary>
/// A file written whole or not at all: its content goes to a temporary file beside it, renamed over the real name
/// only once complete, so a crash, a full disk or an error never leaves half a file under that name (a reader sees the
/// old file or the new one). The temporary file is removed when anything fails.
/// </summary>
public static class AtomicFile
{
    /// <param name="fill">writes the content to the temporary path it is given</param>
    /// <param name="overwrite">false: an existing file at <paramref name="path"/> is never replaced (the rename fails instead)</param>
    /// <param name="ownerOnly">the file is readable by its owner only (0600) from its first byte: it holds workers' data or secrets</param>
    public static void Write(string path, Action<string> fill, bool overwrite = true, bool ownerOnly = false)
    {
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(folder);
        var temporary = Path.Combine(folder, "." + Path.GetFileName(full) + ".partial");
        if (File.Exists(temporary)) File.Delete(temporary);   // a leftover of a run that was killed
        try
        {
            if (ownerOnly) OwnerOnly.Create(temporary);
            fill(temporary);
            File.Move(temporary, full, overwrite);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    public static void WriteBytes(string path, byte[] bytes, bool overwrite = true) => Write(path, t => File.WriteAllBytes(t, bytes), overwrite);

    public static void WriteText(string path, string text, bool overwrite = true) => Write(path, t => File.WriteAllText(t, text), overwrite);
}
