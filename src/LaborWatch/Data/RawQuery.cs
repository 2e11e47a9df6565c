using System.Data.Common;
using System.Text;
using Microsoft.Data.Sqlite;
using Npgsql;
using SQLitePCL;

namespace LaborWatch.Data;

/// <summary>
/// Streams the rows of one query, read by column index, with positional <c>?</c> parameters. On SQLite through the
/// connection's own statement: for scans of every contract log Microsoft.Data.Sqlite's reader spent more time
/// checking and converting each value than SQLite spent finding it (measured on 1M logs). On PostgreSQL through
/// Npgsql's reader, the <c>?</c> numbered, and values read as SQLite would give them (a boolean as 1 or 0, a
/// numeric sum as a number).
/// </summary>
public sealed class RawQuery : IDisposable
{
    readonly sqlite3? _db;
    readonly sqlite3_stmt? _statement;
    readonly DbCommand? _command;
    readonly DbDataReader? _reader;

    public RawQuery(DbConnection connection, string sql, IReadOnlyList<object?> parameters, DbTransaction? transaction = null)
    {
        if (connection is not SqliteConnection sqlite)
        {
            _command = connection.CreateCommand();
            _command.Transaction = transaction;
            _command.CommandText = Numbered(sql);
            foreach (var value in parameters) _command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
            _reader = _command.ExecuteReader();
            return;
        }
        _db = sqlite.Handle!;
        Check(raw.sqlite3_prepare_v2(_db, sql, out _statement));
        for (var i = 0; i < parameters.Count; i++)
        {
            var rc = parameters[i] switch
            {
                null => raw.sqlite3_bind_null(_statement, i + 1),
                string s => raw.sqlite3_bind_text(_statement, i + 1, s),
                long l => raw.sqlite3_bind_int64(_statement, i + 1, l),
                int n => raw.sqlite3_bind_int64(_statement, i + 1, n),
                double d => raw.sqlite3_bind_double(_statement, i + 1, d),
                var other => throw new ArgumentException($"cannot bind a {other.GetType().Name}"),
            };
            Check(rc);
        }
    }

    /// <summary>The first column of the first row, as an integer (0 when there is no row).</summary>
    public static long Scalar(DbConnection connection, string sql, IReadOnlyList<object?> parameters)
    {
        using var query = new RawQuery(connection, sql, parameters);
        return query.Step() ? query.Int64(0) : 0;
    }

    /// <summary>Moves to the next row; false at the end.</summary>
    public bool Step()
    {
        if (_reader is not null) return _reader.Read();
        var rc = raw.sqlite3_step(_statement);
        if (rc == raw.SQLITE_ROW) return true;
        if (rc == raw.SQLITE_DONE) return false;
        Check(rc);
        return false;
    }

    public bool IsNull(int column) => _reader?.IsDBNull(column) ?? raw.sqlite3_column_type(_statement, column) == raw.SQLITE_NULL;

    public long Int64(int column) => _reader is null ? raw.sqlite3_column_int64(_statement, column)
        : _reader.IsDBNull(column) ? 0
        : _reader.GetValue(column) switch { bool b => b ? 1 : 0, var v => Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture) };

    public double Double(int column) => _reader is null ? raw.sqlite3_column_double(_statement, column)
        : _reader.IsDBNull(column) ? 0 : Convert.ToDouble(_reader.GetValue(column), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The UTF-8 bytes of a text value, valid until the next Step: read without allocating on SQLite.</summary>
    public ReadOnlySpan<byte> Utf8(int column) => _reader is null ? raw.sqlite3_column_blob(_statement, column)
        : _reader.IsDBNull(column) ? default : Encoding.UTF8.GetBytes(_reader.GetString(column));

    public string? Text(int column) => IsNull(column) ? null
        : _reader?.GetValue(column) is { } value ? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)
        : Encoding.UTF8.GetString(Utf8(column));

    /// <summary>SQLite's positional ? as PostgreSQL's $1, $2... (outside quoted text).</summary>
    internal static string Numbered(string sql)
    {
        var sb = new StringBuilder(sql.Length + 8);
        var n = 0;
        var quote = '\0';
        foreach (var ch in sql)
        {
            if (quote != '\0') { if (ch == quote) quote = '\0'; sb.Append(ch); }
            else if (ch is '\'' or '"') { quote = ch; sb.Append(ch); }
            else if (ch == '?') sb.Append('$').Append(++n);
            else sb.Append(ch);
        }
        return sb.ToString();
    }

    void Check(int rc)
    {
        if (rc != raw.SQLITE_OK) throw new SqliteException(raw.sqlite3_errmsg(_db).utf8_to_string(), rc);
    }

    public void Dispose()
    {
        if (_reader is not null)
        {
            _reader.Dispose();
            _command!.Dispose();
        }
        else raw.sqlite3_finalize(_statement);
    }
}
