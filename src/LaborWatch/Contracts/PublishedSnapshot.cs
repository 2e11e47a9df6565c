using System.Data.Common;
using System.IO.Hashing;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using LaborWatch.Data;
using Microsoft.Data.Sqlite;

namespace LaborWatch.Contracts;

/// <summary>
/// The published logs (those of the current release) as one file beside the database, DB.published: the rows
/// as their bytes, so `stats`, a page or a report reads them in one sequential read instead of scanning a
/// million rows through SQLite (issue 15: the scan was half the time of `stats`). A cache, not a record: keyed by
/// the published version (<see cref="DataVersion.Of"/>, which every release, receipt deletion or correction and
/// scrape changes), rebuilt from the database when it is missing, stale, damaged (its rows carry a checksum) or
/// unreadable, and never backed up. On PostgreSQL there is no file beside the database (the servers may be on
/// other machines): the rows of the current version are kept in memory only, read again for a new version.
/// </summary>
public static class PublishedSnapshot
{
    /// <summary>The file's format: to change with any field of <see cref="ContractRow"/>, whose bytes it holds.</summary>
    public const int Format = 2;

    static ReadOnlySpan<byte> Magic => "LWPUBLISHED\n"u8;

    public static string PathOf(string database) => database + ".published";

    /// <summary>Every published log, unfiltered: from the snapshot when it is current, else from the database (and then written).</summary>
    public static ContractRows.Loaded All(DbConnection connection)
    {
        var database = connection.DataSource;
        var version = DataVersion.Of(connection);
        if (connection.IsPostgres()) return InMemory(connection, version);
        if (database is "" or ":memory:") return ContractRows.FromDatabase(connection, new Reports.StatsFilter());
        var path = PathOf(database);
        // The server renders many pages of one version: the rows last read are shared (never written to) while the
        // garbage collector keeps them, rather than read again for each page.
        var full = Path.GetFullPath(path);
        if (Last.TryGetValue(full, out var last) && last.Key == KeyOf(full, version) && last.Rows.TryGetTarget(out var kept)) return kept;
        var loaded = Read(path, version, connection);
        if (loaded is null)
        {
            loaded = ContractRows.FromDatabase(connection, new Reports.StatsFilter());
            // Written only when nothing was published while the rows were read: the file must hold exactly its version.
            if (DataVersion.Of(connection) != version) return loaded;
            Write(path, version, loaded);
        }
        Last[full] = new Kept(KeyOf(full, version), new WeakReference<ContractRows.Loaded>(loaded));
        return loaded;
    }

    static ContractRows.Loaded InMemory(DbConnection connection, string version)
    {
        var name = PostgresName(connection);
        if (Last.TryGetValue(name, out var last) && last.Key == version && last.Rows.TryGetTarget(out var kept)) return kept;
        var loaded = ContractRows.FromDatabase(connection, new Reports.StatsFilter());
        if (DataVersion.Of(connection) == version) Last[name] = new Kept(version, new WeakReference<ContractRows.Loaded>(loaded));
        return loaded;
    }

    static string PostgresName(DbConnection connection) => $"postgresql:{connection.DataSource}/{connection.Database}";

    /// <summary>The version and the file as it is now: rows kept in memory are used only while the file is the one they came from.</summary>
    static string KeyOf(string path, string version) =>
        new FileInfo(path) is var file && file.Exists ? $"{file.Length}\n{file.LastWriteTimeUtc.Ticks}\n{version}" : $"none\n{version}";

    /// <summary>The rows last read of each database and their key, swapped as one reference (threads render side by side).</summary>
    sealed record Kept(string Key, WeakReference<ContractRows.Loaded> Rows);

    static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Kept> Last = new();

    /// <summary>Whether the snapshot on disk is of the current version (its header only is read): if not, the next reader builds it.</summary>
    public static bool IsCurrent(DbConnection connection)
    {
        if (connection.IsPostgres())
            return Last.TryGetValue(PostgresName(connection), out var last) && last.Key == DataVersion.Of(connection) && last.Rows.TryGetTarget(out _);
        if (connection.DataSource is "" or ":memory:") return false;
        try
        {
            using var file = new FileStream(PathOf(connection.DataSource), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new BinaryReader(file);
            return HeaderIs(reader, DataVersion.Of(connection));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
    }

    /// <summary>Builds the snapshot now if it is not current (after a release, so that the next reader does not wait).</summary>
    public static void Refresh(DbConnection connection) => All(connection);

    /// <summary>Whether the file is ours, in this format and row layout, and of this version.</summary>
    static bool HeaderIs(BinaryReader reader, string version) =>
        reader.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic) && reader.ReadInt32() == Format
        && reader.ReadInt32() == Unsafe.SizeOf<ContractRow>() && reader.ReadString() == version;

    static ContractRows.Loaded? Read(string path, string version, DbConnection connection)
    {
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16);
            using var reader = new BinaryReader(file, Encoding.UTF8, leaveOpen: true);
            if (!HeaderIs(reader, version)) return null;
            var lastMonth = reader.ReadInt32();
            var codeCount = reader.ReadInt32();
            if (codeCount is < 0 or > short.MaxValue) return null;   // codes are ids of a short (ContractRow)
            var codes = new string[codeCount];
            for (var i = 0; i < codes.Length; i++) codes[i] = reader.ReadString();
            // The count must be what the rest of the file holds, checked before anything is allocated for it.
            var count = reader.ReadInt32();
            var checksum = reader.ReadUInt64();
            if (count < 0 || (long)count * Unsafe.SizeOf<ContractRow>() != file.Length - file.Position) return null;
            var rows = GC.AllocateUninitializedArray<ContractRow>(count);
            file.ReadExactly(MemoryMarshal.AsBytes(rows.AsSpan()));
            // A flipped bit in the rows would change published figures silently: checked (12 ms for a million rows).
            if (XxHash3.HashToUInt64(MemoryMarshal.AsBytes(rows.AsSpan())) != checksum) return null;
            return new ContractRows.Loaded(rows, ContractRows.PlatformNames(connection), codes, lastMonth, Privacy.Releases.Current(connection));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or OutOfMemoryException)
        {
            return null;   // missing, cut short or unreadable: read from the database instead
        }
    }

    /// <summary>
    /// Temporary files a writer killed part way left (each as large as the snapshot): removed once they are older than
    /// any write takes, so a writer still at work keeps its own.
    /// </summary>
    static void RemoveLeftovers(string path)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        foreach (var file in Directory.EnumerateFiles(folder, Path.GetFileName(path) + ".*.tmp"))
            try
            {
                if (DateTime.UtcNow - File.GetLastWriteTimeUtc(file) > LeftoverAge) File.Delete(file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    internal static readonly TimeSpan LeftoverAge = TimeSpan.FromMinutes(10);

    static void Write(string path, string version, ContractRows.Loaded loaded)
    {
        // Beside the database under a name of its own, then renamed over the old one: a reader sees a whole file.
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        RemoveLeftovers(path);
        try
        {
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            using (var writer = new BinaryWriter(file, Encoding.UTF8))
            {
                writer.Write(Magic);
                writer.Write(Format);
                writer.Write(Unsafe.SizeOf<ContractRow>());
                writer.Write(version);
                writer.Write(loaded.LastMonth);
                writer.Write(loaded.Codes.Count);
                foreach (var code in loaded.Codes) writer.Write(code);
                writer.Write(loaded.Rows.Length);
                writer.Write(XxHash3.HashToUInt64(MemoryMarshal.AsBytes(loaded.Rows.AsSpan())));
                writer.Flush();
                file.Write(MemoryMarshal.AsBytes(loaded.Rows.AsSpan()));
            }
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A read-only folder or a full disk: the figures are still right, only not cached for the next reader.
            try { File.Delete(temporary); } catch (Exception) { }
        }
    }
}
