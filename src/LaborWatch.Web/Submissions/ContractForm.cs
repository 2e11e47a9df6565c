using System.Globalization;
using LaborWatch.Contracts;
using Microsoft.AspNetCore.Http;

namespace LaborWatch.Web.Submissions;

/// <summary>What one log of the form holds: the typed values (kept on errors) and the errors by field; LogFieldset.razor draws it.</summary>
public sealed class FormLog
{
    public Dictionary<string, string?> Values { get; } = [];
    public Dictionary<string, string> Errors { get; } = [];

    public string? this[string field] => Values.GetValueOrDefault(field);

    /// <summary>The values of log <paramref name="index"/> of a posted form; fields are named logN.column.</summary>
    public static FormLog Read(IFormCollection form, int index)
    {
        var log = new FormLog();
        foreach (var field in ContractFields.All)
        {
            var value = form[$"log{index}.{field.Name}"].ToString();
            log.Values[field.Name] = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        }
        return log;
    }

    public static FormLog From(StoredLog stored)
    {
        var log = new FormLog();
        foreach (var field in ContractFields.All)
            log.Values[field.Name] = field.Name == ContractFields.DurationWeeks
                ? stored.DurationWeeks?.ToString(CultureInfo.InvariantCulture)
                : stored.Values[ContractColumns.Index[field.Name]];
        return log;
    }

    /// <summary>Validates like an import, then applies the weeks asked instead of exact dates.</summary>
    public ContractLog? Validate(ContractValidator validator)
    {
        var raw = new string?[ContractColumns.All.Length];
        foreach (var (name, value) in Values)
            if (ContractColumns.Index.TryGetValue(name, out var i)) raw[i] = value;
        var (log, errors) = validator.Validate(raw);
        foreach (var error in errors) Errors.TryAdd(error.Column, error.Message);
        var weeks = Weeks(log);
        return Errors.Count == 0 ? log! with { DurationWeeks = weeks ?? log.DurationWeeks } : null;
    }

    int? Weeks(ContractLog? log)
    {
        if (this[ContractFields.DurationWeeks] is not { } text) return null;
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var weeks) || weeks > 1040)
        {
            Errors[ContractFields.DurationWeeks] = $"'{text}' is not a whole number of weeks between 0 and 1040";
            return null;
        }
        if (log is null) return null;
        if (log.EndMonth is null)
        {
            Errors[ContractFields.DurationWeeks] = "leave empty while the contract is still active (it is counted up to today)";
            return null;
        }
        // Between two months d apart a contract lasts from (d - 1) months and a day to (d + 1) months.
        var months = MonthIndex(log.EndMonth) - MonthIndex(log.StartMonth);
        if (weeks * 7 < (months - 1) * 31 - 6 || weeks * 7 > (months + 1) * 31)
        {
            Errors[ContractFields.DurationWeeks] = $"{weeks} weeks does not fit between {log.StartMonth} and {log.EndMonth}";
            return null;
        }
        return weeks;
    }

    static int MonthIndex(string month) => int.Parse(month[..4], CultureInfo.InvariantCulture) * 12 + int.Parse(month[5..7], CultureInfo.InvariantCulture);

    /// <summary>The id of a field of log <paramref name="index"/> (LogFieldset.razor), which error summaries link to.</summary>
    public static string Id(int index, string field) => $"log{index}-{field}";
}
