using System.Globalization;
using System.Text.RegularExpressions;
using LaborWatch.ReferenceData;

namespace LaborWatch.Pay;

/// <summary>
/// What a pay text says: an amount or range, its currency (ISO 4217) and unit (hour, day, week, month, year,
/// task, word, project; null when the text does not say), and whether it is only a maximum ("up to") or only a
/// minimum ("at least", "a minimum of"). Min and max are null when the text gives no amount.
/// </summary>
public sealed record PayParse(decimal? Min, decimal? Max, string? Currency, string? Unit, bool UpTo, bool AtLeast)
{
    public static readonly PayParse None = new(null, null, null, null, false, false);
}

/// <summary>
/// The one pay-text parser (docs/scraping.md), shared by `pay-parse` and the scraper. Rules, in order:
/// amounts are a currency marker with a number (`$25`, `USD 50`, `KSh 16,113.75`, `€2.200`, `17 cents`,
/// `twelve cents`), or a bare number completing a range begun by one (`$25–35`). The first amount in the text
/// sets the currency; a range (`-`, `to`, `between … and`) beats a single amount. "up to" and its kin make a
/// maximum only; "at least", "from", "a minimum of" and statutory-minimum phrasing ("minimum wage",
/// "unskilled") make a minimum only. An amount followed by a comparison ("$5 less than") is relative: no amount.
/// An amount followed by a plural count ("$10.00 250 words") is a quantity, not a rate, and is skipped.
/// The unit is the one written right after the amount, else the first unit word in the text, else for
/// amounts of $10,000 or more (at the latest FX rate) a year, else (Philippine minimum wages are set per day) a day for a PHP
/// minimum wage, else null. Percentages (equity) are never pay.
/// </summary>
public static partial class PayText
{
    sealed record Amount(int Start, int End, decimal Value, string Currency, bool Explicit, bool Thousands);

    public static PayParse Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return PayParse.None;
        var s = Normalize(text);
        var amounts = FindAmounts(s);
        if (amounts.Count == 0) return PayParse.None;

        var first = amounts[0];
        var currency = first.Currency;
        var unit = UnitAfter(s, first.End);

        // Reporting sentences. A change ("cut from $21 to $16 an hour", "fell from $25 to less than $15"): the later amount
        // is the pay now. A promise and what came ("promised $40 an hour but received as little as $12"): both ends.
        if (amounts.Count >= 2)
        {
            var between = s[first.End..amounts[1].Start];
            if (ChangeCue().IsMatch(s[..first.Start]) && ToWord().Match(between) is { Success: true } to)
            {
                var later = Parse(s[(first.End + to.Index + to.Length)..]);
                return later with { Currency = later.Currency ?? currency, Unit = later.Unit ?? unit ?? UnitAnywhere(s) };
            }
            if (PromiseCue().IsMatch(s[..first.Start]) && AsLittleAs().IsMatch(between))
            {
                var received = amounts[1];
                return new PayParse(Math.Min(received.Value, first.Value), Math.Max(received.Value, first.Value), currency,
                    unit ?? UnitAfter(s, received.End) ?? UnitAnywhere(s), false, false);
            }
        }

        // Relative amounts ("$5 less than the hourly rate") name a currency and maybe a unit, but no pay.
        if (Relative().IsMatch(s[first.End..]))
            return new PayParse(null, null, currency, unit ?? UnitAnywhere(s), false, false);

        var range = RangeFrom(s, amounts, first) ?? FromTo(s, amounts, first);
        decimal min = first.Value, max = first.Value;
        var end = first.End;
        if (range is { } r)
        {
            (min, max, end) = (first.Value, r.Value, r.End);
            if (r.Thousands && !first.Thousands && first.Value < 1000 && r.Value >= 1000) min = first.Value * 1000;
        }
        unit = UnitAfter(s, end) ?? unit ?? UnitAnywhere(s) ?? UnitByMagnitude(s, currency, max);

        var before = s[..first.Start];
        var upTo = range is null && UpToCue().IsMatch(before);
        var atLeast = range is null && !upTo && (AtLeastCue().IsMatch(before) || OrMore().IsMatch(s[end..]));
        return new PayParse(upTo ? null : min, atLeast ? null : max, currency, unit, upTo, atLeast);
    }

    static string Normalize(string text) => text
        .Replace('\u2013', '-').Replace('\u2014', '-').Replace('\u2212', '-').Replace('\u00A0', ' ').Replace('\u202F', ' ')
        .Replace("upto", "up to", StringComparison.OrdinalIgnoreCase);

    /// <summary>Every money amount with its position, in text order, leaving out quantities and percentages.</summary>
    static List<Amount> FindAmounts(string s)
    {
        var found = new List<Amount>();
        foreach (Match m in Money().Matches(s))
        {
            var prefix = m.Groups["pre"].Value;
            var suffix = m.Groups["post"].Value;
            var currency = CurrencyOf(prefix, suffix, s, m.Index + m.Length);
            if (currency is null) continue;
            var (value, thousands) = Number(m.Groups["num"].Value, m.Groups["mult"].Value, currency);
            if (value is null) continue;
            if (suffix.Equals("cents", StringComparison.OrdinalIgnoreCase) || suffix.Equals("cent", StringComparison.OrdinalIgnoreCase))
                value /= 100;
            if (CountNounAfter().IsMatch(s[(m.Index + m.Length)..])) continue;   // "$10.00 250 words": a quantity
            found.Add(new Amount(m.Index, m.Index + m.Length, value.Value, currency, true, thousands));
        }
        foreach (Match m in WordCents().Matches(s))
            if (WordNumber(m.Groups["words"].Value) is { } n)
                found.Add(new Amount(m.Index, m.Index + m.Length, m.Groups["kind"].Value.StartsWith("cent", StringComparison.OrdinalIgnoreCase) ? n / 100m : n, "USD", true, false));
        found.Sort((a, b) => a.Start.CompareTo(b.Start));
        return found;
    }

    /// <summary>
    /// "from $15/hr for entry-level annotators to $1,000/hr for domain experts": a range whose ends have words
    /// between them. Only after "from", only to an amount in the same currency, only across at most 60
    /// characters holding no other number.
    /// </summary>
    static Amount? FromTo(string s, List<Amount> amounts, Amount first)
    {
        if (!FromCue().IsMatch(s[..first.Start])) return null;
        var next = amounts.FirstOrDefault(a => a.Start > first.End && a.Currency == first.Currency);
        return next is not null && next.Start - first.End <= 60 && ToBetween().IsMatch(s[first.End..next.Start]) ? next : null;
    }

    /// <summary>The end of a range that starts at <paramref name="first"/>: another amount, or a bare number, after "-", "to" or "and".</summary>
    static Amount? RangeFrom(string s, List<Amount> amounts, Amount first)
    {
        var rest = s[first.End..];
        var connector = RangeConnector().Match(rest);
        if (!connector.Success) return null;
        var at = first.End + connector.Length;
        if (connector.Value.Contains("and", StringComparison.OrdinalIgnoreCase) && !Between().IsMatch(s[..first.Start])) return null;
        var next = amounts.FirstOrDefault(a => a.Start == at);
        if (next is not null) return next.Currency == first.Currency || !next.Explicit ? next : null;
        var bare = BareNumber().Match(s[at..]);
        if (!bare.Success) return null;
        var (value, thousands) = Number(bare.Groups["num"].Value, bare.Groups["mult"].Value, first.Currency);
        if (value is null || PercentAfter().IsMatch(s[(at + bare.Length)..])) return null;
        return new Amount(at, at + bare.Length, value.Value, first.Currency, false, thousands);
    }

    static string? CurrencyOf(string prefix, string suffix, string s, int end)
    {
        var code = Symbol(prefix) ?? Symbol(suffix);
        if (code is null) return null;
        // "$25 CAD", "$25 - $50 USD": a code written after the amount says which dollar.
        if (prefix.Length > 0 && Symbol(suffix) is { } after && after != code && prefix == "$") return after;
        var codeAfter = CodeAfter().Match(s[end..]);
        if (prefix == "$" && codeAfter.Success && Symbol(codeAfter.Groups[1].Value) is { } c2) return c2;
        return code;
    }

    static string? Symbol(string marker) => marker.Trim().TrimEnd('.').ToUpperInvariant() switch
    {
        "$" or "US$" or "USD" or "CENTS" or "CENT" or "DOLLARS" => "USD",
        "€" or "EUR" or "EURO" or "EUROS" => "EUR",
        "£" or "GBP" => "GBP",
        "₹" or "RS" or "INR" => "INR",
        "KSH" or "SH" or "KES" => "KES",
        "USH" or "UGX" => "UGX",
        "TSH" or "TZS" => "TZS",
        "₱" or "P" or "PHP" => "PHP",
        "CA$" or "C$" or "CAD" => "CAD",
        "A$" or "AU$" or "AUD" => "AUD",
        "₦" or "NGN" => "NGN",
        "R$" or "BRL" => "BRL",
        "" => null,
        _ => null,
    };

    /// <summary>A number as written, with K/M multipliers and either convention of separators.</summary>
    static (decimal? Value, bool Thousands) Number(string text, string multiplier, string currency)
    {
        var digits = text;
        var dots = digits.Count(c => c == '.');
        var commas = digits.Count(c => c == ',');
        // "40.000", "€2.200", "1.234.567": dots grouping thousands, the European way.
        var europeanGroups = dots > 0 && commas == 0 && EuropeanThousands().IsMatch(digits) && (currency == "EUR" || dots > 1);
        if (europeanGroups) digits = digits.Replace(".", "");
        else if (commas > 0 && dots == 0 && currency == "EUR" && EuropeanDecimal().IsMatch(digits)) digits = digits.Replace(',', '.');
        else if (dots > 0 && commas > 0 && digits.IndexOf(',') > digits.IndexOf('.')) digits = digits.Replace(".", "").Replace(',', '.');
        else digits = digits.Replace(",", "");
        if (!decimal.TryParse(digits, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)) return (null, false);
        var k = multiplier.ToUpperInvariant() switch { "K" => 1_000m, "M" or "MM" => 1_000_000m, _ => 1m };
        // "$20999999999999999999999999ks" (found by fuzzing): past decimal's range is no pay figure, not an overflow.
        if (value > decimal.MaxValue / k) return (null, false);
        return (value * k, k > 1 || europeanGroups || value >= 10_000);
    }

    static string? UnitAfter(string s, int end)
    {
        var m = UnitRightAfter().Match(s[end..]);
        return m.Success ? UnitOf(m.Groups["unit"].Value) : null;
    }

    static string? UnitAnywhere(string s)
    {
        var m = UnitWord().Match(s);
        return m.Success ? UnitOf(m.Groups["unit"].Value) : null;
    }

    /// <summary>Salaries are quoted without a unit: $10,000 or more (at the latest FX rate) is taken as a year.</summary>
    static string? UnitByMagnitude(string s, string currency, decimal amount)
    {
        if (PayReference.Shipped.UnitsPerUsd(currency, int.MaxValue) is { } rate && (double)amount / rate >= 10_000) return "year";
        if (currency == "PHP" && MinimumWageWords().IsMatch(s)) return "day";   // Philippine wage orders fix a daily rate
        return null;
    }

    static string? UnitOf(string word)
    {
        var w = word.ToLowerInvariant().TrimStart('/').Trim();
        return w switch
        {
            "h" or "hr" or "hrs" or "hour" or "hours" or "hourly" or "ph" or "p/h" or "hou" => "hour",   // "hou": a unit cut short
            "day" or "daily" or "d" => "day",
            "week" or "weekly" or "wk" or "w" => "week",
            "month" or "monthly" or "mo" or "mth" or "pm" or "p/m" => "month",
            "year" or "yearly" or "annum" or "annually" or "annual" or "yr" or "a" or "pa" or "p/a" => "year",
            "task" or "tasks" or "question" or "questions" or "item" or "items" or "each" or "hit" or "image" or "label" => "task",
            "word" or "words" => "word",
            "project" or "projects" or "fixed" => "project",
            _ => null,
        };
    }

    static decimal? WordNumber(string words)
    {
        var total = 0m;
        foreach (var w in words.ToLowerInvariant().Split([' ', '-'], StringSplitOptions.RemoveEmptyEntries))
        {
            var n = Array.IndexOf(Ones, w);
            if (n >= 0) { total += n; continue; }
            var t = Array.IndexOf(Tens, w);
            if (t >= 2) { total += t * 10; continue; }
            return null;
        }
        return total > 0 ? total : null;
    }

    static readonly string[] Ones = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"];
    static readonly string[] Tens = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];

    // A currency marker before or after a number. The marker alternatives are longest first.
    [GeneratedRegex(@"(?<![\p{L}\d.,])(?<pre>US\$|CA\$|AU\$|C\$|A\$|R\$|\$|€|£|₹|₱|₦|(?:USD|EUR|GBP|INR|KES|PHP|CAD|AUD|UGX|TZS|NGN|BRL|KSh|Ksh|USh|TSh|Sh|Rs\.?|P)(?=\s?\d))?\s?(?<num>\d{1,3}(?:[,.]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?|\.\d+)(?<mult>[kK]|MM|M)?(?![\d%])(?:\s?(?<post>USD|EUR|GBP|INR|KES|PHP|CAD|AUD|€|euros?|cents?|dollars)\b)?", RegexOptions.CultureInvariant)]
    private static partial Regex Money();

    [GeneratedRegex(@"\b(?<words>(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[\s-]?)?(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)\s+(?<kind>cents?|dollars?)\b", RegexOptions.IgnoreCase)]
    private static partial Regex WordCents();

    [GeneratedRegex(@"^\s*(?:-|to|and)\s*", RegexOptions.IgnoreCase)]
    private static partial Regex RangeConnector();

    [GeneratedRegex(@"\bbetween\s+\S*$", RegexOptions.IgnoreCase)]
    private static partial Regex Between();

    [GeneratedRegex(@"^(?<num>\d{1,3}(?:[,.]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)(?<mult>[kK]|MM|M)?(?!\d)")]
    private static partial Regex BareNumber();

    [GeneratedRegex(@"^\s?%")]
    private static partial Regex PercentAfter();

    [GeneratedRegex(@"^\s*(USD|EUR|GBP|CAD|AUD|INR|KES|PHP)\b")]
    private static partial Regex CodeAfter();

    [GeneratedRegex(@"^\d*\s+(words|tasks|questions|images|items|labels|hits)\b", RegexOptions.IgnoreCase)]
    private static partial Regex CountNounAfter();

    [GeneratedRegex(@"^\s*(less|more|lower|higher|fewer)\s+than\s+(the|your|their|our)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Relative();

    // Cues of a maximum only: "up to $40", "no more than", "at most", and "less than / under / below / as little as
    // $X" (an upper bound on what the work pays).
    [GeneratedRegex(@"\b(up\s*-?\s*to|no\s+more\s+than|less\s+than|under|below|as\s+little\s+as|not\s+(?:\w+\s+){0,3}(?:higher|more)\s+than|at\s+most|maximum(?:\s+of)?|max\.?)\s*(?:\S+\s*){0,2}$", RegexOptions.IgnoreCase)]
    private static partial Regex UpToCue();

    /// <summary>A verb of change, then "from", just before the first amount: "was cut from", "dropping from", "fell from".</summary>
    [GeneratedRegex(@"\b(?:cut|cuts|slashed|reduced|lowered|dropped|dropping|drops?|fell|fallen|falling|falls|decreased|decreasing|went\s+(?:down|up)|raised|increased|rose|risen|changed|moved|going)\b[^.;]{0,40}\bfrom\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex ChangeCue();

    [GeneratedRegex(@"\b(?:down\s+|up\s+)?to\b", RegexOptions.IgnoreCase)]
    private static partial Regex ToWord();

    /// <summary>A promise before the first amount: "was promised", "offered", "advertised at".</summary>
    [GeneratedRegex(@"\b(?:promised|promising|offered|offering|advertised|quoted|told)\b[^.;]{0,40}$", RegexOptions.IgnoreCase)]
    private static partial Regex PromiseCue();

    /// <summary>What came, between the promise and the second amount: "but received as little as", "got as low as".</summary>
    [GeneratedRegex(@"\b(?:as\s+little\s+as|as\s+low\s+as)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex AsLittleAs();

    [GeneratedRegex(@"\b(at\s+least|from|minimum|no\s+less\s+than|not\s+less\s+than|unskilled|starting\s+at)\b", RegexOptions.IgnoreCase)]
    private static partial Regex AtLeastCue();

    // "$40 or more", "$1K+": a minimum only.
    [GeneratedRegex(@"^(?:\+|\s*(?:\S+\s+){0,3}or\s+more\b)", RegexOptions.IgnoreCase)]
    private static partial Regex OrMore();

    [GeneratedRegex(@"\bfrom\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex FromCue();

    [GeneratedRegex(@"^[^\d]{0,60}\bto\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex ToBetween();

    [GeneratedRegex(@"\bminimum\s+wages?\b", RegexOptions.IgnoreCase)]
    private static partial Regex MinimumWageWords();

    // A unit written right after an amount or range: "/hr", " per hour", " an hour", " hourly", "per word".
    [GeneratedRegex(@"^\s*(?:(?:USD|EUR|GBP|CAD|AUD|INR|KES|PHP)\s*)?(?:/\s*|\bper\s+|\ban?\s+|\bp/|\beach\s+)?(?<unit>hourly|hours?|hou|hrs?|h|daily|day|weekly|week|wk|monthly|month|mo|yearly|year|annum|annually|yr|task|question|item|word|project)\b", RegexOptions.IgnoreCase)]
    private static partial Regex UnitRightAfter();

    // A unit word anywhere: "hourly wages of up to $200", "a monthly take-home pay", "each image tag", "single question".
    [GeneratedRegex(@"(?:(?:\bper\s+|\ban?\s+|/)(?<unit>hour|hr|day|week|month|year|task|question|word|project)\b)|\b(?<unit>hourly|daily|weekly|monthly|yearly|annually|annual|each|task|question|word)\b", RegexOptions.IgnoreCase)]
    private static partial Regex UnitWord();

    [GeneratedRegex(@"^\d{1,3}(\.\d{3})+$")]
    private static partial Regex EuropeanThousands();

    [GeneratedRegex(@"^\d+,\d{1,2}$")]
    private static partial Regex EuropeanDecimal();
}
