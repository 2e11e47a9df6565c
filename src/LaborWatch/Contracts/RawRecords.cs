using System.Globalization;
using System.Text;
using System.Text.Json;
using CsvHelper;
using CsvHelper.Configuration;

namespace LaborWatch.Contracts;

/// <summary>One input row before validation: where it is (for messages), its values by canonical column, or
/// the reason it could not be split into values.</summary>
public sealed record RawRecord(string Where, string?[] Values, string? Problem = null);

/// <summary>A problem that stops an import before any row: a bad header, broken JSON, an unreadable file.</summary>
public sealed class ImportFormatException(string message) : Exception(message);

/// <summary>Reads contract logs from CSV (header row, any column order) or a JSON array of objects.</summary>
public static class RawRecords
{
    public static IEnumerable<RawRecord> Read(string path, Stream stream) =>
        Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".csv" => ReadCsv(path, stream),
            ".json" => ReadJson(path, stream),
            var ext => throw new ImportFormatException($"{path}: unknown file type '{ext}' (expected .csv or .json)"),
        };

    /// <summary>Maps header names to canonical column indexes, refusing unknown and repeated columns and missing required ones.</summary>
    static int[] MapHeader(string file, IReadOnlyList<string> header, string where)
    {
        var map = new int[header.Count];
        var seen = new HashSet<string>();
        for (var i = 0; i < header.Count; i++)
        {
            var name = header[i].Trim().ToLowerInvariant();
            if (!ContractColumns.Index.TryGetValue(name, out var index))
                throw new ImportFormatException($"{file}: {where} unknown column '{header[i]}' (column {i + 1}); known columns: {string.Join(", ", ContractColumns.All)}");
            if (!seen.Add(name))
                throw new ImportFormatException($"{file}: {where} column '{name}' appears twice");
            map[i] = index;
        }
        var missing = ContractColumns.Required.Where(r => !seen.Contains(r)).ToList();
        if (missing.Count > 0)
            throw new ImportFormatException($"{file}: {where} missing required column{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing.Select(m => $"'{m}'"))}");
        return map;
    }

    static IEnumerable<RawRecord> ReadCsv(string file, Stream stream)
    {
        string? badData = null;
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            HasHeaderRecord = true,
            DetectDelimiter = false,
            BadDataFound = args => badData ??= args.RawRecord,
        };
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        using var parser = new CsvParser(reader, config);
        if (!parser.Read()) throw new ImportFormatException($"{file}: the file is empty (expected a header row)");
        var map = MapHeader(file, parser.Record!, "line 1:");
        var lastRawRow = parser.RawRow;
        while (parser.Read())
        {
            var line = lastRawRow + 1;      // a quoted field may span lines: report where the record starts
            lastRawRow = parser.RawRow;
            var where = $"line {line}";
            if (badData is not null)
                throw new ImportFormatException($"{file}: {where}: malformed CSV (a quote inside an unquoted field?): {Truncate(badData)}");
            if (parser.Count != map.Length)
            {
                yield return new RawRecord(where, [], $"has {parser.Count} fields, the header has {map.Length}");
                continue;
            }
            var values = new string?[ContractColumns.All.Length];
            for (var i = 0; i < map.Length; i++)
            {
                var cell = parser[i];
                values[map[i]] = string.IsNullOrWhiteSpace(cell) ? null : cell;
            }
            yield return new RawRecord(where, values);
        }
    }

    static IEnumerable<RawRecord> ReadJson(string file, Stream stream)
    {
        JsonDocument document;
        try
        {
            // JsonDocument checks UTF-8 only when a string is read, and then throws InvalidOperationException (found
            // by fuzzing): check the bytes first, so a file with broken text gets a named error like broken JSON.
            var bytes = new MemoryStream();
            stream.CopyTo(bytes);
            var memory = bytes.GetBuffer().AsMemory(0, (int)bytes.Length);
            if (!System.Text.Unicode.Utf8.IsValid(memory.Span))
                throw new ImportFormatException($"{file}: line {LineOfFirstInvalidUtf8(memory.Span)}: the file is not valid UTF-8 text (save it as UTF-8)");
            document = JsonDocument.Parse(memory, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw new ImportFormatException($"{file}: line {e.LineNumber + 1}: broken JSON: {e.Message}");
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
                throw new ImportFormatException($"{file}: expected a JSON array of objects, found {document.RootElement.ValueKind}");
            var number = 0;
            foreach (var element in document.RootElement.EnumerateArray())
            {
                number++;
                var where = $"record {number}";
                if (element.ValueKind != JsonValueKind.Object)
                    throw new ImportFormatException($"{file}: {where}: expected an object, found {element.ValueKind}");
                var properties = element.EnumerateObject().ToList();
                var map = MapHeader(file, properties.Select(p => p.Name).ToList(), where + ":");
                var values = new string?[ContractColumns.All.Length];
                for (var i = 0; i < properties.Count; i++)
                    values[map[i]] = JsonText(properties[i].Value);
                yield return new RawRecord(where, values);
            }
        }
    }

    static int LineOfFirstInvalidUtf8(ReadOnlySpan<byte> bytes)
    {
        var line = 1;
        for (var at = 0; at < bytes.Length;)
        {
            if (System.Text.Rune.DecodeFromUtf8(bytes[at..], out _, out var used) != System.Buffers.OperationStatus.Done) return line;
            if (bytes[at] == (byte)'\n') line++;
            at += used;
        }
        return line;
    }

    /// <summary>JSON values as the text a CSV cell would hold, so one validator serves both formats.</summary>
    static string? JsonText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.True => "1",
        JsonValueKind.False => "0",
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.String => string.IsNullOrWhiteSpace(value.GetString()) ? null : value.GetString(),
        _ => value.GetRawText(),   // an object or array: the validator names it as a bad value
    };

    static string Truncate(string s) => s.Length <= 80 ? s.TrimEnd('\r', '\n') : s[..80] + "...";
}
