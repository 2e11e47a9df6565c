using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace LaborWatch.Data;

/// <summary>
/// Binds values to a prepared statement straight through e_sqlite3, the SQLite library Microsoft.Data.Sqlite has
/// loaded, for the import's insert (fifty values a log). SQLitePCL's binds take the statement as a SafeHandle (a
/// reference count taken and dropped around every call) and copy each text into a new UTF-8 array; here a text is
/// encoded into a buffer on the stack, SQLite copies it (SQLITE_TRANSIENT), and the calls skip the GC transition
/// (each returns within microseconds, never blocks and never calls back).
/// </summary>
internal static unsafe partial class SqliteBinds
{
    const string Library = "e_sqlite3";
    static readonly nint Transient = -1;

    /// <summary>
    /// A statement pointer is only meaningful to the library that made it: refuse to start when SQLitePCL was set up
    /// with another provider (a system SQLite, say) rather than bind to a stranger's pointer.
    /// </summary>
    public static void CheckSameLibrary()
    {
        var used = SQLitePCL.raw.GetNativeLibraryName();
        if (used != Library)
            throw new InvalidOperationException($"SqliteBinds binds through {Library}, but SQLite was loaded as '{used}': use Microsoft.Data.Sqlite's own bundle (SQLitePCLRaw.bundle_e_sqlite3)");
    }

    public static int Null(nint statement, int index) => sqlite3_bind_null(statement, index);

    public static int Integer(nint statement, int index, long value) => sqlite3_bind_int64(statement, index, value);

    public static int Real(nint statement, int index, double value) => sqlite3_bind_double(statement, index, value);

    public static int Blob(nint statement, int index, ReadOnlySpan<byte> value)
    {
        // An empty span pins as a null pointer, which SQLite would bind as NULL rather than an empty blob.
        byte none = 0;
        fixed (byte* bytes = value) return sqlite3_bind_blob(statement, index, bytes == null ? &none : bytes, value.Length, Transient);
    }

    [SkipLocalsInit]   // the stack buffer is written before it is read: no need to clear 1 KB a value
    public static int Text(nint statement, int index, string value)
    {
        var most = Encoding.UTF8.GetMaxByteCount(value.Length);
        byte[]? rented = most > 1024 ? ArrayPool<byte>.Shared.Rent(most) : null;
        try
        {
            Span<byte> buffer = rented ?? stackalloc byte[1024];   // never empty, so never pinned as null (NULL to SQLite)
            var length = Encoding.UTF8.GetBytes(value, buffer);
            fixed (byte* bytes = buffer) return sqlite3_bind_text(statement, index, bytes, length, Transient);
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    [LibraryImport(Library), SuppressGCTransition]
    private static partial int sqlite3_bind_null(nint statement, int index);

    [LibraryImport(Library), SuppressGCTransition]
    private static partial int sqlite3_bind_int64(nint statement, int index, long value);

    [LibraryImport(Library), SuppressGCTransition]
    private static partial int sqlite3_bind_double(nint statement, int index, double value);

    [LibraryImport(Library), SuppressGCTransition]
    private static partial int sqlite3_bind_text(nint statement, int index, byte* text, int bytes, nint destructor);

    [LibraryImport(Library), SuppressGCTransition]
    private static partial int sqlite3_bind_blob(nint statement, int index, byte* blob, int bytes, nint destructor);
}
