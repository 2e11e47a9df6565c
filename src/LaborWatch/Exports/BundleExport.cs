using LaborWatch.Json;
using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LaborWatch.Charts;

namespace LaborWatch.Exports;

/// <summary>
/// The reproducible bundle: report.html, report.json, every chart as PNG and SVG, the CSV tables with their
/// dictionary, and manifest.json with the SHA-256 and size of every file, the filters, the tool version, the
/// data fingerprint and the command that recomputes it. Entries carry a fixed date so equal content gives
/// equal entries.
/// </summary>
public static class BundleExport
{
    static readonly DateTimeOffset EntryDate = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static void Write(ReportContent report, Stream output, DateTimeOffset generatedAt)
    {
        var svgs = report.Charts.ToDictionary(c => c.Name, c => ChartRenderer.Svg(c));
        var files = new List<(string Path, byte[] Bytes)>
        {
            ("report.html", HtmlExport.Write(report, generatedAt, svgs)),
            ("report.json", JsonExport.Write(report)),
        };
        foreach (var chart in report.Charts)
        {
            files.Add(($"charts/{chart.Name}.png", ChartRenderer.Png(chart)));
            files.Add(($"charts/{chart.Name}.svg", Encoding.UTF8.GetBytes(svgs[chart.Name])));
        }
        files.AddRange(CsvExport.Files(report).Select(f => ("csv/" + f.Name, f.Bytes)));
        files.Add(("manifest.json", Manifest(report, files, generatedAt)));

        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        foreach (var (path, bytes) in files)
        {
            var entry = zip.CreateEntry(path, CompressionLevel.Optimal);
            entry.LastWriteTime = EntryDate;
            using var stream = entry.Open();
            stream.Write(bytes);
        }
    }

    static byte[] Manifest(ReportContent report, IReadOnlyList<(string Path, byte[] Bytes)> files, DateTimeOffset generatedAt)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("tool", "laborwatch");
            w.WriteString("version", report.ToolVersion);
            w.WriteString("generatedAt", generatedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
            w.WriteString("dataFingerprint", report.DataFingerprint);
            w.WriteString("command", report.Command("report.zip"));
            w.WriteStartObject("filters");
            w.WriteStartArray("by");
            foreach (var d in report.Filter.By) w.WriteStringValue(d);
            w.WriteEndArray();
            w.WriteStartArray("platform");
            foreach (var p in report.Filter.Platforms) w.WriteStringValue(p);
            w.WriteEndArray();
            foreach (var (name, values) in new[] { ("parent", report.Filter.Parents), ("taskType", report.Filter.TaskTypes), ("country", report.Filter.Countries) })
            {
                w.WriteStartArray(name);
                foreach (var v in values) w.WriteStringValue(v);
                w.WriteEndArray();
            }
            w.StringOrNull("from", report.Filter.From);
            w.StringOrNull("to", report.Filter.To);
            w.WriteNumber("k", report.Filter.K);
            w.WriteEndObject();
            w.WriteString("note", "SHA-256 of every other file of this bundle. The CSV and JSON files are byte-identical for the same data and filters; the HTML and SVG differ only in the generation time and drawing ids.");
            w.WriteStartArray("files");
            foreach (var (path, bytes) in files)
            {
                w.WriteStartObject();
                w.WriteString("path", path);
                w.WriteNumber("bytes", bytes.Length);
                w.WriteString("sha256", Convert.ToHexStringLower(SHA256.HashData(bytes)));
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }
}
