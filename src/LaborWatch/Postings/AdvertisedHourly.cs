using System.Data.Common;
using System.Globalization;
using LaborWatch.Data;
using LaborWatch.Contracts;
using LaborWatch.ReferenceData;

namespace LaborWatch.Postings;

/// <summary>One observation of a posting: the month it was seen and the hourly pay it advertised in USD, where that can be said.</summary>
public sealed record AdvertisedObservation(long PostingId, string Platform, string Month, double? HourlyUsd);

/// <summary>
/// What postings advertised per hour, in one place for the posting-pay chart and promised-against-paid: every
/// observation the filter selects (platform, parent, month range), oldest first, with the midpoint of a time-based
/// rate (its ceiling for "up to") in USD at the FX rate of the observation's year; null for per-task rates, an
/// unknown currency or no pay stated, so currencies are never mixed.
/// </summary>
public static class AdvertisedHourly
{
    public static List<AdvertisedObservation> Read(DbConnection connection, StatsFilter filter)
    {
        var rows = new List<AdvertisedObservation>();
        using var q = new RawQuery(connection, """
            SELECT p.id, p.platform, substr(o.observed_at, 1, 7), o.pay_min, o.pay_max, o.pay_currency, o.pay_unit, o.pay_up_to
            FROM posting_observations o JOIN postings p ON p.id = o.posting_id
            ORDER BY o.observed_at, o.id
            """, []);
        while (q.Step())
        {
            var platform = q.Text(1)!;
            var month = q.Text(2)!;
            var year = int.Parse(month[..4], CultureInfo.InvariantCulture);
            if (!filter.SelectsPlatform(platform) || !filter.InRange(year * 100 + int.Parse(month[5..], CultureInfo.InvariantCulture))) continue;
            var pay = new PostingPay(q.IsNull(3) ? null : q.Double(3), q.IsNull(4) ? null : q.Double(4), q.Text(5), q.Text(6), q.Int64(7) == 1, false);
            double? usd = pay.HourlyLevel is { } local && pay.Currency is { } currency && PayReference.Shipped.UnitsPerUsd(currency, year) is { } rate ? local / rate : null;
            rows.Add(new AdvertisedObservation(q.Int64(0), platform, month, usd));
        }
        return rows;
    }
}
