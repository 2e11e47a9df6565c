using LaborWatch.Data;
using System.Data.Common;
using Dapper;

namespace LaborWatch.Contracts;

/// <summary>
/// One bulk import written in chunks (migration 0008): its logs carry its id and count nowhere until
/// <see cref="Finish"/> marks it done in one short transaction. While it runs, the process holds an exclusive
/// lock on a file beside the database (released by the OS however the process ends), so the next import can
/// tell an import still running from one that died, and removes the logs of the dead ones. On PostgreSQL the lock is
/// an advisory lock of the importing session instead (released by the server when that connection ends, however).
/// </summary>
public sealed class StagedImport : IDisposable
{
    /// <summary>The condition (on contracts c) that leaves out the logs of imports not yet done.</summary>
    public const string Visible = "c.import_id NOT IN (SELECT id FROM imports WHERE done = 0)";

    /// <summary>Rows removed a transaction when an import is abandoned: short writes, like the import's own.</summary>
    const int DeleteChunk = 20_000;

    readonly DbConnection _connection;
    readonly FileStream? _lock;
    /// <summary>The advisory locks' first key on PostgreSQL: "LW" and "im", the import's id the second.</summary>
    const int ImportLocks = 0x4C57696D;
    public long Id { get; }

    StagedImport(DbConnection connection, long id, FileStream? @lock) => (_connection, Id, _lock) = (connection, id, @lock);

    /// <summary>Removes what dead imports left, then starts a new one.</summary>
    public static StagedImport Begin(DbConnection connection)
    {
        RemoveDead(connection);
        var id = connection.ExecuteScalar<long>("INSERT INTO imports(after, done) VALUES ((SELECT coalesce(max(id), 0) FROM contracts), 0) RETURNING id");
        FileStream? held = null;
        if (connection.IsPostgres())
            connection.Execute($"SELECT pg_advisory_lock({ImportLocks}, @id)", new { id = (int)id });
        else if (LockPath(connection, id) is { } path)
            held = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
        return new StagedImport(connection, id, held);
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

    public void Dispose()
    {
        _lock?.Dispose();
        if (_connection.IsPostgres() && _connection.State == System.Data.ConnectionState.Open)
            _connection.Execute($"SELECT pg_advisory_unlock({ImportLocks}, @id)", new { id = (int)Id });
    }

    static void RemoveDead(DbConnection connection)
    {
        foreach (var id in connection.Query<long>("SELECT id FROM imports WHERE done = 0").ToList())
        {
            if (IsRunning(connection, id)) continue;   // another process is importing now
            Remove(connection, id);
        }
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

    /// <summary>The lock file of an import: beside the database file; none for an in-memory database (one process).</summary>
    static string? LockPath(DbConnection connection, long id) =>
        string.IsNullOrEmpty(connection.DataSource) || connection.DataSource == ":memory:" ? null : $"{Path.GetFullPath(connection.DataSource)}.import-{id}.lock";

    static bool IsRunning(DbConnection connection, long id)
    {
        if (!connection.IsPostgres()) return LockPath(connection, id) is { } path && IsHeld(path);
        // Free when its session ended (the server released it): take it for a moment to see, then let it go.
        if (!connection.ExecuteScalar<bool>($"SELECT pg_try_advisory_lock({ImportLocks}, @id)", new { id = (int)id })) return true;
        connection.Execute($"SELECT pg_advisory_unlock({ImportLocks}, @id)", new { id = (int)id });
        return false;
    }

    static bool IsHeld(string path)
    {
        try
        {
            using var probe = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            return false;   // nobody holds it: its import died (the file outlived it)
        }
        catch (FileNotFoundException) { return false; }
        catch (IOException) { return true; }
    }
}
