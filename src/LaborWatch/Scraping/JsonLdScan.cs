using System.Text;

namespace LaborWatch.Scraping;

/// <summary>
/// The JSON-LD blocks and the canonical link of a UTF-8 page, found by walking its tags over the bytes instead of
/// building its DOM (an HTML parse was most of an offline scrape's time). It reads the tags the way the HTML parser
/// reads them for what it looks for: comments, the doctype, attributes in any quoting, the raw text of script,
/// style, title, textarea and the like (a "&lt;script" inside them is text). Where a page could be read otherwise by the
/// parser (a template, a noscript, svg or math, a frameset, a script holding "&lt;!--", a character reference in a
/// value it needs, a type or rel that differs only in case, a NUL, anything it does not recognise) it answers
/// null, and the caller parses the page. A test holds it to the parser on every page it answers for.
/// </summary>
public static class JsonLdScan
{
    public sealed record Found(IReadOnlyList<string> Blocks, string? Canonical);

    /// <summary>Elements whose content is text up to their end tag, not markup.</summary>
    static readonly string[] RawText = ["script", "style", "title", "textarea", "xmp", "iframe", "noembed", "noframes"];

    /// <summary>Elements after which the parser may place or read tags differently: the page goes to the parser.</summary>
    static readonly string[] Unsure = ["template", "noscript", "svg", "math", "frameset", "plaintext"];

    /// <summary>The blocks and the canonical link, or null when only a parse can be sure.</summary>
    public static Found? TryScan(ReadOnlySpan<byte> page)
    {
        if (page.StartsWith(Encoding.UTF8.Preamble)) page = page[3..];
        if (page.IndexOf((byte)0) >= 0) return null;
        var blocks = new List<string>();
        string? canonical = null;
        var canonicalSeen = false;   // the first link[rel=canonical] counts, even without an href
        var at = 0;
        while (true)
        {
            var lt = page[at..].IndexOf((byte)'<');
            if (lt < 0) return new Found(blocks, canonical);
            at += lt;
            var rest = page[at..];
            if (rest.StartsWith("<!--"u8))
            {
                // A comment ends at the first "-->"; the parser's odd endings ("<!-->", "--!>") are left to it.
                var body = rest[4..];
                var end = body.IndexOf("-->"u8);
                if (end < 0 || body.StartsWith(">"u8) || body.StartsWith("->"u8) || body[..end].IndexOf("--!>"u8) >= 0) return null;
                at += 4 + end + 3;
                continue;
            }
            if (rest.Length > 1 && rest[1] == (byte)'!')
            {
                if (!StartsWithIgnoreCase(rest[2..], "doctype")) return null;   // CDATA, bogus comments
                var end = rest.IndexOf((byte)'>');
                if (end < 0) return null;
                at += end + 1;
                continue;
            }
            var isEnd = rest.Length > 1 && rest[1] == (byte)'/';
            var nameStart = isEnd ? 2 : 1;
            if (rest.Length <= nameStart || !char.IsAsciiLetter((char)rest[nameStart]))
            {
                // "<?" and "</" not followed by a letter open a bogus comment to the parser, which can swallow a tag.
                if (isEnd || (rest.Length > 1 && rest[1] == (byte)'?')) return null;
                at++;   // a "<" that opens no tag is text
                continue;
            }
            var tag = ReadTag(rest, nameStart);
            if (tag is null) return null;
            var (name, attributes, length) = tag.Value;
            at += length;
            if (isEnd) continue;
            if (Array.IndexOf(Unsure, name) >= 0) return null;
            if (name == "link" && !canonicalSeen && Attribute(attributes, "rel") is { } rel)
            {
                if (rel == "canonical")
                {
                    canonical = Attribute(attributes, "href");
                    if (canonical?.Contains('&') == true) return null;   // a character reference: the parser decodes it
                    canonicalSeen = true;
                }
                else if (rel.Trim().Equals("canonical", StringComparison.OrdinalIgnoreCase)) return null;
            }
            if (Array.IndexOf(RawText, name) < 0) continue;
            // Raw text up to "</name" followed by a space, "/" or ">": the parser's end of the element.
            var content = page[at..];
            var close = EndTag(content, name);
            if (close < 0) return null;
            at += close;
            if (name != "script") continue;
            var text = content[..close];
            var type = Attribute(attributes, "type");
            if (type != "application/ld+json")
            {
                if (type is not null && (type.Contains('&') || type.Trim().Equals("application/ld+json", StringComparison.OrdinalIgnoreCase))) return null;
                continue;
            }
            if (text.IndexOf("<!--"u8) >= 0) return null;   // the script's escaped states: the parser's to read
            blocks.Add(Normalised(Encoding.UTF8.GetString(text)));
        }
    }

    /// <summary>The tag at rest[0] ("&lt;name" at nameStart): its lower-case name, attributes and length to its "&gt;"; null when unsure.</summary>
    static (string Name, List<(string Name, string Value)> Attributes, int Length)? ReadTag(ReadOnlySpan<byte> rest, int nameStart)
    {
        var i = nameStart;
        while (i < rest.Length && !IsSpace(rest[i]) && rest[i] is not (byte)'/' and not (byte)'>') i++;
        if (i >= rest.Length) return null;
        var name = Encoding.UTF8.GetString(rest[nameStart..i]).ToLowerInvariant();
        var attributes = new List<(string, string)>();
        while (true)
        {
            while (i < rest.Length && (IsSpace(rest[i]) || rest[i] == (byte)'/')) i++;
            if (i >= rest.Length) return null;
            if (rest[i] == (byte)'>') return (name, attributes, i + 1);
            var start = i;
            while (i < rest.Length && !IsSpace(rest[i]) && rest[i] is not (byte)'/' and not (byte)'>' and not (byte)'=') i++;
            if (i >= rest.Length) return null;
            var attribute = Encoding.UTF8.GetString(rest[start..i]).ToLowerInvariant();
            if (attribute.Length == 0 || attribute.IndexOfAny(['"', '\'', '<']) >= 0) return null;
            var j = i;
            while (j < rest.Length && IsSpace(rest[j])) j++;
            var value = "";
            if (j < rest.Length && rest[j] == (byte)'=')
            {
                j++;
                while (j < rest.Length && IsSpace(rest[j])) j++;
                if (j >= rest.Length) return null;
                if (rest[j] is (byte)'"' or (byte)'\'')
                {
                    var quote = rest[j];
                    var end = rest[(j + 1)..].IndexOf(quote);
                    if (end < 0) return null;
                    value = Encoding.UTF8.GetString(rest.Slice(j + 1, end));
                    i = j + 1 + end + 1;
                }
                else
                {
                    var k = j;
                    while (k < rest.Length && !IsSpace(rest[k]) && rest[k] != (byte)'>') k++;
                    if (k >= rest.Length) return null;
                    value = Encoding.UTF8.GetString(rest[j..k]);
                    if (value.IndexOfAny(['"', '\'', '<', '=', '`']) >= 0) return null;
                    i = k;
                }
            }
            if (attributes.All(a => a.Item1 != attribute)) attributes.Add((attribute, Normalised(value)));   // the first of a repeated name counts
        }
    }

    static string? Attribute(List<(string Name, string Value)> attributes, string name)
    {
        foreach (var (n, v) in attributes) if (n == name) return v;
        return null;
    }

    /// <summary>Where the element's end tag starts in its raw text, or -1.</summary>
    static int EndTag(ReadOnlySpan<byte> content, string name)
    {
        var from = 0;
        while (true)
        {
            var lt = content[from..].IndexOf("</"u8);
            if (lt < 0) return -1;
            var at = from + lt;
            var after = at + 2 + name.Length;
            if (after < content.Length && StartsWithIgnoreCase(content[(at + 2)..], name)
                && (IsSpace(content[after]) || content[after] is (byte)'/' or (byte)'>'))
                return at;
            from = at + 2;
        }
    }

    /// <summary>The parser's preprocessing of the input: CRLF and CR become LF.</summary>
    static string Normalised(string text) => text.Contains('\r') ? text.Replace("\r\n", "\n").Replace('\r', '\n') : text;

    static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\f' or (byte)'\r';

    static bool StartsWithIgnoreCase(ReadOnlySpan<byte> bytes, string ascii)
    {
        if (bytes.Length < ascii.Length) return false;
        for (var i = 0; i < ascii.Length; i++)
            if (char.ToLowerInvariant((char)bytes[i]) != ascii[i]) return false;
        return true;
    }
}
