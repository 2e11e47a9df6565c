using System.Reflection;
using System.Security.Cryptography;

namespace LaborWatch.Data;

/// <summary>The TSV files of data/reference, embedded in the library: read by name, hashed for change detection.</summary>
public static class ReferenceFiles
{
    const string Prefix = "LaborWatch.Reference.";

    public sealed record Table(string Name, string Sha256, IReadOnlyList<string> Header, IReadOnlyList<string[]> Rows)
    {
        public int Column(string name)
        {
            var index = Header.ToList().IndexOf(name);
            return index >= 0 ? index : throw new InvalidDataException($"reference/{Name}.tsv has no column '{name}'");
        }
    }

    public static Table Read(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(Prefix + name + ".tsv")
            ?? throw new InvalidOperationException($"reference table '{name}' is not embedded in the library");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var bytes = buffer.ToArray();
        var lines = System.Text.Encoding.UTF8.GetString(bytes)
            .Split('\n')
            .Select(l => l.TrimEnd('\r'))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .ToList();
        var header = lines[0].Split('\t');
        var rows = lines.Skip(1).Select(l =>
        {
            var cells = l.Split('\t');
            // Trailing empty cells may be dropped by editors; pad so every row has the header's width.
            return cells.Length >= header.Length ? cells : [.. cells, .. Enumerable.Repeat("", header.Length - cells.Length)];
        }).ToList();
        return new Table(name, Convert.ToHexStringLower(SHA256.HashData(bytes)), header, rows);
    }
}
