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
/// </summary>
public static class ContractImporter
{
    /// <summary>How many row errors an all-or-nothing import keeps listing before it only counts them.</summary>
    public const int MaxListedErrors = 50;

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
        var total = stream.CanSeek ? stream.Length : -1;
        var errors = new List<RowError>();
        int errorCount = 0, read = 0, added = 0, duplicates = 0;

        using var tx = connection.BeginTransaction(deferred: false);
        using (var store = new ContractStore(connection, tx))
        {
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
                if (store.Add(log)) added++; else duplicates++;
            }
        }
        if (total > 0) progress?.Invoke(total, total);

        if (errorCount > 0 && !skipInvalid)
        {
            tx.Rollback();
            throw new ImportRejectedException(name, errors, errorCount);
        }
        tx.Commit();
        return new ImportSummary(read, added, duplicates, errors);
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
