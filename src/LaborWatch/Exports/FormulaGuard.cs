using CsvHelper;
using CsvHelper.Configuration;
using CsvHelper.TypeConversion;

namespace LaborWatch.Exports;

/// <summary>
/// CsvHelper's converter for text cells: a cell a spreadsheet would run as a formula (=, +, -, @, a tab or a
/// carriage return first) is written with an apostrophe in front (<see cref="CsvExport.FormulaRule"/>). Only
/// text: numbers go through their own converters and are never altered (CsvHelper's InjectionOptions would
/// also prefix a negative number, and quote the field).
/// </summary>
public sealed class FormulaGuard : StringConverter
{
    public override string? ConvertToString(object? value, IWriterRow row, MemberMapData memberMapData) =>
        value is string s ? Neutralise(s) : base.ConvertToString(value, row, memberMapData);

    public static string Neutralise(string s) => s.Length > 0 && s[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + s : s;

    /// <summary>Booleans as JSON writes them (true, false), not .NET's True and False.</summary>
    public sealed class LowercaseBoolean : BooleanConverter
    {
        public override string? ConvertToString(object? value, IWriterRow row, MemberMapData memberMapData) =>
            value is bool b ? (b ? "true" : "false") : base.ConvertToString(value, row, memberMapData);
    }

    /// <summary>The converters every CSV of LaborWatch is written with.</summary>
    public static void Register(CsvContext context)
    {
        context.TypeConverterCache.AddConverter<string>(new FormulaGuard());
        context.TypeConverterCache.AddConverter<bool>(new LowercaseBoolean());
    }
}
