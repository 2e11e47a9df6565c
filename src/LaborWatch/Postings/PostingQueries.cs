using System.Data.Common;
using Dapper;
using LaborWatch.Data;

namespace LaborWatch.Postings;

public sealed record PostingPay(double? Min, double? Max, string? Currency, string? Unit, bool UpTo, bool AtLeast)
{
    /// <summary>Per hour where the unit is time (day /8, week /40, month /(40*52/12), year /2080); null otherwise.</summary>
    public static double? Hourly(double? amount, string? unit) => amount is not { } a ? null : unit switch
    {
        "hour" => a,
        "day" => a / 8,
        "week" => a / 40,
        "month" => a / (40.0 * 52 / 12),
        "year" => a / 2080,
        _ => null,
    };

    public double? HourlyMin => Hourly(Min, Unit);
    public double? HourlyMax => Hourly(Max, Unit);

    /// <summary>What a cut is measured on: the midpoint (the maximum for "up to"), per hour where the unit is time.</summary>
    public double? Level => UpTo ? Comparable(Max) : Min is { } lo && Max is { } hi ? Comparable((lo + hi) / 2) : Comparable(Min ?? Max);

    /// <summary>The level per hour: null where the unit is not time (per task, per word, unknown).</summary>
    public double? HourlyLevel => Hourly(1, Unit) is null ? null : Level;

    double? Comparable(double? amount) => Hourly(amount, Unit) ?? (Unit is "task" or "word" or "project" ? amount : null);

    /// <summary>"USD 21 per hour", "up to USD 0.09 per word", "EUR 15-19.5 per hour", "not stated".</summary>
    public string Describe()
    {
        if (Min is null && Max is null) return "not stated";
        static string N(double v) => v.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);
        var amount = UpTo ? $"up to {N((Max ?? Min)!.Value)}" : AtLeast ? $"from {N((Min ?? Max)!.Value)}"
            : Min is null || Max is null || Min == Max ? N((Min ?? Max)!.Value) : $"{N(Min.Value)}–{N(Max.Value)}";
        return $"{Currency} {amount}{(Unit is null ? "" : " per " + Unit)}";
    }

    public bool SameAs(PostingPay other) => Min == other.Min && Max == other.Max && Currency == other.Currency && Unit == other.Unit;
}

public sealed record PostingRow(long Id, string Platform, string Source, string? ExternalId, string Url, string? Title, string? EmploymentType,
    bool? Remote, PostingPay Pay, string FirstSeen, string LastSeen, int Observations, string RawSha256);

/// <summary>A change of a posting's pay; RawSha256 is the hash of the page the new pay was read from.</summary>
public sealed record PayChange(string Platform, string Url, string ObservedAt, PostingPay Before, PostingPay After, bool Cut, string? RawSha256 = null);

/// <summary>Postings with their latest pay, and every change of pay between consecutive observations (docs/methodology.md).</summary>
public static class PostingQueries
{
    sealed record ObservationRow(long PostingId, string Platform, string Url, string ObservedAt, double? PayMin, double? PayMax,
        string? PayCurrency, string? PayUnit, long PayUpTo, long PayAtLeast, string RawSha256);

    static string Observations(DbConnection connection) => $"""
        SELECT p.id AS PostingId, p.platform AS Platform, p.url AS Url, o.observed_at AS ObservedAt, o.pay_min AS PayMin, o.pay_max AS PayMax,
               o.pay_currency AS PayCurrency, o.pay_unit AS PayUnit, o.pay_up_to AS PayUpTo, o.pay_at_least AS PayAtLeast, o.raw_sha256 AS RawSha256
        FROM posting_observations o JOIN postings p ON p.id = o.posting_id
        ORDER BY p.platform{connection.Bytewise()}, p.url{connection.Bytewise()}, o.observed_at
        """;

    /// <summary>
    /// Whether a posting's platform is the one asked for, in any case. Compared here rather than with SQL's lower(),
    /// which folds only ASCII on SQLite and every letter on PostgreSQL: the same question gave different postings.
    /// </summary>
    static bool Named(string name, string? platform) => platform is null || string.Equals(name, platform, StringComparison.OrdinalIgnoreCase);

    public static List<PostingRow> List(DbConnection connection, string? platform = null)
    {
        var latest = connection.Query<ObservationRow>(Observations(connection)).Where(o => Named(o.Platform, platform)).GroupBy(o => o.PostingId)
            .ToDictionary(g => g.Key, g => (Last: g.Last(), Count: g.Count()));
        return connection.Query<(long Id, string Platform, string Source, string? ExternalId, string Url, string? Title, string? EmploymentType, long? Remote, string FirstSeen, string LastSeen)>(
                "SELECT id, platform, source, external_id, url, title, employment_type, remote, first_seen, last_seen FROM postings " +
                $"ORDER BY platform{connection.Bytewise()}, url{connection.Bytewise()}")
            .Where(p => Named(p.Platform, platform) && latest.ContainsKey(p.Id))
            .Select(p => new PostingRow(p.Id, p.Platform, p.Source, p.ExternalId, p.Url, p.Title, p.EmploymentType,
                p.Remote is null ? null : p.Remote == 1, Pay(latest[p.Id].Last), p.FirstSeen, p.LastSeen, latest[p.Id].Count, latest[p.Id].Last.RawSha256))
            .ToList();
    }

    public static List<PayChange> Changes(DbConnection connection, string? platform = null)
    {
        var changes = new List<PayChange>();
        foreach (var posting in connection.Query<ObservationRow>(Observations(connection)).Where(o => Named(o.Platform, platform)).GroupBy(o => o.PostingId))
        {
            var history = posting.ToList();
            for (var i = 1; i < history.Count; i++)
            {
                PostingPay before = Pay(history[i - 1]), after = Pay(history[i]);
                if (before.SameAs(after)) continue;
                var cut = before.Currency == after.Currency && before.Level is { } was && after.Level is { } now && now < was && (before.Unit == after.Unit || before.HourlyMax is not null && after.HourlyMax is not null);
                changes.Add(new PayChange(history[i].Platform, history[i].Url, history[i].ObservedAt, before, after, cut, history[i].RawSha256));
            }
        }
        return changes;
    }

    static PostingPay Pay(ObservationRow o) => new(o.PayMin, o.PayMax, o.PayCurrency, o.PayUnit, o.PayUpTo == 1, o.PayAtLeast == 1);
}
