using System.Data.Common;
using Dapper;
using LaborWatch.Data;
using Microsoft.Data.Sqlite;

namespace LaborWatch.Contracts;

/// <summary>
/// A SQLite connection set up for an import's chunks, and put back as it was when disposed (a pooled connection keeps
/// its pragmas). Nothing for PostgreSQL.
/// <list type="bullet">
/// <item>Foreign keys and CHECK constraints are not evaluated a row: the insert opened four parent tables a log to test
/// ids <see cref="ContractStore"/> has just looked up or written in the same transaction (it forgets them between
/// transactions), and built a temporary table a log for the CHECK on moderation, a value the store sets itself. Together
/// a fifth of the writing thread's time. The other connections keep both checks (a deletion of a parent is still refused).</item>
/// <item>Checkpoints run on a thread of their own: each chunk's commit copied the WAL into the database file before
/// the writer could go on (a tenth of an import). The WAL still stays small: each commit asks for a checkpoint, which
/// copies it while the next chunk is written, and the last is copied before the import returns.</item>
/// <item>After each chunk the write lock is left free for 10 ms, for a post waiting for it (<see cref="Committed"/>).</item>
/// </list>
/// NOT NULL and UNIQUE (the row-hash dedupe) are always enforced.
/// </summary>
public sealed class BulkWrite : IDisposable
{
    readonly DbConnection? _connection;
    readonly long _autoCheckpoint, _cacheSize;
    readonly SqliteConnection? _checkpoints;
    readonly SemaphoreSlim _requested = new(0);
    readonly Thread? _checkpointing;
    volatile bool _stopping;
    bool _disposed;

    public BulkWrite(DbConnection connection)
    {
        if (connection.IsPostgres()) return;
        var file = connection.DataSource;
        // The checkpoints' connection first: when it cannot be opened, the import's connection is not changed yet.
        if (!string.IsNullOrEmpty(file) && file != ":memory:") _checkpoints = (SqliteConnection)Database.Open(file);
        _connection = connection;
        _autoCheckpoint = connection.ExecuteScalar<long>("PRAGMA wal_autocheckpoint");
        _cacheSize = connection.ExecuteScalar<long>("PRAGMA cache_size");
        // A page cache big enough for the unique row-hash index of a large import (SQLite allocates it lazily).
        connection.Execute("PRAGMA cache_size = -262144; PRAGMA foreign_keys = OFF; PRAGMA ignore_check_constraints = ON");
        if (_checkpoints is null) return;   // in memory: no WAL, nothing to copy
        connection.Execute("PRAGMA wal_autocheckpoint = 0");
        _checkpointing = new Thread(CopyWal) { IsBackground = true, Name = "import checkpoints" };
        _checkpointing.Start();
    }

    /// <summary>
    /// After a commit: copy what the WAL holds into the database file, soon, on the checkpoint thread; and leave the
    /// write lock free a moment before the next chunk takes it, so that a post waiting for it (asking every 2 ms,
    /// <see cref="BusyWait"/>) gets its turn rather than wait out the whole import.
    /// </summary>
    public void Committed()
    {
        if (_checkpointing is null) return;
        if (_requested.CurrentCount == 0) _requested.Release();
        Thread.Sleep(LockFreeMilliseconds);
    }

    /// <summary>Sixteen pauses a million logs: 0.16 s.</summary>
    const int LockFreeMilliseconds = 10;

    void CopyWal()
    {
        while (true)
        {
            _requested.Wait();
            if (_stopping) return;
            if (!Checkpoint()) return;
        }
    }

    /// <summary>
    /// A passive checkpoint never waits for a lock and never stops the writer. When one fails (a full disk, say) the
    /// committed logs are safe in the WAL and the next connection to commit copies them: the import goes on.
    /// </summary>
    bool Checkpoint()
    {
        try
        {
            _checkpoints!.Execute("PRAGMA wal_checkpoint(PASSIVE)");
            return true;
        }
        catch (SqliteException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        if (_disposed || _connection is null) return;
        _disposed = true;
        if (_checkpointing is not null)
        {
            _stopping = true;
            _requested.Release();
            _checkpointing.Join();
            Checkpoint();   // what the last chunks left
        }
        _checkpoints?.Dispose();
        // Rolled back by now when the import failed: these pragmas are no-ops inside a transaction.
        _connection.Execute($"PRAGMA foreign_keys = ON; PRAGMA ignore_check_constraints = OFF; PRAGMA cache_size = {_cacheSize}; PRAGMA wal_autocheckpoint = {_autoCheckpoint}");
        _requested.Dispose();
    }
}
