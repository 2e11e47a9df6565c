namespace LaborWatch.Exports;

/// <summary>
/// How much of the tables the HTML (and PDF) report prints: the five rows that matter most beside each figure
/// (<see cref="Top"/>, the default), every row in an appendix (<see cref="All"/>), or none. The CSV and JSON exports always
/// carry every row, so a printed report need not.
/// </summary>
public enum ReportTables { Top, All, None }

public static class ReportTablesText
{
    public const string Choices = "all, top or none";

    public static ReportTables Parse(string? text, string where) => text?.Trim().ToLowerInvariant() switch
    {
        null or "" or "top" => ReportTables.Top,
        "all" => ReportTables.All,
        "none" => ReportTables.None,
        _ => throw new ArgumentException($"{where}: '{text}' is not {Choices}"),
    };

    public static string Name(this ReportTables tables) => tables.ToString().ToLowerInvariant();
}
