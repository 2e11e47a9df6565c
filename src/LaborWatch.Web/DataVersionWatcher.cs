using System.Data.Common;
using LaborWatch.Data;

namespace LaborWatch.Web;

/// <summary>
/// The data version (<see cref="DataVersion"/>) without a query per request: one connection of its own asks
/// SQLite's `PRAGMA data_version`, which changes whenever any other connection (in this process or another,
/// an import say) commits, and reads our version only then. Before asking, it looks at SQLite's WAL-index header in
/// shared memory (<see cref="WalIndexHeader"/>): when that is the header seen at the last ask, nothing has committed
/// since and the version is the one read then, with no lock taken and no system call. The header is read before the
/// pragma, so a commit between the two only makes the next request ask again.
/// PostgreSQL has no such signal: there the version is read per call, from a pooled connection (one short query;
/// another server's release shows at once).
/// </summary>
public sealed class DataVersionWatcher(string path) : IDisposable
{
    /// <summary>The version and the WAL-index header it was read under (null when there is no header to read).</summary>
    sealed record Seen(string Version, WalIndexHeader.Snapshot? Header);

    readonly Lock _lock = new();
    readonly bool _postgres = Store.IsPostgresUri(path);
    DbConnection? _connection;
    DbCommand? _pragma;
    WalIndexHeader? _header;
    long _pragmaSeen = long.MinValue;
    volatile Seen? _seen;
    long _asks;

    /// <summary>How many times SQLite's pragma was asked (tests: the header spares it while nothing commits).</summary>
    public long Asks => Interlocked.Read(ref _asks);

    public string Current()
    {
        if (_postgres)
        {
            using var connection = Database.Open(path);
            return DataVersion.Of(connection);
        }
        var seen = _seen;   // volatile: read before the header reader, which was set before it
        var reader = _header;
        if (seen?.Header is { } known && reader is not null && reader.TryRead(out var now) && now == known) return seen.Version;
        lock (_lock)
        {
            if (_connection is null)
            {
                _connection = Database.Open(path);
                _pragma = _connection.CreateCommand();
                _pragma.CommandText = "PRAGMA data_version";
                _pragma.ExecuteScalar();   // a first read maps the -shm file if this is the first connection
                _header = WalIndexHeader.Of((Microsoft.Data.Sqlite.SqliteConnection)_connection);
            }
            // Header first, then the pragma: what it says is at least as new as the header kept with it.
            WalIndexHeader.Snapshot? header = _header is not null && _header.TryRead(out var read) ? read : null;
            Interlocked.Increment(ref _asks);
            var version = (long)_pragma!.ExecuteScalar()!;
            if (version != _pragmaSeen || _seen is null)
            {
                _seen = new Seen(DataVersion.Of(_connection), header);
                _pragmaSeen = version;
            }
            else if (_seen.Header != header) _seen = _seen with { Header = header };
            return _seen.Version;
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _seen = null;
            _header?.Dispose();
            _header = null;
            _pragma?.Dispose();
            _connection?.Dispose();
            _connection = null;
        }
    }
}
