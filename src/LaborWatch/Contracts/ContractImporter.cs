using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using Dapper;
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

    const int BatchSize = 2048;

    public static ImportSummary Import(SqliteConnection connection, string path, bool skipInvalid = false,
        ContractValidator? validator = null, Action<long, long>? progress = null)
    {
        using var stream = OpenFile(path);
        return Import(connection, Path.GetFileName(path), stream, skipInvalid, validator, progress);
    }

    public static ImportSummary Import(SqliteConnection connection, string name, Stream stream, bool skipInvalid = false,
        ContractValidator? validator = null, Action<long, long>? progress = null)
    {
        validator ??= new ContractValidator();
        // A page cache big enough for the unique row-hash index of a large import (SQLite allocates it lazily).
        connection.Execute("PRAGMA cache_size = -262144");
        using var tx = connection.BeginTransaction(deferred: false);
        using var store = new ContractStore(connection, tx);
        using var batches = new BlockingCollection<List<KeyedLog>>(boundedCapacity: 8);
        using var stop = new CancellationTokenSource();
        var reading = Task.Run(() => Read(name, stream, validator, store.Secret, skipInvalid, batches, progress, stop.Token));

        int added = 0, duplicates = 0;
        try
        {
            foreach (var batch in batches.GetConsumingEnumerable())
                foreach (var log in batch)
                    if (store.Add(log)) added++; else duplicates++;
        }
        catch
        {
            stop.Cancel();   // the writer failed: stop the reader before its collection is disposed
            try { reading.Wait(); } catch (AggregateException) { }
            throw;
        }
        var (read, errors, errorCount) = Unwrap(reading);

        if (errorCount > 0 && !skipInvalid)
        {
            tx.Rollback();
            throw new ImportRejectedException(name, errors, errorCount);
        }
        if (added > 0) Data.DataVersion.Bump(connection, tx);
        tx.Commit();
        return new ImportSummary(read, added, duplicates, errors);
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
                    batches.Add(batch, stop);
                    batch = new List<KeyedLog>(BatchSize);
                }
            }
            if (batch.Count > 0) batches.Add(batch, stop);
            if (total > 0) progress?.Invoke(total, total);
            return (read, errors, errorCount);
        }
        finally
        {
            batches.CompleteAdding();
        }
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
