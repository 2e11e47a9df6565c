using System.Globalization;
using System.Text;
using LaborWatch.Contracts;
using Microsoft.AspNetCore.Http;
using static LaborWatch.Web.Layout;

namespace LaborWatch.Web.Submissions;

/// <summary>What one log of the form holds: the typed values (kept on errors) and the errors by field.</summary>
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

    /// <summary>Renders log <paramref name="index"/> as a fieldset; errors sit by their field and are announced.</summary>
    public void Render(StringBuilder sb, int index, int count, Words words)
    {
        sb.Append($"<fieldset class=\"log\"><legend>{E(count > 1 ? words.Format("Contract {0} of {1}", index + 1, count) : words.Format("Contract {0}", index + 1))}</legend>");
        foreach (var section in ContractFields.Sections)
        {
            sb.Append($"<fieldset class=\"section\"><legend>{E(words[section.Title])}</legend>");
            foreach (var field in section.Fields) RenderField(sb, index, field, words);
            sb.Append("</fieldset>");
        }
        sb.Append("</fieldset>");
    }

    public static string Id(int index, string field) => $"log{index}-{field}";

    void RenderField(StringBuilder sb, int index, FormField field, Words words)
    {
        var id = Id(index, field.Name);
        var name = $"log{index}.{field.Name}";
        var value = this[field.Name];
        var error = Errors.GetValueOrDefault(field.Name);
        var describedBy = string.Join(" ", new[] { field.Help.Length > 0 ? id + "-help" : null, error is null ? null : id + "-error" }.OfType<string>());
        var aria = (describedBy.Length > 0 ? $" aria-describedby=\"{describedBy}\"" : "") + (error is null ? "" : " aria-invalid=\"true\"");
        var required = field.Required ? " required" : "";
        var help = field.Help.Length > 0 ? $"<span class=\"help\" id=\"{id}-help\">{E(words[field.Help])}</span>" : "";
        var errorText = error is null ? "" : $"<span class=\"error\" id=\"{id}-error\">{E(words.Error(error))}</span>";
        var mark = field.Required ? $" <span class=\"req\">{E(words["(required)"])}</span>" : "";
        var label = E(words[field.Label]);
        sb.Append($"<div class=\"field{(error is null ? "" : " invalid")}\">");
        switch (field.Kind)
        {
            case FieldKind.YesNo:
                sb.Append($"<fieldset id=\"{id}\"{aria}><legend>{label}</legend>{help}{errorText}<span class=\"choices\">");
                foreach (var (v, answer) in new[] { ("1", "Yes"), ("0", "No"), ("", "Don't know") })
                {
                    var isChecked = (value ?? "") == v || (v == "1" && value is "yes" or "true") || (v == "0" && value is "no" or "false");
                    sb.Append($"<label><input type=\"radio\" name=\"{name}\" value=\"{v}\"{(isChecked ? " checked" : "")}> {E(words[answer])}</label>");
                }
                sb.Append("</span></fieldset>");
                break;
            case FieldKind.Choice:
                sb.Append($"<label for=\"{id}\">{label}{mark}</label>{help}{errorText}<select id=\"{id}\" name=\"{name}\"{required}{aria}><option value=\"\">{E(words["Choose…"])}</option>");
                foreach (var (v, choice) in field.Choices!)
                    sb.Append($"<option value=\"{v}\"{(string.Equals(value, v, StringComparison.OrdinalIgnoreCase) ? " selected" : "")}>{E(words[choice])}</option>");
                sb.Append("</select>");
                break;
            case FieldKind.LongText:
                sb.Append($"<label for=\"{id}\">{label}</label>{help}{errorText}<textarea id=\"{id}\" name=\"{name}\" rows=\"4\" maxlength=\"5000\"{aria}>{E(value)}</textarea>");
                break;
            default:
                var type = field.Kind switch
                {
                    FieldKind.Month => "type=\"month\" pattern=\"\\d{4}-\\d{2}\"",
                    FieldKind.Number => "type=\"text\" inputmode=\"decimal\"",
                    _ => "type=\"text\"",
                };
                var placeholder = field.Placeholder is null ? "" : $" placeholder=\"{E(field.Placeholder)}\"";
                var maxLength = field.Kind == FieldKind.Text ? " maxlength=\"100\"" : "";
                // The platform suggests the names already published, so spellings converge (SubmitPage writes the list).
                if (field.Name == "platform") maxLength += $" list=\"{SubmitPage.KnownPlatformsId}\" autocomplete=\"off\"";
                sb.Append($"<label for=\"{id}\">{label}{mark}</label>{help}{errorText}<input id=\"{id}\" name=\"{name}\" {type} value=\"{E(value)}\"{placeholder}{maxLength}{required}{aria}>");
                break;
        }
        sb.Append("</div>");
    }
}
