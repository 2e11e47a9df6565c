using System.Text.RegularExpressions;

namespace LaborWatch.Privacy;

/// <summary>
/// Removes what could identify a worker from free text before it is stored: e-mail addresses, URLs, phone
/// numbers, @handles, IBANs and card numbers each become a [removed kind] marker. Notes are still held for
/// review and never exported; this is the first line, not the only one.
/// </summary>
public static partial class NotesScrubber
{
    public static string Scrub(string text)
    {
        var s = Hidden().Replace(text, "");
        s = Email().Replace(s, "[removed email]");
        s = Url().Replace(s, "[removed url]");
        s = Iban().Replace(s, "[removed iban]");
        s = Card().Replace(s, m => LuhnValid(m.Value) ? "[removed card]" : m.Value);
        s = Phone().Replace(s, "[removed phone]");
        s = Handle().Replace(s, "[removed handle]");
        return s.Trim();
    }

    static bool LuhnValid(string text)
    {
        var digits = text.Where(char.IsAsciiDigit).Select(c => c - '0').ToArray();
        if (digits.Length is < 13 or > 19) return false;
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[digits.Length - 1 - i];
            if (i % 2 == 1) { d *= 2; if (d > 9) d -= 9; }
            sum += d;
        }
        return sum % 10 == 0;
    }

    /// <summary>Control characters other than line breaks and tabs, and bidirectional controls that could disguise text in review.</summary>
    [GeneratedRegex(@"[\x00-\x08\x0B\x0C\x0E-\x1F\x7F\u200E\u200F\u202A-\u202E\u2066-\u2069\u061C]")]
    private static partial Regex Hidden();

    [GeneratedRegex(@"[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}", RegexOptions.IgnoreCase)]
    private static partial Regex Email();

    [GeneratedRegex(@"\b(?:https?://|www\.)\S+|\b[\w-]+\.(?:com|org|net|io|ai|co|me|ly|app|dev)(?:/\S*)?\b", RegexOptions.IgnoreCase)]
    private static partial Regex Url();

    [GeneratedRegex(@"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,4})?\b")]
    private static partial Regex Iban();

    [GeneratedRegex(@"\b(?:\d[ -]?){12,18}\d\b")]
    private static partial Regex Card();

    [GeneratedRegex(@"(?<![\w])(?:\+|00)?\d[\d\s().-]{6,}\d(?![\w])")]
    private static partial Regex Phone();

    [GeneratedRegex(@"(?<![\w@])@[A-Za-z0-9_](?:[A-Za-z0-9_.]{1,30})")]
    private static partial Regex Handle();
}
