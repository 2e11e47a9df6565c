using System.Diagnostics;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace LaborWatch.Data;

/// <summary>
/// How a SQLite connection waits for another's write lock: it asks again every 2 ms, for up to the busy timeout.
/// SQLite's own wait (`PRAGMA busy_timeout`) asks again at growing intervals, every 100 ms after the first third of a
/// second: a post waiting through a bulk import found the lock free only if one of those asks fell in the moment
/// between two of its chunks, and waited 7-13 s for a million-log import. Now the import leaves the lock free for a few
/// milliseconds after each chunk (Contracts/BulkWrite) and a waiting post takes it then. Bound straight to e_sqlite3, as
/// <see cref="SqliteBinds"/>: SQLitePCL has no busy handler of its own to offer.
/// </summary>
internal static unsafe partial class BusyWait
{
    const int PollMilliseconds = 2;

    /// <summary>When this thread's current wait began (a handler call with count 0 starts a wait).</summary>
    [ThreadStatic] static long _waitStarted;

    static BusyWait() => SqliteBinds.CheckSameLibrary();

    public static void Install(SqliteConnection connection)
    {
        var rc = sqlite3_busy_handler(connection.Handle!.DangerousGetHandle(), &Wait, 0);
        if (rc != 0) throw new SqliteException($"could not set the busy handler (SQLite error {rc})", rc);
    }

    /// <returns>1 to ask again (after a pause), 0 to give up: the statement then fails with SQLITE_BUSY, as past busy_timeout</returns>
    [UnmanagedCallersOnly]
    static int Wait(nint _, int count)
    {
        if (count == 0) _waitStarted = Stopwatch.GetTimestamp();
        if (Stopwatch.GetElapsedTime(_waitStarted).TotalSeconds >= Database.BusyTimeoutSeconds) return 0;
        Thread.Sleep(PollMilliseconds);
        return 1;
    }

    [LibraryImport("e_sqlite3")]
    private static partial int sqlite3_busy_handler(nint db, delegate* unmanaged<nint, int, int> handler, nint argument);
}
