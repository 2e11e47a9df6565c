using LaborWatch.Data;
using System.Data.Common;
using System.Collections.Concurrent;
using System.Buffers.Binary;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace LaborWatch.Contracts;

public sealed record RowError(string Where, string Column, string Message)
{
    public override string ToString() => Column.Length == 0 ? $"{Where}: {Message}" : $"{Where}: column '{Column}': {Message}";
}

public sealed record ImportSummary(int Read, int Added, int Duplicates, IReadOnlyList<RowError> Rejected);

/// <summary>The import failed and nothing was written.</summary>
public sealed class ImportRejectedException(string file, IReadOnlyList<RowError> errors, int errorCount)
    : Exception($"{file}: {errorCount} invalid row{(errorCount == 1 ? "" : "s")}; nothing was imported")
{
    public IReadOnlyList<RowError> Errors { get; } = errors;
    public int ErrorCount { get; } = errorCount;
    public string File { get; } = file;
}

/// <summary>
/// Imports a CSV or JSON file of contract logs in one transaction: all or nothing by default, or with
/// skipInvalid the valid rows and a list of the rejected ones. Identical rows already stored are skipped.
/// Reading, validating and hashing run on one thread while the connection's thread writes, so an import
/// uses both cores of a small machine.
/// </summary>
public static class ContractImporter
{
    /// <summary>How many row errors an all-or-nothing import keeps listing before it only counts them.</summary>
    public const int MaxListedErrors = 50;

    /// <summary>
    /// Logs the reader hands the writer at a time, sorted by row hash (<see cref="ByRowHash"/>): the inserts then walk
    /// the unique row-hash index in order instead of jumping about it: half of SQLite's work on that index was gone
    /// from the writing thread with 16k logs a batch (a third with 2k).
    /// </summary>
    const int BatchSize = 16_384;

    /// <summary>
    /// Logs a transaction: about a second of the write lock. Each commit writes the row-hash index pages it
    /// touched to the WAL again, so smaller chunks cost more: 16k rows made a million-log import 16% slower than
    /// one transaction, 64k rows 7%.
    /// </summary>
    const int ChunkRows = 4 * BatchSize;

    /// <param name="waiting">told once when another import into the database is running: this one waits for it (StagedImport)</param>
    public static ImportSummary Import(DbConnection connection, string path, bool skipInvalid = false,
        ContractValidator? validator = null, Action<long, long>? progress = null, Action? waiting = null)
    {
        using var stream = OpenFile(path);
        return Import(connection, Path.GetFileName(path), stream, skipInvalid, validator, progress, waiting);
    }

    public static ImportSummary Import(DbConnection connection, string name, Stream stream, bool skipInvalid = false,
        ContractValidator? validator = null, Action<long, long>? progress = null, Action? waiting = null)
    {
        validator ??= new ContractValidator();
        // Written a chunk a transaction, each holding the write lock for a moment, so posts to a running server
        // wait no longer than that; the logs count nowhere until the import is marked done (StagedImport).
        using var staged = StagedImport.Begin(connection, waiting);
        // Checkpoints are not turned off: the whole import's WAL was then left to the first post to commit after it,
        // which took 26 s. BulkWrite copies it on a thread of its own instead, while the next chunk is written.
        using var bulk = new BulkWrite(connection);
        DbTransaction? tx = connection.BeginWrite();
        var store = new ContractStore(connection, tx, importId: staged.Id);
        using var batches = new BlockingCollection<List<KeyedLog>>(boundedCapacity: 2);
        using var stop = new CancellationTokenSource();
        var reading = Task.Run(() => Read(name, stream, validator, store.Secret, skipInvalid, batches, progress, stop.Token));

        int added = 0, duplicates = 0, inChunk = 0;
        try
        {
            while (true)
            {
                if (!batches.TryTake(out var batch, tx is null ? Timeout.Infinite : 250))
                {
                    if (batches.IsCompleted) break;
                    // The input stalled (a slow disk or upload): commit what is written rather than hold the lock while waiting.
                    tx!.Commit();
                    tx.Dispose();
                    (tx, inChunk) = (null, 0);
                    bulk.Committed();
                    continue;
                }
                if (tx is null) store.Continue(tx = connection.BeginWrite());
                var stored = store.AddAll(batch);
                added += stored;
                duplicates += batch.Count - stored;
                if ((inChunk += batch.Count) >= ChunkRows)
                {
                    tx.Commit();
                    tx.Dispose();
                    (tx, inChunk) = (null, 0);
                    bulk.Committed();
                }
            }
            var (read, errors, errorCount) = Unwrap(reading);
            if (tx is not null)
            {
                tx.Commit();
                tx.Dispose();
                tx = null;
            }
            bulk.Dispose();   // the connection as it was, for what follows (checks on again)
            if (errorCount > 0 && !skipInvalid) throw new ImportRejectedException(name, errors, errorCount);
            staged.Finish(done => { if (added > 0) Data.DataVersion.Bump(connection, done); });
            return new ImportSummary(read, added, duplicates, errors);
        }
        catch
        {
            stop.Cancel();   // the writer failed: stop the reader before its collection is disposed
            try { reading.Wait(); } catch (AggregateException) { }
            try { tx?.Rollback(); } catch (Exception e) when (e is SqliteException or InvalidOperationException) { }
            try { bulk.Dispose(); } catch (SqliteException) { }
            // What was committed so far counts nowhere; remove it now (else the next import does).
            try { staged.Abandon(); } catch (SqliteException) { }
            throw;
        }
        finally
        {
            tx?.Dispose();
            store.Dispose();
        }
    }

    static (int Read, List<RowError> Errors, int ErrorCount) Read(string name, Stream stream, ContractValidator validator,
        byte[] secret, bool skipInvalid, BlockingCollection<List<KeyedLog>> batches, Action<long, long>? progress, CancellationToken stop)
    {
        try
        {
            var total = stream.CanSeek ? stream.Length : -1;
            var errors = new List<RowError>();
            using var keyer = new ContractStore.Keyer(secret);
            int errorCount = 0, read = 0;
            var batch = new List<KeyedLog>(BatchSize);
            foreach (var record in RawRecords.Read(name, stream))
            {
                read++;
                if ((read & 0x3FF) == 0 && total > 0) progress?.Invoke(stream.Position, total);
                if (record.Problem is not null)
                {
                    errorCount++;
                    if (skipInvalid || errors.Count < MaxListedErrors) errors.Add(new RowError(record.Where, "", record.Problem));
                    continue;
                }
                var (log, fieldErrors) = validator.Validate(record.Values);
                if (log is null)
                {
                    errorCount++;
                    foreach (var e in fieldErrors)
                        if (skipInvalid || errors.Count < MaxListedErrors) errors.Add(new RowError(record.Where, e.Column, e.Message));
                    continue;
                }
                // After the first error an all-or-nothing import only validates, to report every problem at once.
                if (errorCount > 0 && !skipInvalid) continue;
                batch.Add(keyer.Key(log));
                if (batch.Count == BatchSize)
                {
                    batches.Add(ByRowHash(batch), stop);
                    batch = new List<KeyedLog>(BatchSize);
                }
            }
            if (batch.Count > 0) batches.Add(ByRowHash(batch), stop);
            if (total > 0) progress?.Invoke(total, total);
            return (read, errors, errorCount);
        }
        finally
        {
            batches.CompleteAdding();
        }
    }

    /// <summary>
    /// The batch in the order of its row hashes' first 8 bytes (ties in any order), so its logs' ids follow that order
    /// within the batch rather than the file's: nothing reads meaning into an id's order.
    /// </summary>
    static List<KeyedLog> ByRowHash(List<KeyedLog> batch)
    {
        var logs = CollectionsMarshal.AsSpan(batch);
        var keys = new ulong[logs.Length];
        for (var i = 0; i < logs.Length; i++) keys[i] = BinaryPrimitives.ReadUInt64BigEndian(logs[i].RowHash);
        keys.AsSpan().Sort(logs);
        return batch;
    }

    /// <summary>The reader's result, or its own exception (an ImportFormatException, say) rather than an AggregateException.</summary>
    static T Unwrap<T>(Task<T> task)
    {
        try
        {
            return task.GetAwaiter().GetResult();
        }
        catch (AggregateException e) when (e.InnerExceptions.Count == 1)
        {
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
            throw;
        }
    }

    static FileStream OpenFile(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException or IOException)
        {
            throw new ImportFormatException($"{path}: cannot read the file: {e.Message}");
        }
    }
}
