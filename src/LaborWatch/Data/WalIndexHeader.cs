using System.IO.MemoryMappedFiles;
using Microsoft.Data.Sqlite;

namespace LaborWatch.Data;

/// <summary>
/// SQLite's WAL-index header, read straight from the `-shm` file's shared memory: a look, without a lock or a system
/// call, at whether any connection has committed since the last look. The header (https://www.sqlite.org/walformat.html,
/// "the WAL-index header") is 48 bytes held twice; a commit counts up its change counter (iChange) and its last frame,
/// and writes the second copy, then the first. So: if both copies read equal to each other and to a header read before,
/// nothing has committed in between; any difference (a commit, a checkpoint that restarted the WAL, a writer half way
/// through) sends the caller to SQLite's own answer (`PRAGMA data_version`), which takes the shared-memory lock.
/// Every cached dashboard response asked that pragma, behind one lock (6% of the server's time under load,
/// much of it threads waiting for each other).
/// </summary>
public sealed unsafe class WalIndexHeader : IDisposable
{
    /// <summary>One copy of the header, as its six 8-byte words.</summary>
    public readonly record struct Snapshot(ulong W0, ulong W1, ulong W2, ulong W3, ulong W4, ulong W5);

    const int HeaderBytes = 48;

    readonly MemoryMappedFile _map;
    readonly MemoryMappedViewAccessor _view;
    readonly ulong* _words;

    WalIndexHeader(MemoryMappedFile map, MemoryMappedViewAccessor view)
    {
        _map = map;
        _view = view;
        byte* start = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref start);
        _words = (ulong*)(start + view.PointerOffset);
    }

    /// <summary>
    /// The header of the database this connection has open, or null when there is none to read: not a file in WAL mode
    /// (an in-memory database, or one another journal mode keeps), or no `-shm` file beside it. The connection must stay
    /// open while the header is read: it keeps SQLite from deleting the `-shm` file (the last connection to close does),
    /// which would leave this mapping on a file nobody writes.
    /// </summary>
    public static WalIndexHeader? Of(SqliteConnection connection)
    {
        using (var mode = connection.CreateCommand())
        {
            mode.CommandText = "PRAGMA journal_mode";
            if (!string.Equals(mode.ExecuteScalar() as string, "wal", StringComparison.OrdinalIgnoreCase)) return null;
        }
        var file = connection.DataSource;   // the full path SQLite opened; empty for an in-memory database
        return string.IsNullOrEmpty(file) ? null : Open(file + "-shm");
    }

    /// <summary>
    /// The header of a `-shm` file, or null when it is missing, too short to hold one, or cannot be mapped (a file system
    /// without shared mappings, say): the caller then asks SQLite every time, as it did before this existed.
    /// </summary>
    public static WalIndexHeader? Open(string shmPath)
    {
        FileStream? stream = null;
        try
        {
            stream = new FileStream(shmPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (stream.Length < 2 * HeaderBytes)
            {
                stream.Dispose();
                return null;
            }
            var map = MemoryMappedFile.CreateFromFile(stream, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
            MemoryMappedViewAccessor? view = null;
            try
            {
                view = map.CreateViewAccessor(0, 2 * HeaderBytes, MemoryMappedFileAccess.Read);
                return new WalIndexHeader(map, view);
            }
            catch
            {
                view?.Dispose();   // the view too, should taking its pointer fail
                map.Dispose();
                throw;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stream?.Dispose();
            return null;
        }
    }

    /// <summary>The header when both copies agree; false while a writer is between them, or once disposed.</summary>
    public bool TryRead(out Snapshot header)
    {
        header = default;
        // Held for the read, so a Dispose on another thread cannot unmap the memory under it.
        var handle = _view.SafeMemoryMappedViewHandle;
        var held = false;
        try
        {
            handle.DangerousAddRef(ref held);
            // In the order SQLite's readers use (walIndexTryHdr): the first copy, a barrier, the second. A writer writes
            // them the other way round, so equal copies are a header no writer was changing.
            header = Read(0);
            Interlocked.MemoryBarrier();
            return Read(6) == header;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
        finally
        {
            if (held) handle.DangerousRelease();
        }
    }

    Snapshot Read(int word)
    {
        var w = _words + word;
        return new Snapshot(Volatile.Read(ref w[0]), Volatile.Read(ref w[1]), Volatile.Read(ref w[2]),
            Volatile.Read(ref w[3]), Volatile.Read(ref w[4]), Volatile.Read(ref w[5]));
    }

    public void Dispose()
    {
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _map.Dispose();
    }
}
