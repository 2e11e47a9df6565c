using System.Text;
using System.Text.Json;
using nietras.SeparatedValues;

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

    /// <summary>
    /// RFC 4180 CSV through Sep (CsvHelper's parse was a quarter of a million-log import's reading). Sep
    /// splits rows and columns; the cells of columns that repeat a few values (platform, status, codes, months, flags)
    /// come from its string pool, one per column, and the others (amounts, hours, notes) are copied straight: pooling
    /// them too cost a sixth of the reading thread for no hit. Sep is lenient about quotes, so each quoted cell is
    /// checked and unescaped here (<see cref="Cell"/>): a stray or unclosed quote stops the import at its line.
    /// </summary>
    static IEnumerable<RawRecord> ReadCsv(string file, Stream stream)
    {
        using var text = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        using var reader = Sep.Reader(o => o with
        {
            Sep = new Sep(','),
            HasHeader = false,   // the header is mapped below, with named errors for unknown, repeated and missing columns
            DisableColCountCheck = true,
            CreateToString = SepToString.PoolPerCol(maximumStringLength: 32),   // used for the columns that repeat, below
        }).From(text);
        int[]? map = null;
        var nextLine = 1;
        while (true)
        {
            try
            {
                if (!reader.MoveNext()) break;
            }
            catch (NotSupportedException e) when (e.Source == typeof(Sep).Assembly.GetName().Name)
            {
                // Sep holds a row whole, up to 16M characters: past that, an unclosed quote is by far the likelier cause.
                throw new ImportFormatException($"{file}: line {nextLine}: malformed CSV (a quote never closed?): the row from here is longer than 16,777,216 characters");
            }
            var row = reader.Current;
            nextLine = row.LineNumberToExcl;
            if (row.ColCount == 1 && row[0].Span.IsWhiteSpace()) continue;   // a blank line, before the header too
            if (map is null)
            {
                var line = row.RowIndex == 0 ? 1 : row.LineNumberFrom;   // Sep numbers its first row's line from 2
                var header = new string[row.ColCount];
                for (var i = 0; i < header.Length; i++) header[i] = Cell(file, line, row[i].Span) ?? "";
                map = MapHeader(file, header, $"line {line}:");
                continue;
            }
            var where = $"line {row.LineNumberFrom}";   // a quoted field may span lines: where the record starts
            if (row.ColCount != map.Length)
            {
                for (var i = 0; i < row.ColCount; i++) Cell(file, row.LineNumberFrom, row[i].Span);   // a stray quote is the likelier fault
                yield return new RawRecord(where, [], $"has {row.ColCount} fields, the header has {map.Length}");
                continue;
            }
            var values = new string?[ContractColumns.All.Length];
            for (var i = 0; i < map.Length; i++)
            {
                var cell = row[i].Span;
                values[map[i]] = cell.IsWhiteSpace() ? null : cell.Contains('"') ? Cell(file, row.LineNumberFrom, cell)
                    : ContractColumns.Repeats[map[i]] ? row[i].ToString() : new string(cell);
            }
            yield return new RawRecord(where, values);
        }
        if (map is null) throw new ImportFormatException($"{file}: the file is empty (expected a header row)");
    }

    /// <summary>A cell as RFC 4180 has it: as it is, or inside quotes with each quote doubled; anything else is malformed.</summary>
    static string? Cell(string file, int line, ReadOnlySpan<char> raw)
    {
        if (!raw.Contains('"')) return raw.IsWhiteSpace() ? null : raw.ToString();
        var wellFormed = raw.Length >= 2 && raw[0] == '"' && raw[^1] == '"';
        var inner = wellFormed ? raw[1..^1] : [];
        var text = new StringBuilder(inner.Length);
        for (var i = 0; i < inner.Length; i++)
        {
            if (inner[i] == '"' && !(++i < inner.Length && inner[i] == '"'))
            {
                wellFormed = false;   // a lone quote inside the quotes
                break;
            }
            text.Append(inner[i]);
        }
        if (!wellFormed)
            throw new ImportFormatException($"{file}: line {line}: malformed CSV (a quote inside an unquoted field, or one never closed?): {Truncate(raw.ToString())}");
        var value = text.ToString();
        return string.IsNullOrWhiteSpace(value) ? null : value;
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
