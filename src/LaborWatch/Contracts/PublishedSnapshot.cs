using System.Data.Common;
using System.IO.Hashing;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using LaborWatch.Data;
using Microsoft.Win32.SafeHandles;

namespace LaborWatch.Contracts;

/// <summary>
/// The published logs (those of the current release) as one file beside the database, DB.published: the rows
/// as their bytes, so `stats`, a page or a report reads them in one sequential read instead of scanning a
/// million rows through SQLite (the scan was half the time of `stats`). A cache, not a record: keyed by
/// the published version (<see cref="DataVersion.Of"/>, which every release, receipt deletion or correction and
/// scrape changes), rebuilt from the database when it is missing, stale, damaged (its rows carry a checksum) or
/// unreadable, and never backed up. On PostgreSQL there is no file beside the database (the servers may be on
/// other machines): the rows of the current version are kept in memory only, read again for a new version.
/// </summary>
public static class PublishedSnapshot
{
    /// <summary>The file's format: to change with any field of <see cref="ContractRow"/>, whose bytes it holds.</summary>
    public const int Format = 3;

    /// <summary>
    /// Up to this many bytes of rows (256 MB: about 3.3 million logs) are read into memory once and shared; a larger
    /// snapshot is read from the file a chunk at a time by each section (<see cref="RowSet"/>), so memory stays
    /// bounded whatever the number of logs (10M logs under 1 GB).
    /// </summary>
    public const long InMemoryLimitBytes = 256L * 1024 * 1024;

    static ReadOnlySpan<byte> Magic => "LWPUBLISHED\n"u8;

    public static string PathOf(string database) => database + ".published";

    /// <summary>Every published log, unfiltered: from the snapshot when it is current, else from the database (and then written).</summary>
    public static ContractRows.Loaded All(DbConnection connection) => All(connection, InMemoryLimitBytes);

    /// <param name="inMemoryLimit">rows up to this many bytes are held in memory; more are read from the file as scanned (tests set 0 to stream any size)</param>
    internal static ContractRows.Loaded All(DbConnection connection, long inMemoryLimit)
    {
        var database = connection.DataSource;
        var version = DataVersion.Of(connection);
        if (connection.IsPostgres()) return InMemory(connection, version);
        if (database is "" or ":memory:") return ContractRows.FromDatabase(connection, new Contracts.StatsFilter());
        var path = PathOf(database);
        // The server renders many pages of one version: the rows last read are shared (never written to) while the
        // garbage collector keeps them, rather than read again for each page.
        var full = Path.GetFullPath(path);
        if (Last.TryGetValue(full, out var last) && last.Key == KeyOf(full, version, inMemoryLimit) && last.Rows.TryGetTarget(out var kept)) return kept;
        var loaded = Open(path, version, connection, inMemoryLimit)
            ?? Build(path, version, connection, inMemoryLimit)
            ?? ContractRows.FromDatabase(connection, new Contracts.StatsFilter());   // the folder cannot take the file: read into memory
        Last[full] = new Kept(KeyOf(full, version, inMemoryLimit), new WeakReference<ContractRows.Loaded>(loaded));   // the file as it is now
        return loaded;
    }

    static ContractRows.Loaded InMemory(DbConnection connection, string version)
    {
        var name = PostgresName(connection);
        if (Last.TryGetValue(name, out var last) && last.Key == version && last.Rows.TryGetTarget(out var kept)) return kept;
        var loaded = ContractRows.FromDatabase(connection, new Contracts.StatsFilter());
        if (DataVersion.Of(connection) == version) Last[name] = new Kept(version, new WeakReference<ContractRows.Loaded>(loaded));
        return loaded;
    }

    static string PostgresName(DbConnection connection) => $"postgresql:{connection.DataSource}/{connection.Database}";

    /// <summary>
    /// The version and the file as it is now (and how the rows were read): rows kept in memory are used only while the
    /// file is the one they came from.
    /// </summary>
    static string KeyOf(string path, string version, long inMemoryLimit) =>
        (new FileInfo(path) is var file && file.Exists ? $"{file.Length}\n{file.LastWriteTimeUtc.Ticks}\n{version}" : $"none\n{version}") + $"\n{inMemoryLimit}";

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

    // The file: the header (magic, format, row size, version), the last month, the row count and the checksum (of the
    // rows and codes), then the rows as their bytes, then the code texts. Codes last: a scan finds them as it writes the rows.
    const int HeaderReadBytes = 64 * 1024;
    const long MaxCodeBytes = 64L * 1024 * 1024;

    static ContractRows.Loaded? Open(string path, string version, DbConnection connection, long inMemoryLimit)
    {
        SafeFileHandle? file = null;
        try
        {
            file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var length = RandomAccess.GetLength(file);
            var head = new byte[(int)Math.Min(length, HeaderReadBytes)];
            RowSet.InFile.ReadExactly(file, head, 0);
            using var reader = new BinaryReader(new MemoryStream(head), Encoding.UTF8);
            if (!HeaderIs(reader, version)) return Close(file);
            var lastMonth = reader.ReadInt32();
            var count = reader.ReadInt32();
            var checksum = reader.ReadUInt64();
            var rowsAt = reader.BaseStream.Position;
            var rowBytes = (long)count * Unsafe.SizeOf<ContractRow>();
            // The counts must be what the file holds, checked before anything is allocated for them.
            if (count < 0 || rowsAt + rowBytes > length || length - rowsAt - rowBytes > MaxCodeBytes) return Close(file);
            var tail = new byte[length - rowsAt - rowBytes];
            RowSet.InFile.ReadExactly(file, tail, rowsAt + rowBytes);
            using var codeReader = new BinaryReader(new MemoryStream(tail), Encoding.UTF8);
            var codeCount = codeReader.ReadInt32();
            if (codeCount is < 0 or > short.MaxValue) return Close(file);   // codes are ids of a short (ContractRow)
            var codes = new string[codeCount];
            for (var i = 0; i < codes.Length; i++) codes[i] = codeReader.ReadString();
            if (codeReader.BaseStream.Position != tail.Length) return Close(file);

            RowSet rows;
            if (rowBytes <= inMemoryLimit)
            {
                var array = GC.AllocateUninitializedArray<ContractRow>(count);
                RowSet.InFile.ReadExactly(file, MemoryMarshal.AsBytes(array.AsSpan()), rowsAt);
                file.Dispose();
                // A flipped bit in the rows or codes would change published figures silently: checked (12 ms for a million rows).
                var hash = new XxHash3();
                hash.Append(MemoryMarshal.AsBytes(array.AsSpan()));
                hash.Append(tail);
                if (hash.GetCurrentHashAsUInt64() != checksum) return null;
                rows = RowSet.Of(array);
            }
            else
            {
                // Checked in one pass before any figure reads them; then each section scans the same open file.
                rows = new RowSet.InFile(file, rowsAt, count);
                var hash = new XxHash3();
                foreach (var chunk in rows.Chunks()) hash.Append(MemoryMarshal.AsBytes(chunk.Span));
                hash.Append(tail);
                if (hash.GetCurrentHashAsUInt64() != checksum) return Close(file);
            }
            return new ContractRows.Loaded(rows, ContractRows.PlatformNames(connection), codes, lastMonth, Contracts.ReleasedLogs.Current(connection));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or OutOfMemoryException or FormatException)
        {
            file?.Dispose();
            return null;   // missing, cut short or unreadable: read from the database instead
        }
    }

    static ContractRows.Loaded? Close(SafeFileHandle file)
    {
        file.Dispose();
        return null;
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

    /// <summary>
    /// Writes the snapshot from one scan of the database, a chunk at a time (no array of every log), and opens it;
    /// null when the folder cannot take it.
    /// </summary>
    static ContractRows.Loaded? Build(string path, string version, DbConnection connection, long inMemoryLimit)
    {
        // Beside the database under a name of its own, then renamed over the old one: a reader sees a whole file.
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        RemoveLeftovers(path);
        try
        {
            Write(temporary, version, connection, new Contracts.StatsFilter());
            // Kept under its name only when nothing was published while the rows were read: the file must hold exactly
            // its version. Otherwise the rows read are still this reader's, and the file goes once opened.
            if (DataVersion.Of(connection) == version)
            {
                File.Move(temporary, path, overwrite: true);
                return Open(path, version, connection, inMemoryLimit);
            }
            var loaded = Open(temporary, version, connection, inMemoryLimit);
            File.Delete(temporary);
            return loaded;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A read-only folder or a full disk: the figures are still right, only not cached for the next reader.
            try { File.Delete(temporary); } catch (Exception) { }
            return null;
        }
    }

    /// <summary>
    /// The exact figures' logs (every approved log the filter selects, published or not) when they are more than
    /// <paramref name="inMemoryLimit"/> bytes: scanned into a file of their own beside the database (its folder is as
    /// protected as the database; never a shared temporary folder), which is removed as soon as it is open, and read
    /// from it a chunk at a time. Null when they fit in memory or the folder cannot take the file: read them into memory.
    /// </summary>
    internal static ContractRows.Loaded? Exact(DbConnection connection, Contracts.StatsFilter filter, int count, long inMemoryLimit)
    {
        if (connection.IsPostgres() || connection.DataSource is "" or ":memory:") return null;
        if ((long)count * Unsafe.SizeOf<ContractRow>() <= inMemoryLimit) return null;
        var path = PathOf(connection.DataSource);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";   // a leftover of a killed run goes with the snapshot's (RemoveLeftovers)
        try
        {
            Write(temporary, "exact", connection, filter);
            var loaded = Open(temporary, "exact", connection, inMemoryLimit);
            File.Delete(temporary);
            return loaded is null ? null : loaded with { Release = null };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            try { File.Delete(temporary); } catch (Exception) { }
            return null;
        }
    }

    /// <summary>The rows a filter selects, scanned from the database into a snapshot file at <paramref name="path"/>.</summary>
    static void Write(string path, string version, DbConnection connection, Contracts.StatsFilter filter)
    {
        using var file = OwnerOnly.CreateNew(path, 1 << 16);
        using var writer = new BinaryWriter(file, Encoding.UTF8);
        writer.Write(Magic);
        writer.Write(Format);
        writer.Write(Unsafe.SizeOf<ContractRow>());
        writer.Write(version);
        writer.Flush();
        var counts = file.Position;
        writer.Write(0);    // last month, row count and checksum: written when the scan has found them
        writer.Write(0);
        writer.Write(0UL);
        writer.Flush();
        var hash = new XxHash3();
        var count = 0;
        var scan = ContractRows.Scan(connection, filter, chunk =>
        {
            var bytes = MemoryMarshal.AsBytes(chunk);
            hash.Append(bytes);
            file.Write(bytes);
            count += chunk.Length;
        });
        var tail = new MemoryStream();
        using (var codes = new BinaryWriter(tail, Encoding.UTF8, leaveOpen: true))
        {
            codes.Write(scan.Codes.Count);
            foreach (var code in scan.Codes) codes.Write(code);
        }
        hash.Append(tail.GetBuffer().AsSpan(0, (int)tail.Length));
        writer.Write(tail.GetBuffer(), 0, (int)tail.Length);
        writer.Flush();
        file.Position = counts;
        writer.Write(scan.LastMonth);
        writer.Write(count);
        writer.Write(hash.GetCurrentHashAsUInt64());
    }
}
