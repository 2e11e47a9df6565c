using Dapper;

namespace LaborWatch.Data;

/// <summary>
/// `laborwatch backup`: a consistent copy of a SQLite database, even while a server writes to it (VACUUM INTO runs in
/// one read transaction, so the copy is the database as of one instant, its pages compacted). Written whole or not at
/// all, owner-only (it holds the workers' logs), never over an existing file; a damaged database is refused.
/// </summary>
public static class Backup
{
    public static void Write(string database, string target)
    {
        var file = Path.GetFullPath(target);
        if (File.Exists(file)) throw new IOException($"--out: {file} exists: give a new file (a backup never overwrites)");
        if (Store.IsPostgresUri(database))
            throw new ArgumentException("backup copies a SQLite file; back a PostgreSQL database up with its own tools: pg_dump --format=custom (docs/deploy.md)");
        // A backup of a database that is not there would create an empty one and copy that: say so instead.
        if (!File.Exists(database)) throw new IOException($"--db: no database at {Path.GetFullPath(database)}: nothing to back up");
        // Into an empty owner-only file (VACUUM INTO accepts an empty one); a failed copy (a full disk, a broken
        // database) leaves nothing behind that could pass for a backup.
        AtomicFile.Write(file, temp =>
        {
            using var connection = Database.OpenMigrated(database);
            connection.Execute("VACUUM INTO @temp", new { temp });
        }, overwrite: false, ownerOnly: true);
    }
}
