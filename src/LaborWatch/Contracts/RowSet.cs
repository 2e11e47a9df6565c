using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace LaborWatch.Contracts;

/// <summary>
/// The logs a figure reads, a chunk at a time: an array in memory, or the rows of the published snapshot file read
/// as they are scanned. Above <see cref="PublishedSnapshot.InMemoryLimitBytes"/> the rows stay in the file, so stats
/// over 10M logs never holds their 800 MB at once (peak memory under 1 GB); below it they are read once
/// and shared, which is faster when several sections and pages read the same rows.
/// A chunk is only valid until the next one is asked for: its buffer is reused.
/// </summary>
public abstract class RowSet
{
    /// <summary>Rows read from the file at a time: 5 MB, large enough that a read costs nothing per row.</summary>
    public const int ChunkRows = 65_536;

    public abstract IEnumerable<ReadOnlyMemory<ContractRow>> Chunks();

    public static RowSet Of(ContractRow[] rows) => new InMemory(rows);

    /// <summary>The rows kept by a test, as a set of their own (an array for rows in memory; a filter over the file's chunks otherwise).</summary>
    public abstract RowSet Where(Func<ContractRow, bool> keep);

    public long Count()
    {
        long count = 0;
        foreach (var chunk in Chunks()) count += chunk.Length;
        return count;
    }

    public ContractRow[] ToArray()
    {
        var all = new List<ContractRow>();
        foreach (var chunk in Chunks()) all.AddRange(chunk.Span);
        return [.. all];
    }

    public bool Any(Func<ContractRow, bool> test)
    {
        foreach (var chunk in Chunks())
            foreach (var row in chunk.Span)
                if (test(row)) return true;
        return false;
    }

    /// <summary>The latest month any log started or ended (yyyymm), 0 when there are none.</summary>
    public int LastMonth()
    {
        var last = 0;
        foreach (var chunk in Chunks())
            foreach (ref readonly var row in chunk.Span)
                last = Math.Max(last, Math.Max(row.StartMonth, row.EndMonth));
        return last;
    }

    sealed class InMemory(ContractRow[] rows) : RowSet
    {
        public override IEnumerable<ReadOnlyMemory<ContractRow>> Chunks()
        {
            yield return rows;
        }

        public override RowSet Where(Func<ContractRow, bool> keep) => new InMemory(rows.Where(keep).ToArray());
    }

    /// <summary>
    /// <paramref name="count"/> rows from <paramref name="offset"/> of a file held open: positional reads, so sections
    /// scanning side by side share the handle, and a newer snapshot renamed over the path does not change what is read.
    /// </summary>
    internal sealed class InFile(SafeFileHandle file, long offset, int count) : RowSet
    {
        public override IEnumerable<ReadOnlyMemory<ContractRow>> Chunks()
        {
            var buffer = GC.AllocateUninitializedArray<ContractRow>(Math.Min(ChunkRows, count));
            for (var done = 0; done < count;)
            {
                var rows = Math.Min(buffer.Length, count - done);
                ReadExactly(file, MemoryMarshal.AsBytes(buffer.AsSpan(0, rows)), offset + (long)done * Unsafe.SizeOf<ContractRow>());
                done += rows;
                yield return buffer.AsMemory(0, rows);
            }
        }

        public override RowSet Where(Func<ContractRow, bool> keep) => new Filtered(this, keep);

        internal static void ReadExactly(SafeFileHandle file, Span<byte> into, long at)
        {
            while (into.Length > 0)
            {
                var read = RandomAccess.Read(file, into, at);
                if (read == 0) throw new EndOfStreamException("the published snapshot is shorter than its header says");
                into = into[read..];
                at += read;
            }
        }
    }

    sealed class Filtered(RowSet source, Func<ContractRow, bool> keep) : RowSet
    {
        public override IEnumerable<ReadOnlyMemory<ContractRow>> Chunks()
        {
            var kept = Array.Empty<ContractRow>();
            foreach (var chunk in source.Chunks())
            {
                if (kept.Length < chunk.Length) kept = new ContractRow[chunk.Length];
                var used = 0;
                foreach (var row in chunk.Span)
                    if (keep(row)) kept[used++] = row;
                if (used > 0) yield return kept.AsMemory(0, used);
            }
        }

        public override RowSet Where(Func<ContractRow, bool> more) => new Filtered(source, r => keep(r) && more(r));
    }
}
