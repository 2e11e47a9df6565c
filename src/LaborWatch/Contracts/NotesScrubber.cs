using System.Text.RegularExpressions;

namespace LaborWatch.Contracts;

/// <summary>
/// Removes what could identify a worker from free text before it is stored: e-mail addresses (also spelled out),
/// URLs, phone numbers, handles (@name, name#1234, "discord: name", dotted names), worker and account ids, IBANs,
/// card numbers and names after "my name is" and the like each become a [removed kind] marker. Notes are held only
/// until a reviewer decides on the log, and never published; this is the first line, not the only one.
/// </summary>
public static partial class NotesScrubber
{
    public static string Scrub(string text)
    {
        var s = Hidden().Replace(text, "");
        s = Email().Replace(s, "[removed email]");
        s = SpelledEmail().Replace(s, "[removed email]");
        s = Url().Replace(s, "[removed url]");
        s = Iban().Replace(s, "[removed iban]");
        s = Card().Replace(s, m => LuhnValid(m.Value) ? "[removed card]" : m.Value);
        s = WorkerId().Replace(s, "[removed id]");
        s = LabelledId().Replace(s, m => m.Groups[1].Value + "[removed id]");
        s = Phone().Replace(s, "[removed phone]");
        s = Handle().Replace(s, "[removed handle]");
        s = TaggedHandle().Replace(s, "[removed handle]");
        s = NamedAccount().Replace(s, m => m.Groups[1].Value + "[removed handle]");
        s = DottedHandle().Replace(s, "[removed handle]");
        s = Name().Replace(s, m => m.Groups[1].Value + m.Groups[2].Value + "[removed name]");
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

    [GeneratedRegex(@"(?<![\w])(?:\+|00|\()?\d[\d\s().-]{6,}\d(?![\w])")]
    private static partial Regex Phone();

    [GeneratedRegex(@"(?<![\w@])@[A-Za-z0-9_](?:[A-Za-z0-9_.]{1,30})")]
    private static partial Regex Handle();

    /// <summary>
    /// An address written out to get past filters: "jane(at)mail[dot]org", "jane dot w at gmail dot com". A plain " at "
    /// counts only with a spelled-out dot before the last part, so "proof at bit.ly" stays a sentence (its link goes as a URL).
    /// </summary>
    [GeneratedRegex(@"\b[\p{L}\p{N}_%+-]+(?:\s*(?:\.|\(dot\)|\[dot\]|\s+dot\s+)\s*[\p{L}\p{N}_-]+)*\s*(?:\(at\)|\[at\]|\{at\})\s*[\p{L}\p{N}-]+(?:\s*(?:\.|\(dot\)|\[dot\]|\s+dot\s+)\s*\p{L}{2,})+\b" +
        @"|\b[\p{L}\p{N}_%+-]+(?:(?:\.|\s+dot\s+|\(dot\)|\[dot\])[\p{L}\p{N}_-]+)*\s+at\s+[\p{L}\p{N}-]+(?:(?:\.|\s+dot\s+)[\p{L}\p{N}-]+)*(?:\s+dot\s+|\s*\(dot\)\s*|\s*\[dot\]\s*)\p{L}{2,}\b", RegexOptions.IgnoreCase)]
    private static partial Regex SpelledEmail();

    /// <summary>A platform's worker or account id: letters, a dash and digits ("OUT-88213", "RWS-2024-113").</summary>
    [GeneratedRegex(@"\b[A-Z]{2,6}(?:-[0-9]{2,}){1,3}\b")]
    private static partial Regex WorkerId();

    /// <summary>Digits or a code after a word that says it is an id ("worker ID 88213", "account no. A77K21").</summary>
    [GeneratedRegex(@"(\b(?:id|identifier|account|acct|profile|worker|contributor|tasker|employee|member|user)\b\s*(?:id|no\.?|number|#)?\s*(?:is|:|=|#)?\s*)[A-Z0-9]*[0-9][A-Z0-9-]{2,}\b", RegexOptions.IgnoreCase)]
    private static partial Regex LabelledId();

    /// <summary>A Discord-style handle with its tag ("jane#4412").</summary>
    [GeneratedRegex(@"\b[\p{L}\p{N}_.]{2,32}#[0-9]{4}\b")]
    private static partial Regex TaggedHandle();

    /// <summary>The account after the name of a service ("telegram: janew_ke", "my discord is jane.w").</summary>
    [GeneratedRegex(@"(\b(?:handle|username|user name|discord|telegram|tg|signal|whatsapp|instagram|insta|ig|twitter|tiktok|slack|skype|reddit|linkedin|github|facebook|fb)\b\s*(?:handle|name|account)?\s*(?:is|:|=|-)?\s*)@?[\p{L}\p{N}_][\p{L}\p{N}_.-]{2,39}", RegexOptions.IgnoreCase)]
    private static partial Regex NamedAccount();

    /// <summary>A handle with a dot inside and none around it ("janew.ke"): lower-case word, dot, word, no space.</summary>
    [GeneratedRegex(@"(?<![\w.@\[])[a-z][a-z0-9_]{2,}\.[a-z][a-z0-9_]{1,}\b(?!\.\w)")]
    private static partial Regex DottedHandle();

    /// <summary>
    /// A name after the words that introduce one ("my name is Jane Wanjiru", "regards, Jane"); after "I am" or "this is"
    /// only a first and last name, so that "I am Kenyan" stays.
    /// </summary>
    [GeneratedRegex(@"(\b(?i:my name is|my name's|name:|signed,?|regards,?|thanks,|cheers,)\s+)\p{Lu}[\p{Ll}'-]+(?:\s+\p{Lu}[\p{Ll}'.-]*)?" +
        @"|(\b(?i:this is|i am|i'm)\s+)\p{Lu}[\p{Ll}'-]+\s+\p{Lu}[\p{Ll}'.-]+")]
    private static partial Regex Name();
}
