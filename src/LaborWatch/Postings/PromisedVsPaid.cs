using System.Globalization;
using LaborWatch.Contracts;
using LaborWatch.Data;
using LaborWatch.Pay;
using LaborWatch.Privacy;
using LaborWatch.Reports;
using LaborWatch.Stats;
using Microsoft.Data.Sqlite;

namespace LaborWatch.Postings;

/// <summary>One platform-month: what its postings advertised per hour beside what its workers logged, each with its n.</summary>
public sealed record PromisedVsPaidRow(string Platform, string Month, int Postings, double? AdvertisedMedianUsd,
    int Logs, bool Suppressed, double? EffectiveMedianUsd, double? Gap);

/// <summary>
/// Postings meet logs (issue 12): per platform and month, the median hourly pay the platform advertised in its
/// public postings (time-based rates only, midpoints, "up to" at its ceiling, in USD at the FX rate of the
/// observation's year; n = postings seen that month) beside the median effective hourly pay its workers logged
/// for contracts started that month (the published figure: disclosure control and the cell key method apply,
/// n = logs with a USD pay), and the gap (advertised - effective) / advertised computed from those two published
/// medians. Platforms are matched by slug. Postings are public facts; the logs side is never exact here.
/// </summary>
public static class PromisedVsPaid
{
    public static List<PromisedVsPaidRow> Compute(SqliteConnection connection, ContractRows.Loaded rows, StatsFilter filter)
    {
        var byMonth = filter with { By = ["platform", "month"] };
        var pay = ComplementarySuppression.Apply(PayFigures.Compute(rows, byMonth).Groups, byMonth.By)
            .ToDictionary(g => (ContractValidator.Slug(g.Key.Platform!), g.Key.Month!));
        var advertised = Advertised(connection, filter);
        var keys = advertised.Keys.Union(pay.Keys).Order().ToList();
        var result = new List<PromisedVsPaidRow>();
        foreach (var key in keys)
        {
            advertised.TryGetValue(key, out var ads);
            pay.TryGetValue(key, out var logs);
            var platform = logs?.Key.Platform ?? ads!.Platform;
            double? adMedian = ads is null ? null : Quantiles.Median(ads.Hourly);
            double? effective = logs is { Suppressed: false } ? logs.Median : null;
            double? gap = adMedian is > 0 && effective is { } e ? (adMedian.Value - e) / adMedian.Value : null;
            result.Add(new PromisedVsPaidRow(platform, key.Item2, ads?.Postings ?? 0, adMedian, logs is null ? 0 : logs.Suppressed ? logs.Logs : logs.EhpN, logs?.Suppressed ?? false, effective, gap));
        }
        return result;
    }

    sealed record Ads(string Platform, List<double> Hourly, int Postings);

    static Dictionary<(string Slug, string Month), Ads> Advertised(SqliteConnection connection, StatsFilter filter)
    {
        var found = new Dictionary<(string, string), (string Platform, List<double> Hourly, HashSet<long> Postings)>();
        using var q = new RawQuery(connection, """
            SELECT p.id, p.platform, substr(o.observed_at, 1, 7), o.pay_min, o.pay_max, o.pay_currency, o.pay_unit, o.pay_up_to
            FROM posting_observations o JOIN postings p ON p.id = o.posting_id
            """, []);
        while (q.Step())
        {
            var platform = q.Text(1)!;
            var month = q.Text(2)!;
            if (!filter.SelectsPlatform(platform) || !filter.InRange(int.Parse(month[..4], CultureInfo.InvariantCulture) * 100 + int.Parse(month[5..], CultureInfo.InvariantCulture))) continue;
            var pay = new PostingPay(q.IsNull(3) ? null : q.Double(3), q.IsNull(4) ? null : q.Double(4), q.Text(5), q.Text(6), q.Int64(7) == 1, false);
            if (pay.Unit is null or "task" or "word" or "project" || pay.Currency is null) continue;
            var level = pay.UpTo ? pay.HourlyMax : pay.HourlyMin is { } lo && pay.HourlyMax is { } hi ? (lo + hi) / 2 : pay.HourlyMin ?? pay.HourlyMax;
            if (level is not { } local || PayReference.Shipped.UnitsPerUsd(pay.Currency, int.Parse(month[..4], CultureInfo.InvariantCulture)) is not { } rate) continue;
            var key = (ContractValidator.Slug(platform), month);
            if (!found.TryGetValue(key, out var entry)) found[key] = entry = (platform, [], []);
            // One value per posting and month: a posting observed twice in a month counts once (its last pay).
            if (entry.Postings.Add(q.Int64(0))) entry.Hourly.Add(local / rate);
            else entry.Hourly[^1] = local / rate;
        }
        return found.ToDictionary(f => f.Key, f => new Ads(f.Value.Platform, f.Value.Hourly, f.Value.Postings.Count));
    }
}
