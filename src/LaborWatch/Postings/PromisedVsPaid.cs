using System.Data.Common;
using LaborWatch.Contracts;
using LaborWatch.Pay;
using LaborWatch.Privacy;
using LaborWatch.Stats;

namespace LaborWatch.Postings;

/// <summary>One platform-month: what its postings advertised per hour beside what its workers logged, each with its n.</summary>
public sealed record PromisedVsPaidRow(string Platform, string Month, int Postings, double? AdvertisedMedianUsd,
    int Logs, bool Suppressed, double? EffectiveMedianUsd, double? Gap);

/// <summary>
/// Postings meet logs: per platform and month, the median hourly pay the platform advertised in its
/// public postings (time-based rates only, midpoints, "up to" at its ceiling, in USD at the FX rate of the
/// observation's year; n = postings seen that month) beside the median effective hourly pay its workers logged
/// for contracts started that month (the published figure: disclosure control and the cell key method apply,
/// n = logs with a USD pay), and the gap (advertised - effective) / advertised computed from those two published
/// medians. Platforms are matched by slug. Postings are public facts; the logs side is never exact here.
/// </summary>
public static class PromisedVsPaid
{
    public static List<PromisedVsPaidRow> Compute(DbConnection connection, ContractRows.Loaded rows, StatsFilter filter)
    {
        var byMonth = filter with { By = ["platform", "month"] };
        var pay = ComplementarySuppression.Apply(PayFigures.Medians(rows, byMonth).Groups, byMonth.By)
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

    static Dictionary<(string Slug, string Month), Ads> Advertised(DbConnection connection, StatsFilter filter)
    {
        var found = new Dictionary<(string, string), (string Platform, Dictionary<long, double> ByPosting)>();
        foreach (var o in AdvertisedHourly.Read(connection, filter))
        {
            if (o.HourlyUsd is not { } usd) continue;
            var key = (ContractValidator.Slug(o.Platform), o.Month);
            if (!found.TryGetValue(key, out var entry)) found[key] = entry = (o.Platform, []);
            // Oldest first: a posting observed twice in a month counts once, at its last pay.
            entry.ByPosting[o.PostingId] = usd;
        }
        return found.ToDictionary(f => f.Key, f => new Ads(f.Value.Platform, f.Value.ByPosting.Values.ToList(), f.Value.ByPosting.Count));
    }
}
