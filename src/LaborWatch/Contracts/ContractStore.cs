using System.Data.Common;
using System.Security.Cryptography;
using Dapper;
using LaborWatch.Data;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace LaborWatch.Contracts;

/// <summary>A validated log with the keys the store needs, computed off the writer's thread.</summary>
public sealed record KeyedLog(ContractLog Log, byte[] RowHash, byte[] SubmitterKey);

/// <summary>What a log sent through the web carries besides its values: its receipt and whether it waits for review.</summary>
public sealed record Submitted(long ReceiptId, byte[] ContentHash, string Moderation, string? ReviewReason);

/// <summary>
/// Writes validated logs inside the caller's transaction through one prepared statement. Submitter ids and
/// row hashes are keyed with this database's own secret, so neither can be reversed by guessing from outside
/// the file.
/// </summary>
public sealed partial class ContractStore : IDisposable
{
    static readonly string[] InsertColumns =
    [
        "row_hash", "submitter_id", "platform_id", "task_type", "country", "region", "start_month", "end_month",
        "duration_weeks", "status", "notice_hours", "pay_basis", "advertised_rate_minor", "advertised_unit",
        "currency", "gross_pay_minor", "paid_hours", .. ContractColumns.UnpaidHours, "payment_delay_days",
        "rate_cut", .. ContractColumns.Flags, "notes", "moderation", "synthetic",
        "unpaid_hours", "flags_answered", "flags_yes", "receipt_id", "content_hash", "review_reason", "import_id",
    ];

    /// <summary>16 bytes of the keyed SHA-256: collisions are out of reach (2^64 rows) and the unique index stays small.</summary>
    const int RowHashBytes = 16;

    readonly DbConnection _connection;
    DbTransaction _transaction;
    // SQLite: raw statements of the connection's own handle. PostgreSQL: Npgsql commands, bound by position too.
    readonly sqlite3? _db;
    readonly sqlite3_stmt? _insert;
    readonly nint _statement;   // _insert's own pointer, for SqliteBinds
    readonly sqlite3_stmt? _insertSubmitter;
    readonly sqlite3_stmt? _findSubmitter;
    readonly DbCommand? _pgInsert, _pgSubmitter;
    long _lastId;
    readonly Dictionary<string, long> _platforms;
    readonly Dictionary<UInt128, long> _submitters = [];
    readonly string _moderation;
    readonly long _importId;

    public byte[] Secret { get; }

    /// <param name="importId">the staged import the logs belong to (<see cref="StagedImport"/>); 0 for a post</param>
    public ContractStore(DbConnection connection, DbTransaction transaction, string moderation = "approved", long importId = 0)
    {
        _connection = connection;
        _transaction = transaction;
        _moderation = moderation;
        _importId = importId;
        Secret = LoadSecret(connection, transaction);
        _platforms = connection.Query<(string Slug, long Id)>("SELECT slug, id FROM platforms", transaction: transaction)
            .ToDictionary(p => p.Slug, p => p.Id);
        if (connection.IsPostgres())
        {
            // The record key drawn here from the OS's entropy (PostgreSQL's random() is not meant for secrets).
            _pgInsert = Positional($"INSERT INTO contracts ({string.Join(", ", InsertColumns)}, record_key) " +
                $"VALUES ({string.Join(", ", Enumerable.Range(1, InsertColumns.Length + 1).Select(n => "$" + n))}) ON CONFLICT(row_hash) DO NOTHING RETURNING id",
                InsertColumns.Length + 1);
            _pgSubmitter = Positional("""
                WITH added AS (INSERT INTO submitters(key) VALUES ($1) ON CONFLICT(key) DO NOTHING RETURNING id)
                SELECT id FROM added UNION ALL SELECT id FROM submitters WHERE key = $1
                """, 1);
            return;
        }
        // Bound by position on the raw statement of the connection's own SQLite: Microsoft.Data.Sqlite looks
        // every named parameter up again on each execution, which made a 47-column insert twice as slow.
        _db = ((SqliteConnection)connection).Handle!;
        // record_key: a random key per log, drawn by SQLite from OS entropy. The figures no longer read it (the synopsis draws its
        // noise from the database secret and the cells); it stays in the table and the published snapshot's row format.
        var sql = $"INSERT INTO contracts ({string.Join(", ", InsertColumns)}, record_key) VALUES ({string.Join(", ", InsertColumns.Select(_ => "?"))}, random() & 4294967295) " +
                  "ON CONFLICT(row_hash) DO NOTHING";
        Check(raw.sqlite3_prepare_v2(_db, sql, out _insert));
        SqliteBinds.CheckSameLibrary();
        _statement = _insert.DangerousGetHandle();   // alive as long as _insert, finalized in Dispose
        Check(raw.sqlite3_prepare_v2(_db, "INSERT INTO submitters(key) VALUES (?) ON CONFLICT(key) DO NOTHING", out _insertSubmitter));
        Check(raw.sqlite3_prepare_v2(_db, "SELECT id FROM submitters WHERE key = ?", out _findSubmitter));
    }

    DbCommand Positional(string sql, int parameters)
    {
        var command = _connection.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = sql;
        for (var i = 0; i < parameters; i++) command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = DBNull.Value });
        return command;
    }

    /// <summary>The per-database secret for keyed hashes, created on first use.</summary>
    public static byte[] LoadSecret(DbConnection connection, DbTransaction? transaction)
    {
        var secret = connection.QuerySingleOrDefault<byte[]>("SELECT value FROM settings WHERE name = 'hash_secret'", transaction: transaction);
        if (secret is not null) return secret;
        secret = RandomNumberGenerator.GetBytes(32);
        connection.Execute("INSERT INTO settings(name, value) VALUES ('hash_secret', @secret)", new { secret }, transaction);
        return secret;
    }

    /// <summary>
    /// Adds the logs of an import's batch; returns how many were new (the others are already stored). On PostgreSQL
    /// in one statement, every column an array (a round trip a log made an import of 150,000 logs take minutes).
    /// </summary>
    public int AddAll(IReadOnlyList<KeyedLog> logs)
    {
        if (_pgInsert is null)
        {
            var added = 0;
            foreach (var log in logs) if (Add(log)) added++;
            return added;
        }
        KnowSubmitters(logs);
        _batch = new Array[InsertColumns.Length + 1];
        _batchRows = logs.Count;
        try
        {
            for (_row = 0; _row < logs.Count; _row++) Bind(logs[_row], null);
            _pgBatch ??= BatchInsert();
            _pgBatch.Transaction = _transaction;
            for (var c = 0; c < _batch.Length; c++) _pgBatch.Parameters[c].Value = _batch[c];
            return _pgBatch.ExecuteNonQuery();
        }
        finally
        {
            _batch = null;
        }
    }

    DbCommand BatchInsert()
    {
        var command = _connection.CreateCommand();
        command.CommandText = $"INSERT INTO contracts ({string.Join(", ", InsertColumns)}, record_key) " +
            $"SELECT * FROM unnest({string.Join(", ", Enumerable.Range(1, InsertColumns.Length + 1).Select(n => "$" + n))}) ON CONFLICT(row_hash) DO NOTHING";
        for (var i = 0; i <= InsertColumns.Length; i++) command.Parameters.Add(new Npgsql.NpgsqlParameter());
        return command;
    }

    /// <summary>The ids of a batch's new submitters, in two statements rather than one a submitter.</summary>
    void KnowSubmitters(IReadOnlyList<KeyedLog> logs)
    {
        var unknown = logs.Select(l => l.SubmitterKey).Where(k => !_submitters.ContainsKey(CacheKey(k))).DistinctBy(CacheKey).ToArray();
        if (unknown.Length == 0) return;
        _connection.Execute("INSERT INTO submitters(key) SELECT unnest(@unknown) ON CONFLICT(key) DO NOTHING", new { unknown }, _transaction);
        foreach (var (id, key) in _connection.Query<(long, byte[])>("SELECT id, key FROM submitters WHERE key = ANY(@unknown)", new { unknown }, _transaction))
            _submitters[CacheKey(key)] = id;
    }

    static UInt128 CacheKey(byte[] key) => new(BitConverter.ToUInt64(key, 0), BitConverter.ToUInt64(key, 8));

    /// <summary>Adds the log; false when an identical log is already stored.</summary>
    public bool Add(KeyedLog keyed, Submitted? submitted = null)
    {
        var i = Bind(keyed, submitted);
        if (_pgInsert is not null)
        {
            if (_pgInsert.ExecuteScalar() is not long id) return false;
            _lastId = id;
            return true;
        }
        var s = _insert;
        var rc = raw.sqlite3_step(s);
        raw.sqlite3_reset(s);
        if (rc != raw.SQLITE_DONE) Check(rc);
        return raw.sqlite3_changes(_db) == 1;
    }

    /// <summary>Binds the log's values in the insert's order (to the statement, or to row _row of a PostgreSQL batch).</summary>
    int Bind(KeyedLog keyed, Submitted? submitted)
    {
        var log = keyed.Log;
        var i = 1;
        Blob(i++, keyed.RowHash);
        Integer(i++, SubmitterId(keyed.SubmitterKey));
        Integer(i++, PlatformId(log));
        Text(i++, log.TaskType);
        Text(i++, log.Country);
        Text(i++, log.Region);
        Text(i++, log.StartMonth);
        Text(i++, log.EndMonth);
        Integer(i++, log.DurationWeeks);
        Text(i++, log.Status);
        Real(i++, log.NoticeHours);
        Text(i++, log.PayBasis);
        Integer(i++, log.AdvertisedRateMinor);
        Text(i++, log.AdvertisedUnit);
        Text(i++, log.Currency);
        Integer(i++, log.GrossPayMinor);
        Real(i++, log.PaidHours);
        foreach (var hours in log.UnpaidHours) Real(i++, hours);
        Integer(i++, log.PaymentDelayDays);
        Integer(i++, log.RateCut);
        foreach (var flag in log.Flags) Integer(i++, flag);
        Text(i++, log.Notes);
        Text(i++, submitted?.Moderation ?? _moderation);
        Integer(i++, log.Synthetic ? 1 : 0);
        Real(i++, log.UnpaidHours.Sum());
        var (answered, yes) = FlagMasks(log.Flags);
        Integer(i++, answered);
        Integer(i++, yes);
        Integer(i++, submitted?.ReceiptId);
        Blob(i++, submitted?.ContentHash);
        Text(i++, submitted?.ReviewReason);
        Integer(i++, _importId);
        if (_pgInsert is not null)
        {
            Span<byte> key = stackalloc byte[4];
            RandomNumberGenerator.Fill(key);
            Integer(i, BitConverter.ToUInt32(key));
        }
        return i;
    }

    /// <summary>The id of the log the last successful <see cref="Add"/> wrote.</summary>
    public long LastId => _pgInsert is null ? raw.sqlite3_last_insert_rowid(_db) : _lastId;

    /// <summary>
    /// Goes on in the next transaction of a staged import (the prepared statements belong to the connection). The ids
    /// remembered are forgotten: between two transactions another process may remove a platform or submitter that no
    /// stored log names (a receipt's deletion does), and a log written with the old id failed the import on its
    /// foreign key. Ids are only used inside the transaction that read or wrote them.
    /// </summary>
    public void Continue(DbTransaction transaction)
    {
        _platforms.Clear();
        _submitters.Clear();
        _transaction = transaction;
        if (_pgInsert is not null) _pgInsert.Transaction = _pgSubmitter!.Transaction = transaction;
    }

    /// <summary>Bit i set when flag i was answered, and when it was answered 1.</summary>
    public static (int Answered, int Yes) FlagMasks(int?[] flags)
    {
        int answered = 0, yes = 0;
        for (var i = 0; i < flags.Length; i++)
        {
            if (flags[i] is not { } flag) continue;
            answered |= 1 << i;
            if (flag == 1) yes |= 1 << i;
        }
        return (answered, yes);
    }

    // A PostgreSQL batch: column i-1's array, made at the batch's first row in the column's type.
    Array[]? _batch;
    int _row;
    DbCommand? _pgBatch;

    int _batchRows;

    void Text(int i, string? v)
    {
        if (_batch is not null) ((string?[])(_batch[i - 1] ??= new string?[_batchRows]))[_row] = v;
        else if (_pgInsert is not null) _pgInsert.Parameters[i - 1].Value = (object?)v ?? DBNull.Value;
        else Check(v is null ? SqliteBinds.Null(_statement, i) : SqliteBinds.Text(_statement, i, v));
    }

    void Integer(int i, long? v)
    {
        if (_batch is not null) ((long?[])(_batch[i - 1] ??= new long?[_batchRows]))[_row] = v;
        else if (_pgInsert is not null) _pgInsert.Parameters[i - 1].Value = v is { } n ? n : DBNull.Value;
        else Check(v is null ? SqliteBinds.Null(_statement, i) : SqliteBinds.Integer(_statement, i, v.Value));
    }

    void Real(int i, double? v)
    {
        if (_batch is not null) ((double?[])(_batch[i - 1] ??= new double?[_batchRows]))[_row] = v;
        else if (_pgInsert is not null) _pgInsert.Parameters[i - 1].Value = v is { } d ? d : DBNull.Value;
        else Check(v is null ? SqliteBinds.Null(_statement, i) : SqliteBinds.Real(_statement, i, v.Value));
    }

    void Blob(int i, byte[]? v)
    {
        if (_batch is not null) ((byte[]?[])(_batch[i - 1] ??= new byte[]?[_batchRows]))[_row] = v;
        else if (_pgInsert is not null) _pgInsert.Parameters[i - 1].Value = (object?)v ?? DBNull.Value;
        else Check(v is null ? SqliteBinds.Null(_statement, i) : SqliteBinds.Blob(_statement, i, v));
    }

    void Check(int rc)
    {
        if (rc != raw.SQLITE_OK) throw new SqliteException(raw.sqlite3_errmsg(_db).utf8_to_string(), rc);
    }

    long PlatformId(ContractLog log)
    {
        if (_platforms.TryGetValue(log.PlatformSlug, out var id)) return id;
        id = _connection.ExecuteScalar<long?>("SELECT id FROM platforms WHERE slug = @PlatformSlug", log, _transaction)
            ?? _connection.ExecuteScalar<long>("INSERT INTO platforms(slug, name) VALUES (@PlatformSlug, @PlatformName) RETURNING id", log, _transaction);
        _platforms[log.PlatformSlug] = id;
        return id;
    }

    long SubmitterId(byte[] key)
    {
        var cacheKey = CacheKey(key);
        if (_submitters.TryGetValue(cacheKey, out var id)) return id;
        if (_pgSubmitter is not null)
        {
            _pgSubmitter.Parameters[0].Value = key;
            return _submitters[cacheKey] = (long)_pgSubmitter.ExecuteScalar()!;
        }
        raw.sqlite3_bind_blob(_insertSubmitter, 1, key);
        var rc = raw.sqlite3_step(_insertSubmitter);
        raw.sqlite3_reset(_insertSubmitter);
        if (rc != raw.SQLITE_DONE) Check(rc);
        if (raw.sqlite3_changes(_db) == 1) id = raw.sqlite3_last_insert_rowid(_db);
        else
        {
            raw.sqlite3_bind_blob(_findSubmitter, 1, key);
            rc = raw.sqlite3_step(_findSubmitter);
            id = rc == raw.SQLITE_ROW ? raw.sqlite3_column_int64(_findSubmitter, 0) : throw new InvalidOperationException("submitter vanished");
            raw.sqlite3_reset(_findSubmitter);
        }
        _submitters[cacheKey] = id;
        return id;
    }

    public void Dispose()
    {
        _pgInsert?.Dispose();
        _pgSubmitter?.Dispose();
        if (_db is null) return;
        raw.sqlite3_finalize(_insert);
        raw.sqlite3_finalize(_insertSubmitter);
        raw.sqlite3_finalize(_findSubmitter);
    }
}
