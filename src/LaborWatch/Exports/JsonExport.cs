using System.Text.Json;
using LaborWatch.Postings;

namespace LaborWatch.Exports;

/// <summary>
/// The JSON export: the object of `stats --json` (docs/json.md; with survival) plus `postings`,
/// `payChanges` and a `report` block naming the tool version and the data fingerprint. No clock time, so the
/// same data and filters give the same bytes.
/// </summary>
public static class JsonExport
{
    public static byte[] Write(ReportContent report)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
            report.Stats.WriteJson(w, more =>
            {
                more.WritePropertyName("postings");
                PostingsJson.WriteList(more, report.Postings);
                more.WritePropertyName("payChanges");
                PostingsJson.WriteChanges(more, report.PayChanges);
                more.WriteStartObject("report");
                more.WriteString("tool", "laborwatch");
                more.WriteString("version", report.ToolVersion);
                more.WriteString("dataFingerprint", report.DataFingerprint);
                more.WriteString("command", report.Command("report.json"));
                more.WriteEndObject();
            });
        return buffer.ToArray();
    }
}
