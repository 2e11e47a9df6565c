using System.Data.Common;
using LaborWatch.Contracts;

namespace LaborWatch.Exports;

/// <summary>`report --out FILE.html|.pdf|.csv|.json|.zip`: the format from the extension; files written whole or not at all.</summary>
public static class ReportFiles
{
    public static readonly string[] Formats = [".html", ".pdf", ".csv", ".json", ".zip"];

    /// <summary>Writes the report and returns the paths written. FILE.csv stands for FILE.TABLE.csv, one per table, plus FILE.dictionary.csv.</summary>
    public static IReadOnlyList<string> Write(DbConnection connection, StatsFilter filter, string path, DateTimeOffset generatedAt, ReportTables tables = ReportTables.Top)
    {
        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (!Formats.Contains(extension))
            throw new ArgumentException($"--out: '{path}' must end in {string.Join(", ", Formats)}");
        var report = ReportContent.Compute(connection, filter);
        var files = extension switch
        {
            ".html" => [(path, HtmlExport.Write(report, generatedAt, tables: tables))],
            ".pdf" => [(path, PdfExport.Write(report, generatedAt, tables))],
            ".json" => [(path, JsonExport.Write(report))],
            ".csv" => CsvExport.Files(report).Select(f => (Path.ChangeExtension(path, null) + "." + f.Name, f.Bytes)).ToList(),
            _ => new List<(string, byte[])> { (path, Zip(report, generatedAt)) },
        };
        foreach (var (file, bytes) in files) WriteWhole(file, bytes);
        return files.Select(f => f.Item1).ToList();
    }

    public static byte[] Zip(ReportContent report, DateTimeOffset generatedAt)
    {
        using var buffer = new MemoryStream();
        BundleExport.Write(report, buffer, generatedAt);
        return buffer.ToArray();
    }

    /// <summary>Through a temporary file renamed into place, so a failure never leaves half a report.</summary>
    static void WriteWhole(string path, byte[] bytes) => Data.AtomicFile.WriteBytes(path, bytes);
}
