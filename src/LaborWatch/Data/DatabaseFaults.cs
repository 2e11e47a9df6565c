using Microsoft.Data.Sqlite;
using Npgsql;

namespace LaborWatch.Data;

/// <summary>A fault of the database file said in words a person can act on, naming the file.</summary>
public sealed class DatabaseFaultException(string message, Exception inner) : IOException(message, inner);

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
        $"{file} is not a LaborWatch database, or it is damaged ({detail}); it was left as it is. Restore a backup (docs/deploy.md) or give another --db";

    /// <summary>The fault in words when it is one of these, else the exception as it was.</summary>
    public static Exception Explain(SqliteException e, string path) =>
        Describe(e, path) is { } message ? new DatabaseFaultException(message, e) : e;

    /// <summary>
    /// PostgreSQL's faults from below: the server cannot be reached, refuses the sign-in, has no such database, or
    /// is out of disk or connections. Named by the URI without its password.
    /// </summary>
    public static Exception Explain(NpgsqlException e, string uri)
    {
        var where = Store.Redacted(uri);
        var message = (e as PostgresException)?.SqlState switch
        {
            "3D000" => $"{where}: the PostgreSQL server has no such database ({e.Message}); create it first (createdb), LaborWatch makes its tables",
            "28P01" or "28000" => $"{where}: the PostgreSQL server refused the user name or password ({e.Message})",
            "53100" => $"{where}: the PostgreSQL server's disk is full: nothing of this run was stored (every write is one transaction)",
            "53300" => $"{where}: the PostgreSQL server has no free connections ({e.Message}): nothing was stored; run it again",
            "57P01" or "57P02" or "57P03" => $"{where}: the PostgreSQL server is shutting down or starting ({e.Message}): nothing was stored; run it again",
            null when e.IsTransient || e.InnerException is System.Net.Sockets.SocketException or TimeoutException =>
                $"{where}: cannot reach the PostgreSQL server ({e.InnerException?.Message ?? e.Message}): nothing was stored; is it running, and is the host and port right?",
            _ => null,
        };
        return message is null ? e : new DatabaseFaultException(message, e);
    }

    /// <summary>Faults a server answers 503 (the store's, not the request's): SQLite's disk and lock faults, PostgreSQL unreachable or overloaded.</summary>
    public static bool IsUnavailable(Exception e) => e switch
    {
        SqliteException s => IsUnavailable(s),
        PostgresException p => p.SqlState is "53100" or "53200" or "53300" or "57P01" or "57P02" or "57P03" or "55P03" or "57014" or "40001" or "40P01",
        NpgsqlException n => n.IsTransient,
        DatabaseFaultException f => f.InnerException is { } inner && IsUnavailable(inner),
        _ => e.InnerException is { } inner && IsUnavailable(inner),
    };
}
