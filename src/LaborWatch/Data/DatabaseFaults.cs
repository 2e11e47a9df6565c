using Microsoft.Data.Sqlite;

namespace LaborWatch.Data;

/// <summary>A fault of the database file said in words a person can act on, naming the file.</summary>
public sealed class DatabaseFaultException(string message, SqliteException inner) : IOException(message, inner)
{
    public SqliteException Sqlite => inner;
}

/// <summary>
/// SQLite's result codes for faults from below (a damaged or foreign file, a full or read-only disk, another
/// writer holding the lock) turned into one message each. Every write is one transaction, so each message can
/// say truthfully that nothing of the interrupted work was stored.
/// </summary>
public static class DatabaseFaults
{
    const int Busy = 5, Locked = 6, ReadOnly = 8, IoError = 10, Corrupt = 11, Full = 13, CantOpen = 14, NotADatabase = 26;

    /// <summary>The faults that are the disk's or another program's, not the request's: a server answers them 503.</summary>
    public static bool IsUnavailable(SqliteException e) => e.SqliteErrorCode is Busy or Locked or ReadOnly or IoError or Full or CantOpen;

    public static bool IsDamaged(SqliteException e) => e.SqliteErrorCode is Corrupt or NotADatabase;

    /// <summary>The words for a fault, or null when the code is not one of these (a bug, shown as it is).</summary>
    public static string? Describe(SqliteException e, string path)
    {
        var file = Path.GetFullPath(path);
        return e.SqliteErrorCode switch
        {
            Corrupt or NotADatabase => Damaged(file, e.Message),
            ReadOnly => $"{file} is read-only (a read-only disk or file): nothing was stored; give a writable --db, or copy the file somewhere writable",
            CantOpen => $"{file} cannot be opened for writing (a missing folder, no permission, or a read-only disk): nothing was stored",
            Full => $"{file}: the disk is full: nothing of this run was stored (every write is one transaction); free some space and run it again",
            Busy or Locked => $"{file} is locked by another program writing to it for longer than the {Database.BusyTimeoutSeconds} s busy timeout: nothing was stored; run it again when that write is done",
            IoError => $"{file}: the disk failed to read or write ({e.Message}): nothing of this run was stored; check the disk",
            _ => null,
        };
    }

    public static string Damaged(string file, string detail) =>
        $"{file} is not a LaborWatch database, or it is damaged ({detail}); it was left as it is. Restore a backup (README: Backup and restore) or give another --db";

    /// <summary>The fault in words when it is one of these, else the exception as it was.</summary>
    public static Exception Explain(SqliteException e, string path) =>
        Describe(e, path) is { } message ? new DatabaseFaultException(message, e) : e;
}
