using System.Globalization;
using System.Text.RegularExpressions;
using LaborWatch.ReferenceData;

namespace LaborWatch.Contracts;

/// <summary>A problem with one value of one input row: the column and a message a person can act on.</summary>
public sealed record FieldError(string Column, string Message);

/// <summary>
/// Turns the raw text values of one row (indexed like <see cref="ContractColumns.All"/>, null when empty or
/// absent) into a coarsened <see cref="ContractLog"/>, or the list of what is wrong with it. Not thread-safe:
/// one per import or request.
/// </summary>
public sealed partial class ContractValidator(PayReference reference, DateOnly today)
{
    public const double MaxHours = 20_000;         // ~10 years full time: anything above is a typo, not a contract
    const long MaxMinorAmount = 1_000_000_000_000;

    // What a file repeats on every row, worked out once (a file names few platforms and places): a platform's slug
    // and tidied name, a valid country and region's codes. Bounded, as a hostile file could name a new one a row.
    readonly Dictionary<string, (string Slug, string Name)> _platforms = [];
    readonly Dictionary<(string?, string?), (string? Country, string? Region)> _places = [];
    const int Remembered = 10_000;

    static readonly int[] UnpaidAt = [.. ContractColumns.UnpaidHours.Select(c => ContractColumns.Index[c])];
    static readonly int[] FlagsAt = [.. ContractColumns.Flags.Select(c => ContractColumns.Index[c])];

    public ContractValidator() : this(PayReference.Shipped, DateOnly.FromDateTime(DateTime.UtcNow)) { }

    /// <summary>Where each column is in a row, looked up once: a dictionary lookup for each value was a twentieth of an import's reading.</summary>
    static class Column
    {
        public static readonly int AdvertisedRate = ContractColumns.Index["advertised_rate"];
        public static readonly int AdvertisedUnit = ContractColumns.Index["advertised_unit"];
        public static readonly int Country = ContractColumns.Index["country"];
        public static readonly int Currency = ContractColumns.Index["currency"];
        public static readonly int Ended = ContractColumns.Index["ended"];
        public static readonly int GrossPay = ContractColumns.Index["gross_pay"];
        public static readonly int Notes = ContractColumns.Index["notes"];
        public static readonly int NoticeHours = ContractColumns.Index["notice_hours"];
        public static readonly int PaidHours = ContractColumns.Index["paid_hours"];
        public static readonly int PayBasis = ContractColumns.Index["pay_basis"];
        public static readonly int PaymentDelayDays = ContractColumns.Index["payment_delay_days"];
        public static readonly int Platform = ContractColumns.Index["platform"];
        public static readonly int RateCut = ContractColumns.Index["rate_cut"];
        public static readonly int Region = ContractColumns.Index["region"];
        public static readonly int Started = ContractColumns.Index["started"];
        public static readonly int Status = ContractColumns.Index["status"];
        public static readonly int Submitter = ContractColumns.Index["submitter"];
        public static readonly int Synthetic = ContractColumns.Index["synthetic"];
        public static readonly int TaskType = ContractColumns.Index["task_type"];
    }

    static readonly (string Column, int At)[] RequiredAt = [.. ContractColumns.Required.Select(c => (c, ContractColumns.Index[c]))];

    // The problems of the row being validated; Fail is passed to the parsers as one delegate made once (a method
    // group passed as a delegate makes a new one each time: twenty a row).
    List<FieldError> _errors = [];
    Action<string, string>? _failure;
    Action<string, string> Failure => _failure ??= Fail;

    void Fail(string column, string message) => _errors.Add(new FieldError(column, message));

    public (ContractLog? Log, List<FieldError> Errors) Validate(string?[] raw)
    {
        var errors = _errors = [];
        foreach (var (column, at) in RequiredAt)
            if (raw[at] is null) Fail(column, "is required");

        var submitter = raw[Column.Submitter];
        if (submitter is { Length: > 200 }) Fail("submitter", "is longer than 200 characters");

        var platformName = raw[Column.Platform];
        (string Slug, string Name) platform = default;
        if (platformName is not null && !_platforms.TryGetValue(platformName, out platform))
        {
            platform = (Slug(platformName), CollapseSpaces(platformName));
            if (_platforms.Count < Remembered) _platforms[platformName] = platform;
        }
        var platformSlug = platform.Slug;
        if (platformName is { Length: > 100 }) Fail("platform", "is longer than 100 characters");
        else if (platformName is not null && HasHiddenCharacters(platformName)) Fail("platform", "contains control or text-direction characters");
        else if (platformName is not null && platformSlug!.Length == 0) Fail("platform", $"'{platformName}' has no letters or digits");

        var taskType = Enum(raw[Column.TaskType], "task_type", ContractColumns.TaskTypes, Failure);
        var status = Enum(raw[Column.Status], "status", ContractColumns.Statuses, Failure);
        var payBasis = Enum(raw[Column.PayBasis], "pay_basis", ContractColumns.PayBases, Failure);
        var advertisedUnit = Enum(raw[Column.AdvertisedUnit], "advertised_unit", ContractColumns.AdvertisedUnits, Failure);

        var place = (raw[Column.Country], raw[Column.Region]);
        if (!_places.TryGetValue(place, out var codes))
        {
            var failed = errors.Count;
            codes = Jurisdiction(place.Item1, place.Item2, Failure);
            if (errors.Count == failed && _places.Count < Remembered) _places[place] = codes;   // only what was valid
        }
        var (country, region) = codes;

        string? currency = raw[Column.Currency]?.ToUpperInvariant();
        if (currency is not null && !reference.IsCurrency(currency))
        {
            Fail("currency", $"unknown currency '{raw[Column.Currency]}' (expected an ISO 4217 code such as USD, EUR, GBP, INR, KES)");
            currency = null;
        }

        long? grossPay = currency is null ? null : Money(raw[Column.GrossPay], "gross_pay", currency, Failure);
        long? advertisedRate = currency is null ? null : Money(raw[Column.AdvertisedRate], "advertised_rate", currency, Failure);
        if (raw[Column.AdvertisedRate] is not null && raw[Column.AdvertisedUnit] is null)
            Fail("advertised_unit", "is required when advertised_rate is given (hour, task or project)");
        if (raw[Column.AdvertisedUnit] is not null && raw[Column.AdvertisedRate] is null)
            Fail("advertised_rate", "is required when advertised_unit is given");

        var paidHours = Hours(raw[Column.PaidHours], "paid_hours", Failure);
        var unpaid = new double[UnpaidAt.Length];
        for (var i = 0; i < unpaid.Length; i++) unpaid[i] = Hours(raw[UnpaidAt[i]], ContractColumns.UnpaidHours[i], Failure) ?? 0;
        var noticeHours = Hours(raw[Column.NoticeHours], "notice_hours", Failure);
        var delay = WholeNumber(raw[Column.PaymentDelayDays], "payment_delay_days", 0, 3650, Failure);
        var rateCut = Flag(raw[Column.RateCut], "rate_cut", Failure);
        var flags = new int?[FlagsAt.Length];
        for (var i = 0; i < flags.Length; i++) flags[i] = Flag(raw[FlagsAt[i]], ContractColumns.Flags[i], Failure);
        var synthetic = Flag(raw[Column.Synthetic], "synthetic", Failure) == 1;

        var started = Date(raw[Column.Started], "started", Failure);
        var ended = Date(raw[Column.Ended], "ended", Failure);
        int? durationWeeks = null;
        if (started is not null && ended is not null)
        {
            if (ended.Value.Before(started.Value))
                Fail("ended", $"{raw[Column.Ended]} is before started ({raw[Column.Started]})");
            else
                // Month-only dates stand for the 15th, so a same-month pair can come out negative: that is 0 weeks.
                durationWeeks = Math.Max(0, (ended.Value.Day.DayNumber - started.Value.Day.DayNumber) / 7);
        }
        if (status == "active" && raw[Column.Ended] is not null)
            Fail("ended", "must be empty while status is active");
        if (status is not null && status != "active" && raw[Column.Ended] is null)
            Fail("ended", $"is required when status is {status}");

        var notes = raw[Column.Notes];
        if (notes is { Length: > 5000 }) Fail("notes", "is longer than 5000 characters");

        if (errors.Count > 0) return (null, errors);

        return (new ContractLog
        {
            Submitter = submitter,
            PlatformName = platform.Name!,
            PlatformSlug = platformSlug!,
            TaskType = taskType!,
            Country = country,
            Region = region,
            StartMonth = MonthText(started!.Value),
            EndMonth = ended is { } end ? MonthText(end) : null,
            DurationWeeks = durationWeeks,
            Status = status!,
            NoticeHours = noticeHours,
            PayBasis = payBasis!,
            AdvertisedRateMinor = advertisedRate,
            AdvertisedUnit = advertisedUnit,
            Currency = currency!,
            GrossPayMinor = grossPay!.Value,
            PaidHours = paidHours!.Value,
            UnpaidHours = unpaid,
            PaymentDelayDays = delay,
            RateCut = rateCut,
            Flags = flags,
            Notes = notes is null ? null : NotesScrubber.Scrub(notes),
            Synthetic = synthetic,
        }, errors);
    }

    /// <summary>
    /// Control characters (a null byte, say) and the invisible bidirectional controls that can make a name read
    /// differently from what it is ("right-to-left override"): never part of a real platform's name.
    /// </summary>
    public static bool HasHiddenCharacters(string s)
    {
        foreach (var c in s)
            if (char.IsControl(c) || c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069' or '\u200E' or '\u200F' or '\u061C')
                return true;
        return false;
    }

    /// <summary>Lower case, runs of anything but letters and digits as one '-'. "Rubric.ly  AI" -> "rubric-ly-ai".</summary>
    public static string Slug(string name) => SlugSeparators().Replace(name.Trim().ToLowerInvariant(), "-").Trim('-');

    static string CollapseSpaces(string s) => Spaces().Replace(s.Trim(), " ");

    static string? Enum(string? value, string column, string[] allowed, Action<string, string> fail)
    {
        if (value is null) return null;
        foreach (var known in allowed)
            if (known == value) return known;   // as written (nearly every row): no trimmed, lowered copy
        var normalized = value.Trim().ToLowerInvariant();
        if (allowed.Contains(normalized)) return normalized;
        fail(column, $"'{value}' is not one of: {string.Join(", ", allowed)}");
        return null;
    }

    (string? Country, string? Region) Jurisdiction(string? countryText, string? regionText, Action<string, string> fail)
    {
        string? country = null, region = null;
        if (countryText is not null)
        {
            var code = countryText.Trim().ToUpperInvariant();
            if (!RegionCode().IsMatch(code) || !reference.IsCountry(code[..2]))
                fail("country", $"'{countryText}' is not an ISO 3166-1 alpha-2 country code (US, GB, KE) or an ISO 3166-2 region (US-CA)");
            else
            {
                country = code[..2];
                region = code.Length > 2 ? code : null;
            }
        }
        if (regionText is not null)
        {
            var code = regionText.Trim().ToUpperInvariant();
            if (!RegionCode().IsMatch(code) || code.Length == 2 || !reference.IsCountry(code[..2]))
                fail("region", $"'{regionText}' is not an ISO 3166-2 region code such as US-CA or IN-DL");
            else if (country is not null && code[..2] != country)
                fail("region", $"'{regionText}' is not in country {country}");
            else if (region is not null && !code.StartsWith(region, StringComparison.Ordinal) && !region.StartsWith(code, StringComparison.Ordinal))
                fail("region", $"'{regionText}' contradicts country '{countryText}'");
            else
            {
                country ??= code[..2];
                if (region is null || code.Length > region.Length) region = code;
            }
        }
        return (country, region);
    }

    long? Money(string? value, string column, string currency, Action<string, string> fail)
    {
        if (value is null) return null;
        if (!decimal.TryParse(value.Trim(), NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign,
                CultureInfo.InvariantCulture, out var amount))
        {
            fail(column, $"'{value}' is not a number (write digits with a '.' decimal point and no symbols, e.g. 1234.50)");
            return null;
        }
        if (amount < 0) { fail(column, $"{value} is negative"); return null; }
        var minorUnits = reference.MinorUnits(currency);
        // Bounded before the conversion: decimal.MaxValue times 100 overflows (a hostile post got a 500).
        if (amount > MaxMinorAmount / Pow10(minorUnits)) { fail(column, $"{value} is implausibly large"); return null; }
        var minor = amount * Pow10(minorUnits);
        if (minor != decimal.Truncate(minor))
        {
            fail(column, $"{value} has more decimals than {currency} has ({minorUnits})");
            return null;
        }
        if (minor > MaxMinorAmount) { fail(column, $"{value} is implausibly large"); return null; }
        return (long)minor;
    }

    static decimal Pow10(int n) => n switch { 0 => 1m, 1 => 10m, 2 => 100m, _ => 1000m };

    static double? Hours(string? value, string column, Action<string, string> fail)
    {
        if (value is null) return null;
        if (!double.TryParse(value.Trim(), NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign,
                CultureInfo.InvariantCulture, out var hours) || !double.IsFinite(hours))
        {
            fail(column, $"'{value}' is not a number of hours (e.g. 12.5)");
            return null;
        }
        if (hours < 0) { fail(column, $"{value} is negative: hours cannot be below 0"); return null; }
        if (hours > MaxHours) { fail(column, $"{value} is more than {MaxHours:0} hours"); return null; }
        return hours;
    }

    static int? WholeNumber(string? value, string column, int min, int max, Action<string, string> fail)
    {
        if (value is null) return null;
        if (!int.TryParse(value.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
        {
            fail(column, $"'{value}' is not a whole number");
            return null;
        }
        if (n < min || n > max) { fail(column, $"{value} is outside {min}..{max}"); return null; }
        return n;
    }

    static int? Flag(string? value, string column, Action<string, string> fail)
    {
        if (value is null) return null;
        if (value is "1") return 1;   // as written (nearly every row): no trimmed, lowered copy
        if (value is "0") return 0;
        switch (value.Trim().ToLowerInvariant())
        {
            case "1" or "true" or "yes" or "y": return 1;
            case "0" or "false" or "no" or "n": return 0;
            default:
                fail(column, $"'{value}' is not 1, 0 or empty (yes/no and true/false are accepted too)");
                return null;
        }
    }

    // "yyyy-MM" of each month met, made once rather than for every date read.
    readonly Dictionary<(int, int), string> _months = [];

    string MonthText(GivenDate date)
    {
        var key = (date.Day.Year, date.Day.Month);
        if (!_months.TryGetValue(key, out var text))
            _months[key] = text = date.Day.ToString("yyyy-MM", CultureInfo.InvariantCulture);   // at most 12 a year: bounded by the calendar
        return text;
    }

    /// <summary>A date as given: a day when the text has one, else the 15th (mid-month) with <see cref="HasDay"/> false.</summary>
    readonly record struct GivenDate(DateOnly Day, bool HasDay)
    {
        /// <summary>Compared at the coarser precision of the two, so 2025-03 is not before 2025-03-20.</summary>
        public bool Before(GivenDate other) => HasDay && other.HasDay
            ? Day < other.Day
            : (Day.Year, Day.Month).CompareTo((other.Day.Year, other.Day.Month)) < 0;
    }

    GivenDate? Date(string? value, string column, Action<string, string> fail)
    {
        if (value is null) return null;
        var text = value.Trim();
        GivenDate date;
        if (ParseIsoDate(text) is { } parsed)
            date = parsed;
        else
        {
            fail(column, $"'{value}' is not a date (YYYY-MM-DD or YYYY-MM)");
            return null;
        }
        if (date.Day.Year < 2000) { fail(column, $"{value} is before 2000"); return null; }
        var latest = date.HasDay ? today : new DateOnly(today.Year, today.Month, 1);
        if ((date.HasDay ? date.Day : new DateOnly(date.Day.Year, date.Day.Month, 1)) > latest)
        {
            fail(column, $"{value} is in the future");
            return null;
        }
        return date;
    }

    /// <summary>
    /// YYYY-MM-DD, or YYYY-MM standing for the 15th. Parsed by hand: DateOnly.TryParseExact reads the clock on
    /// every call, which was a tenth of an import.
    /// </summary>
    static GivenDate? ParseIsoDate(string s)
    {
        static int Digits(string s, int start, int count)
        {
            var n = 0;
            for (var i = start; i < start + count; i++)
            {
                if (!char.IsAsciiDigit(s[i])) return -1;
                n = n * 10 + (s[i] - '0');
            }
            return n;
        }
        if (s.Length is not (7 or 10) || s[4] != '-' || (s.Length == 10 && s[7] != '-')) return null;
        int year = Digits(s, 0, 4), month = Digits(s, 5, 2);
        if (year < 1 || month is < 1 or > 12) return null;
        if (s.Length == 7) return new GivenDate(new DateOnly(year, month, 15), false);
        var day = Digits(s, 8, 2);
        if (day < 1 || day > DateTime.DaysInMonth(year, month)) return null;
        return new GivenDate(new DateOnly(year, month, day), true);
    }

    [GeneratedRegex(@"[^\p{L}\p{N}]+")]
    private static partial Regex SlugSeparators();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"^[A-Z]{2}(-[A-Z0-9]{1,3}(-[A-Z0-9]{1,20})?)?\z")]
    private static partial Regex RegionCode();
}
