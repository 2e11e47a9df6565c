using LaborWatch.Data;
using System.Data.Common;
using Dapper;

namespace LaborWatch.Contracts;

/// <summary>
/// One bulk import written in chunks (migration 0008): its logs carry its id and count nowhere until
/// <see cref="Finish"/> marks it done in one short transaction. One import into a database at a time: it holds the
/// imports' lock from before it begins until it is disposed, an exclusive lock on a file beside the database (released
/// by the OS however the process ends) or, on PostgreSQL, an advisory lock of its session (released by the server when
/// that connection ends). So any import not done that the next one finds has died, and it removes that one's logs.
/// Two at once lost logs: the second counted the first's staged logs as duplicates of its own and skipped them, and
/// when the first was then refused or killed, neither kept them.
/// </summary>
public sealed class StagedImport : IDisposable
{
    /// <summary>The condition (on contracts c) that leaves out the logs of imports not yet done.</summary>
    public const string Visible = "c.import_id NOT IN (SELECT id FROM imports WHERE done = 0)";

    /// <summary>Rows removed a transaction when an import is abandoned: short writes, like the import's own.</summary>
    const int DeleteChunk = 20_000;

    readonly DbConnection _connection;
    readonly FileStream? _lock;
    /// <summary>The imports' advisory lock on PostgreSQL: "LW" and "im" (0 the second key).</summary>
    const int ImportLocks = 0x4C57696D;
    public long Id { get; }

    StagedImport(DbConnection connection, long id, FileStream? @lock) => (_connection, Id, _lock) = (connection, id, @lock);

    /// <summary>How often a waiting import asks for the imports' lock again.</summary>
    static readonly TimeSpan LockPoll = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Takes the imports' lock (waiting while another import holds it: <paramref name="waiting"/> is told once), removes
    /// what dead imports left, then starts a new one.
    /// </summary>
    public static StagedImport Begin(DbConnection connection, Action? waiting = null)
    {
        var held = TakeLock(connection, waiting);
        try
        {
            RemoveDead(connection);
            var id = connection.ExecuteScalar<long>("INSERT INTO imports(after, done) VALUES ((SELECT coalesce(max(id), 0) FROM contracts), 0) RETURNING id");
            return new StagedImport(connection, id, held);
        }
        catch
        {
            Release(connection, held);
            throw;
        }
    }

    /// <summary>The imports' lock: a file's on SQLite (null for an in-memory database: one connection), the session's on PostgreSQL.</summary>
    static FileStream? TakeLock(DbConnection connection, Action? waiting)
    {
        var told = false;
        while (true)
        {
            if (connection.IsPostgres())
            {
                if (connection.ExecuteScalar<bool>($"SELECT pg_try_advisory_lock({ImportLocks}, 0)")) return null;   // import ids start at 1
            }
            else if (LockPath(connection) is not { } path) return null;
            else
            {
                try
                {
                    // Not deleted on close: a file unlinked while another process waits to lock it lets two imports hold "the" lock.
                    return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                }
                catch (IOException e) when (HeldElsewhere(e))
                {
                    // Held by another import: wait for it.
                }
                catch (IOException e)
                {
                    // Any other failure (no such folder, read-only, an I/O error) would never clear by waiting.
                    throw new IOException($"the imports' lock file {path} cannot be opened: {e.Message}", e);
                }
            }
            if (!told) waiting?.Invoke();
            told = true;
            Thread.Sleep(LockPoll);
        }
    }

    /// <summary>
    /// Whether opening the lock file failed because another process holds its lock: a sharing violation on Windows
    /// (32, or 33 for a locked region), EWOULDBLOCK from flock elsewhere (.NET gives the errno as HResult: 11 on Linux,
    /// 35 on macOS and the BSDs). Anything else is a real error: reading every IOException as "held" had an import
    /// wait forever, saying another import ran, on a lock file it could not open at all.
    /// </summary>
    static bool HeldElsewhere(IOException e) => OperatingSystem.IsWindows() ? (e.HResult & 0xFFFF) is 32 or 33 : e.HResult is 11 or 35;

    static void Release(DbConnection connection, FileStream? held)
    {
        held?.Dispose();
        if (connection.IsPostgres() && connection.State == System.Data.ConnectionState.Open)
            connection.Execute($"SELECT pg_advisory_unlock({ImportLocks}, 0)");
    }

    /// <summary>Makes every log of the import count, in one transaction with <paramref name="alsoInside"/>.</summary>
    public void Finish(Action<DbTransaction>? alsoInside = null)
    {
        using var tx = _connection.BeginWrite();
        _connection.Execute("UPDATE imports SET done = 1 WHERE id = @Id", new { Id }, tx);
        alsoInside?.Invoke(tx);
        tx.Commit();
    }

    /// <summary>Removes the logs written so far (the import failed or was refused), a chunk a transaction.</summary>
    public void Abandon() => Remove(_connection, Id);

    public void Dispose() => Release(_connection, _lock);

    static void RemoveDead(DbConnection connection)
    {
        // Under the imports' lock, an import not done is not running: it died (killed, or its machine went down).
        foreach (var id in connection.Query<long>("SELECT id FROM imports WHERE done = 0").ToList()) Remove(connection, id);
    }

    static void Remove(DbConnection connection, long id)
    {
        // Its logs have ids above the highest when it began: a range of the table, read once, without an index.
        // A window of ids at a time, through the primary key: PostgreSQL planned "id IN (... LIMIT n)" on a table it had
        // not analysed yet as a loop over every row for every row (past its 30 s statement timeout at 140,000 logs).
        var after = connection.ExecuteScalar<long>("SELECT after FROM imports WHERE id = @id", new { id });
        var last = connection.ExecuteScalar<long>("SELECT coalesce(max(id), 0) FROM contracts");
        for (var from = after + 1; from <= last; from += DeleteChunk)
            connection.Execute("DELETE FROM contracts WHERE id BETWEEN @from AND @to AND import_id = @id", new { id, from, to = from + DeleteChunk - 1 });
        using var tx = connection.BeginWrite();
        // Platforms and submitters that only the removed logs named go too. Set-based (EXCEPT sorts once): a NOT EXISTS
        // a row scans the unindexed submitter_id column again for every submitter, hours at a million logs.
        connection.Execute("DELETE FROM submitters WHERE id IN (SELECT id FROM submitters EXCEPT SELECT submitter_id FROM contracts)", transaction: tx);
        connection.Execute("DELETE FROM platforms WHERE id IN (SELECT id FROM platforms EXCEPT SELECT platform_id FROM contracts)", transaction: tx);
        connection.Execute("DELETE FROM imports WHERE id = @id", new { id }, tx);
        tx.Commit();
    }

    /// <summary>The imports' lock file: beside the database file; none for an in-memory database (one connection).</summary>
    static string? LockPath(DbConnection connection) =>
        string.IsNullOrEmpty(connection.DataSource) || connection.DataSource == ":memory:" ? null : $"{Path.GetFullPath(connection.DataSource)}.import.lock";
}
