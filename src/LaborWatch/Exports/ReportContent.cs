using LaborWatch.Reports;
using System.Data.Common;
using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using LaborWatch.Charts;
using LaborWatch.Contracts;
using LaborWatch.Data;
using LaborWatch.Postings;

namespace LaborWatch.Exports;

/// <summary>
/// Everything an export publishes for one filter, computed once: the disclosure-controlled statistics, the
/// charts built from them, the public postings and pay changes, and a fingerprint of the data behind it all.
/// Raw logs and notes are never part of it.
/// </summary>
public sealed record ReportContent(
    StatsFilter Filter, StatsReport Stats, IReadOnlyList<PostingRow> Postings, IReadOnlyList<PayChange> PayChanges,
    IReadOnlyList<ChartSpec> Charts, string DataFingerprint, string ToolVersion)
{
    /// <summary>Tables are cut by platform unless the filter says otherwise.</summary>
    public static StatsFilter Defaults(StatsFilter filter) => filter.By.Count == 0 ? filter with { By = ["platform"] } : filter;

    public static ReportContent Compute(DbConnection connection, StatsFilter filter)
    {
        filter = Defaults(filter);
        var selected = filter.SelectsPlatform;
        var rows = ContractRows.Load(connection, filter);   // once, for the tables and the charts
        return new ReportContent(
            filter,
            StatsReport.Compute(rows, filter, survival: true) with { PromisedVsPaid = LaborWatch.Postings.PromisedVsPaid.Compute(connection, rows, filter) },
            PostingQueries.List(connection).Where(p => selected(p.Platform)).ToList(),
            PostingQueries.Changes(connection).Where(c => selected(c.Platform)).ToList(),
            ChartSpecs.All(connection, filter, rows),
            Fingerprint(connection, filter),
            Version);
    }

    public static string Version { get; } =
        typeof(ReportContent).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>
    /// SHA-256 over every stored value the figures were computed from, in a fixed order: the approved logs of
    /// the selected platforms (coarsened values as stored), their posting observations with the hash of each
    /// raw page, and the reference tables. The same data gives the same fingerprint in any database file;
    /// how logs group into submitters is not part of it (that is held only as keyed hashes, which differ
    /// between files). A published fingerprint (not --exact) also covers each log's secret random record key:
    /// a hash of a small selection's values alone would let anyone test a guess of one worker's pay offline,
    /// even where the figures are suppressed. It then identifies the data within one database (as the
    /// perturbed figures do), not across files.
    /// </summary>
    public static string Fingerprint(DbConnection connection, StatsFilter filter)
    {
        var (where, parameters) = filter.Where(monthColumn: null);
        var lines = new List<string>();
        using (var command = connection.CreateCommand())
        {
            string[] stored =
            [
                "p.slug", "c.task_type", "c.country", "c.region", "c.start_month", "c.end_month", "c.duration_weeks", "c.status",
                "c.notice_hours", "c.pay_basis", "c.advertised_rate_minor", "c.advertised_unit", "c.currency", "c.gross_pay_minor",
                "c.paid_hours", .. ContractColumns.UnpaidHours.Select(u => "c." + u), "c.payment_delay_days", "c.rate_cut",
                "c.flags_answered", "c.flags_yes", "c.synthetic", .. (filter.Exact ? Array.Empty<string>() : ["c.record_key"]),
            ];
            var n = 0;
            command.CommandText = $"SELECT {string.Join(", ", stored)} FROM contracts c JOIN platforms p ON p.id = c.platform_id WHERE " +
                System.Text.RegularExpressions.Regex.Replace(where, @"\?", _ => "@p" + n++);
            for (var i = 0; i < parameters.Count; i++) command.Bind("p" + i, parameters[i]);
            using var reader = command.ExecuteReader();
            var line = new StringBuilder();
            while (reader.Read())
            {
                line.Clear().Append("log|");
                for (var i = 0; i < stored.Length; i++) line.Append(i == 0 ? "" : "|").Append(SqlQuote.Of(reader.GetValue(i)));
                lines.Add(line.ToString());
            }
        }
        using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                SELECT p.platform, p.source, p.url, o.observed_at, o.pay_min, o.pay_max, o.pay_currency, o.pay_unit,
                       o.pay_up_to, o.pay_at_least, o.raw_sha256
                FROM posting_observations o JOIN postings p ON p.id = o.posting_id
                """;
            using var reader = command.ExecuteReader();
            while (reader.Read())
                if (filter.SelectsPlatform(reader.GetString(0)))
                    lines.Add(string.Join("|", "posting", reader.GetString(0), SqlQuote.Of(reader.GetValue(1)), SqlQuote.Of(reader.GetValue(2)),
                        reader.GetString(3), SqlQuote.Of(reader.GetValue(4), nullAs: ""), SqlQuote.Of(reader.GetValue(5), nullAs: ""),
                        reader.IsDBNull(6) ? "" : reader.GetString(6), reader.IsDBNull(7) ? "" : reader.GetString(7),
                        reader.GetInt64(8), reader.GetInt64(9), reader.GetString(10)));
        }
        lines.Sort(StringComparer.Ordinal);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData("laborwatch-data-fingerprint-v1\n"u8);
        foreach (var line in lines) sha.AppendData(Encoding.UTF8.GetBytes(line + "\n"));
        foreach (var table in ReferenceTables) sha.AppendData(Encoding.UTF8.GetBytes($"reference|{table.Name}|{table.Sha256}\n"));
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    public static IReadOnlyList<ReferenceFiles.Table> ReferenceTables { get; } =
        new[] { "min_wage", "fx_usd", "currencies", "countries", "legal_tests", "misclassification_rubric", "misclassification_signals", "platform_parents", "ats_field_map" }
        .Select(ReferenceFiles.Read).ToList();

    /// <summary>The CLI command that recomputes this report from the same database.</summary>
    public string Command(string outFile) => CommandFor(Filter, outFile);

    public static string CommandFor(StatsFilter filter, string outFile)
    {
        filter = Defaults(filter);
        var parts = new List<string> { "laborwatch", "--db", "DATABASE", "report", "--out", outFile };
        if (!(filter.By.Count == 1 && filter.By[0] == "platform")) parts.AddRange(["--by", string.Join(",", filter.By)]);
        if (filter.Platforms.Count > 0) parts.AddRange(["--platform", string.Join(",", filter.Platforms)]);
        if (filter.Parents.Count > 0) parts.AddRange(["--parent", string.Join(",", filter.Parents)]);
        if (filter.TaskTypes.Count > 0) parts.AddRange(["--task-type", string.Join(",", filter.TaskTypes)]);
        if (filter.Countries.Count > 0) parts.AddRange(["--country", string.Join(",", filter.Countries)]);
        if (filter.From is not null) parts.AddRange(["--from", filter.From]);
        if (filter.To is not null) parts.AddRange(["--to", filter.To]);
        if (filter.K != Privacy.Disclosure.DefaultK) parts.AddRange(["--k", filter.K.ToString(CultureInfo.InvariantCulture)]);
        return string.Join(" ", parts.Select(Quote));
    }

    static string Quote(string s) => s.Length > 0 && s.All(c => char.IsAsciiLetterOrDigit(c) || "-_./,:=".Contains(c)) ? s : "'" + s.Replace("'", "'\\''") + "'";
}
