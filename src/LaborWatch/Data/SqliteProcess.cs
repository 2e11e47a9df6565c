using SQLitePCL;

namespace LaborWatch.Data;

/// <summary>
/// How this process runs SQLite, set once by the command's first line, before any connection opens.
/// Multi-thread mode: SQLite takes no mutex of its own around each call on a connection (a million-log import makes
/// about fifty calls a log: its binds and step), because LaborWatch never uses one connection from two threads at
/// once: each command, request and import has its own, and the one the web server shares (DataVersionWatcher) is
/// used under a lock. No memory statistics: each of SQLite's allocations skips a process-wide mutex. Measured on
/// the import's writing thread alone: 11.2-11.8 s -> 10.1-10.6 s a million logs.
/// </summary>
public static class SqliteProcess
{
    /// <returns>false when SQLite was already in use in this process: its defaults (serialized, with statistics) then stay</returns>
    public static bool Configure()
    {
        Batteries_V2.Init();
        return raw.sqlite3_config(raw.SQLITE_CONFIG_MULTITHREAD) == raw.SQLITE_OK && raw.sqlite3_config(raw.SQLITE_CONFIG_MEMSTATUS, 0) == raw.SQLITE_OK;
    }
}
