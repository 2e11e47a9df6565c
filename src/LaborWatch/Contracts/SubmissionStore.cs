using System.Data.Common;
using Dapper;
using LaborWatch.Data;
using LaborWatch.ReferenceData;

namespace LaborWatch.Contracts;

/// <summary>One stored log as its receipt holder sees it: raw values in the order of <see cref="ContractColumns.All"/>.</summary>
public sealed record StoredLog(long Id, string?[] Values, int? DurationWeeks, string Moderation);

/// <summary>What happened to one submitted log.</summary>
public sealed record SubmittedLog(long? Id, string Moderation, string? ReviewReason);

/// <summary>The receipt code (new, or the one the worker gave to add to), and what happened to each log.</summary>
public sealed record SubmissionResult(string ReceiptCode, IReadOnlyList<SubmittedLog> Logs, bool AddedToExisting = false);

/// <summary>The receipt code a worker gave to add logs to matches no receipt; nothing was stored.</summary>
public sealed class UnknownReceiptException() : Exception("no report has this receipt code");

/// <summary>
/// Logs sent by workers (the /submit form and POST /api/contracts): all logs of one submission share one
/// receipt and count as one submitter; each waits for review when it has notes, repeats a stored log exactly,
/// or is an outlier for its platform and task type. The receipt code is returned once and stored only as a
/// keyed hash. Every write bumps the data version so the dashboard never shows stale figures.
/// </summary>
public static class SubmissionStore
{
    public const int MaxLogs = 20;

    /// <summary>
    /// Stores the logs under a new receipt, or, with <paramref name="existingCode"/>, under a receipt the worker
    /// already holds, so that one worker counts as one submitter for the k rule however often they report.
    /// </summary>
    /// <param name="daySubmitter">
    /// the pseudonym of the client that sent this today (web: a random token the server keeps in memory per
    /// client for one day): without a receipt to add to, the logs join that worker, so posting many times from
    /// one connection does not make many "workers" for the k rule. Null: the receipt is the worker.
    /// </param>
    /// <param name="memberCode">
    /// a one-time code a union issued (<see cref="MemberCodes"/>): used up by this post, which then counts as its own
    /// worker wherever it came from, and its logs are marked as coming with a code (nothing says which). Unknown or used:
    /// <see cref="UnknownMemberCodeException"/>, nothing stored. With a receipt the code is not needed and not used.
    /// </param>
    public static SubmissionResult Submit(DbConnection connection, IReadOnlyList<ContractLog> logs, PayReference? reference = null,
        string? existingCode = null, string? daySubmitter = null, string? memberCode = null)
    {
        if (logs.Count is 0 or > MaxLogs) throw new ArgumentException($"a submission holds 1 to {MaxLogs} logs");
        reference ??= PayReference.Shipped;
        var code = existingCode is null ? ReceiptCode.New() : ReceiptCode.Format(ReceiptCode.Normalize(existingCode) ?? throw new UnknownReceiptException());
        var outliers = OutlierCheck.Flags(connection, logs, reference);
        using var tx = connection.BeginWrite();
        using var store = new ContractStore(connection, tx);
        using var keyer = new ContractStore.Keyer(store.Secret);
        var receiptId = existingCode is null
            ? connection.ExecuteScalar<long>("INSERT INTO receipts(key) VALUES (@key) RETURNING id", new { key = keyer.ReceiptKey(ReceiptCode.Normalize(code)!) }, tx)
            : FindReceipt(connection, tx, code) ?? throw new UnknownReceiptException();
        // A member code makes the post its own worker (its new receipt); without one, the network's worker of the day.
        var coded = false;
        if (existingCode is null && memberCode is not null)
        {
            MemberCodes.Use(connection, tx, keyer, memberCode);
            coded = true;
        }
        var submitter = existingCode is null && daySubmitter is not null && !coded ? "day:" + daySubmitter : null;
        // Added to an earlier receipt: the same worker as that receipt's logs, however they were grouped then.
        var workerKey = existingCode is null ? null : WorkerKey(connection, tx, receiptId);
        if (existingCode is not null) coded = ReceiptCoded(connection, tx, receiptId);
        var results = logs.Select((log, i) => Add(connection, tx, store, keyer, receiptId, code, log, outliers[i], submitter, workerKey)).ToList();
        if (coded) MarkCoded(connection, tx, results);
        DataVersion.Bump(connection, tx);
        tx.Commit();
        return new SubmissionResult(code, results, existingCode is not null);
    }

    static SubmittedLog Add(DbConnection connection, DbTransaction tx, ContractStore store, ContractStore.Keyer keyer,
        long receiptId, string code, ContractLog log, bool outlier, string? submitter = null, byte[]? workerKey = null)
    {
        log = log with { Submitter = submitter ?? "receipt:" + ReceiptCode.Normalize(code)!, Synthetic = false };
        var content = keyer.ContentHash(log);
        var reasons = new List<string>();
        if (!string.IsNullOrWhiteSpace(log.Notes)) reasons.Add("notes");
        if (connection.ExecuteScalar<long>("SELECT count(*) FROM contracts WHERE content_hash = @content", new { content }, tx) > 0)
            reasons.Add("duplicate");
        if (outlier) reasons.Add("outlier");
        // A new platform name, or the first logs of a platform x task type x country, would make a cell that a
        // prober fills with fakes around one victim: a person looks first.
        if (connection.ExecuteScalar<long>($"""
                SELECT count(*) FROM contracts c JOIN platforms p ON p.id = c.platform_id
                WHERE p.slug = @PlatformSlug AND c.moderation = 'approved' AND c.withdrawn = 0 AND {StagedImport.Visible}
                """, new { log.PlatformSlug }, tx) == 0)
            reasons.Add("new_platform");
        else if (connection.ExecuteScalar<long>($"""
                SELECT count(*) FROM contracts c JOIN platforms p ON p.id = c.platform_id
                WHERE p.slug = @PlatformSlug AND c.task_type = @TaskType AND c.country IS NOT DISTINCT FROM @Country AND c.moderation = 'approved' AND c.withdrawn = 0 AND {StagedImport.Visible}
                """, new { log.PlatformSlug, log.TaskType, log.Country }, tx) == 0)
            reasons.Add("first_of_kind");
        var moderation = reasons.Count == 0 ? "approved" : "pending";
        var reason = reasons.Count == 0 ? null : string.Join(",", reasons);
        // The same log twice in one submission is stored once: same receipt, same values, same row hash.
        var keyed = keyer.Key(log);
        if (workerKey is not null) keyed = keyed with { SubmitterKey = workerKey };
        return store.Add(keyed, new Submitted(receiptId, content, moderation, reason))
            ? new SubmittedLog(store.LastId, moderation, reason)
            : new SubmittedLog(null, "duplicate", "repeats another log of this submission");
    }

    /// <summary>The logs of a receipt, or null when no receipt has this code.</summary>
    public static IReadOnlyList<StoredLog>? View(DbConnection connection, string code, PayReference? reference = null)
    {
        reference ??= PayReference.Shipped;
        var receiptId = FindReceipt(connection, null, code);
        if (receiptId is null) return null;
        var columns = string.Join(", ", ContractColumns.UnpaidHours.Concat(ContractColumns.Flags).Select(c => "c." + c));
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT c.id, p.name, c.task_type, c.country, c.region, c.start_month, c.end_month, c.status, c.notice_hours,
                   c.pay_basis, c.advertised_rate_minor, c.advertised_unit, c.currency, c.gross_pay_minor, c.paid_hours,
                   c.payment_delay_days, c.rate_cut, c.notes, c.duration_weeks, c.moderation, {columns}
            FROM contracts c JOIN platforms p ON p.id = c.platform_id
            WHERE c.receipt_id = @receipt ORDER BY c.id
            """;
        command.Bind("receipt", receiptId);
        using var reader = command.ExecuteReader();
        var logs = new List<StoredLog>();
        while (reader.Read())
        {
            var values = new string?[ContractColumns.All.Length];
            void Set(string column, object? value) => values[ContractColumns.Index[column]] = value switch
            {
                null or DBNull => null,
                double d => d.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture),
                IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
                _ => value.ToString(),
            };
            var currency = reader.GetString(12);
            string? Money(int ordinal) => reader.IsDBNull(ordinal) ? null
                : (reader.GetInt64(ordinal) / (decimal)Math.Pow(10, reference.MinorUnits(currency)))
                    .ToString("F" + reference.MinorUnits(currency), System.Globalization.CultureInfo.InvariantCulture);
            Set("platform", reader.GetString(1));
            Set("task_type", reader.GetString(2));
            Set("country", reader.GetValue(3));
            Set("region", reader.GetValue(4));
            Set("started", reader.GetString(5));
            Set("ended", reader.GetValue(6));
            Set("status", reader.GetString(7));
            Set("notice_hours", reader.GetValue(8));
            Set("pay_basis", reader.GetString(9));
            values[ContractColumns.Index["advertised_rate"]] = Money(10);
            Set("advertised_unit", reader.GetValue(11));
            Set("currency", currency);
            values[ContractColumns.Index["gross_pay"]] = Money(13);
            Set("paid_hours", reader.GetDouble(14));
            Set("payment_delay_days", reader.GetValue(15));
            Set("rate_cut", reader.GetValue(16));
            Set("notes", reader.GetValue(17));
            var ordinal = 20;
            foreach (var column in ContractColumns.UnpaidHours.Concat(ContractColumns.Flags)) Set(column, reader.GetValue(ordinal++));
            logs.Add(new StoredLog(reader.GetInt64(0), values, reader.IsDBNull(18) ? null : (int)reader.GetInt64(18), reader.GetString(19)));
        }
        return logs;
    }

    /// <summary>Replaces one log of a receipt with a corrected one (reviewed again like a new log); false when the log is not the receipt's.</summary>
    public static SubmittedLog? Correct(DbConnection connection, string code, long logId, ContractLog corrected, PayReference? reference = null)
    {
        reference ??= PayReference.Shipped;
        var outlier = OutlierCheck.Flags(connection, [corrected], reference)[0];
        SubmittedLog result;
        using (var tx = connection.BeginWrite())
        {
            var receiptId = FindReceipt(connection, tx, code);
            if (receiptId is null) return null;
            var workerKey = connection.ExecuteScalar<byte[]?>(
                "SELECT s.key FROM contracts c JOIN submitters s ON s.id = c.submitter_id WHERE c.id = @logId AND c.receipt_id = @receiptId", new { logId, receiptId }, tx);
            var coded = connection.ExecuteScalar<long>("SELECT member_code FROM contracts WHERE id = @logId AND receipt_id = @receiptId", new { logId, receiptId }, tx) == 1;
            var named = Named(connection, tx, "id = @logId AND receipt_id = @receiptId", new { logId, receiptId });
            var (removed, _) = Withdraw(connection, tx, "id = @logId AND receipt_id = @receiptId", new { logId, receiptId });
            if (removed == 0) return null;
            using var store = new ContractStore(connection, tx);
            using var keyer = new ContractStore.Keyer(store.Secret);
            result = Add(connection, tx, store, keyer, receiptId.Value, ReceiptCode.Normalize(code)!, corrected, outlier, workerKey: workerKey);   // still the same worker
            if (coded) MarkCoded(connection, tx, [result]);
            RemoveOrphans(connection, tx, named);
            DataVersion.Bump(connection, tx);   // the live table changed; the published figures only at the next release
            tx.Commit();
        }
        Checkpoint(connection);
        return result;
    }

    /// <summary>Deletes every log of the receipt and the receipt itself, then checkpoints the WAL so the values leave it too.</summary>
    public static int Delete(DbConnection connection, string code) => Delete(connection, code, out _);

    /// <param name="withdrawn">how many of the logs were published: they leave the figures, and the database, at the next release</param>
    public static int Delete(DbConnection connection, string code, out int withdrawn)
    {
        int removed;
        withdrawn = 0;
        using (var tx = connection.BeginWrite())
        {
            var receiptId = FindReceipt(connection, tx, code);
            if (receiptId is null) return -1;
            var named = Named(connection, tx, "receipt_id = @receiptId", new { receiptId });
            (removed, withdrawn) = Withdraw(connection, tx, "receipt_id = @receiptId", new { receiptId });
            connection.Execute("DELETE FROM receipts WHERE id = @receiptId", new { receiptId }, tx);
            RemoveOrphans(connection, tx, named);
            DataVersion.Bump(connection, tx);   // the live table changed; the published figures only at the next release
            tx.Commit();
        }
        Checkpoint(connection);
        return removed;
    }

    /// <summary>
    /// Takes the logs matching <paramref name="where"/> out of their receipt: a log not yet published is erased at once;
    /// a published one is marked withdrawn and erased by the next release (<see cref="Privacy.Releases.Cut"/>), so that
    /// no one can compare the figures before and after and read off the log. Until then it keeps only what the current
    /// release's figures need: its receipt, notes and duplicate checks are gone now, and it counts in no exact figure.
    /// </summary>
    /// <returns>the logs taken out, and how many of them wait for the next release to be erased</returns>
    static (int Removed, int Withdrawn) Withdraw(DbConnection connection, DbTransaction tx, string where, object parameters)
    {
        // The row hash must stay unique but no longer match anything: a correction that restates the log is a new row.
        var fresh = connection.Sql("randomblob(32)", "decode(replace(gen_random_uuid()::text, '-', ''), 'hex')");
        var withdrawn = connection.Execute(
            $"UPDATE contracts AS c SET withdrawn = 1, receipt_id = NULL, notes = NULL, content_hash = NULL, row_hash = {fresh} WHERE {where} AND {ReleasedLogs.Published}", parameters, tx);
        var erased = connection.Execute($"DELETE FROM contracts WHERE {where}", parameters, tx);
        return (withdrawn + erased, withdrawn);
    }

    /// <summary>The submitters and platforms the logs about to be removed point to.</summary>
    static (List<long> Submitters, List<long> Platforms) Named(DbConnection connection, DbTransaction tx, string where, object parameters)
    {
        var rows = connection.Query<(long Submitter, long Platform)>($"SELECT submitter_id, platform_id FROM contracts WHERE {where}", parameters, tx).ToList();
        return (rows.Select(r => r.Submitter).Distinct().ToList(), rows.Select(r => r.Platform).Distinct().ToList());
    }

    /// <summary>
    /// A submitter or platform that the removed logs named and no log points to any more goes too. Only those are
    /// checked: checking every submitter scanned all logs once per submitter (the submitter_id column has no index
    /// of its own), which held the write lock for hours at a million logs.
    /// </summary>
    static void RemoveOrphans(DbConnection connection, DbTransaction tx, (List<long> Submitters, List<long> Platforms) named)
    {
        // Dapper expands a list into (@p1, @p2...) for SQLite; to Npgsql it sends one array parameter.
        var submitters = connection.Sql("id IN @Submitters", "id = ANY(@Submitters)");
        var platforms = connection.Sql("id IN @Platforms", "id = ANY(@Platforms)");
        connection.Execute($"DELETE FROM submitters WHERE {submitters} AND NOT EXISTS (SELECT 1 FROM contracts c WHERE c.submitter_id = submitters.id)", new { named.Submitters }, tx);
        connection.Execute($"DELETE FROM platforms WHERE {platforms} AND NOT EXISTS (SELECT 1 FROM contracts c WHERE c.platform_id = platforms.id)", new { named.Platforms }, tx);
    }

    /// <summary>
    /// Copies the WAL into the database (where secure_delete has zeroed the removed rows) and truncates it, so
    /// the old page images holding the values are gone from the WAL file. Waits for readers up to the busy timeout.
    /// </summary>
    /// <remarks>
    /// PostgreSQL has no secure_delete: the removed rows leave every query at once, and autovacuum frees their space,
    /// but their bytes can stay in the server's files (free space, WAL) until overwritten (docs/deploy.md).
    /// </remarks>
    static void Checkpoint(DbConnection connection)
    {
        if (!connection.IsPostgres()) connection.Execute("PRAGMA wal_checkpoint(TRUNCATE)");
    }

    /// <summary>Whether a receipt's logs came with a member code: logs added to it later, or corrections, did too.</summary>
    static bool ReceiptCoded(DbConnection connection, DbTransaction tx, long receiptId) =>
        connection.ExecuteScalar<long>("SELECT count(*) FROM contracts WHERE receipt_id = @receiptId AND member_code = 1", new { receiptId }, tx) > 0;

    static void MarkCoded(DbConnection connection, DbTransaction tx, IEnumerable<SubmittedLog> logs) =>
        connection.Execute("UPDATE contracts SET member_code = 1 WHERE id = @Id", logs.Where(l => l.Id is not null).Select(l => new { l.Id }), tx);

    /// <summary>The stored (keyed) worker of a receipt's logs, or null when it has none left.</summary>
    static byte[]? WorkerKey(DbConnection connection, DbTransaction tx, long receiptId) =>
        connection.ExecuteScalar<byte[]?>("SELECT s.key FROM contracts c JOIN submitters s ON s.id = c.submitter_id WHERE c.receipt_id = @receiptId LIMIT 1", new { receiptId }, tx);

    static long? FindReceipt(DbConnection connection, DbTransaction? tx, string code)
    {
        var normalized = ReceiptCode.Normalize(code);
        if (normalized is null) return null;
        using var keyer = new ContractStore.Keyer(ContractStore.LoadSecret(connection, tx));
        return connection.ExecuteScalar<long?>("SELECT id FROM receipts WHERE key = @key", new { key = keyer.ReceiptKey(normalized) }, tx);
    }
}
