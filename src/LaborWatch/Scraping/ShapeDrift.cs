using System.Data.Common;
using Dapper;
using LaborWatch.Postings;

namespace LaborWatch.Scraping;

/// <summary>
/// A platform that changes its JSON makes a reader read less, or read no pay, without any request failing. Against the
/// source's last good run, a run is recorded as an error, with its reason, when it read fewer than half the postings, or
/// read postings but none with pay where that run read pay.
/// </summary>
public static class ShapeDrift
{
    /// <summary>A source's last run without an error: its postings and how many had pay.</summary>
    public sealed record LastGood(long Postings, long? WithPay);

    /// <summary>The last good run of a source, or null when it has none (read before a scrape's write transaction opens).</summary>
    public static LastGood? Before(DbConnection connection, string platform, string url) =>
        connection.Query<(long Postings, long? WithPay)>(
            "SELECT postings, with_pay FROM source_runs WHERE platform = @platform AND url = @url AND error IS NULL ORDER BY run_at DESC, id DESC LIMIT 1",
            new { platform, url }).Select(r => new LastGood(r.Postings, r.WithPay)).FirstOrDefault();

    /// <summary>The drift of a run that had no error of its own, or null when it reads as the last good run did.</summary>
    public static string? Of(LastGood? last, int postings, int withPay)
    {
        if (last is null) return null;
        if (last.Postings >= 4 && postings * 2 < last.Postings)
            return $"read {postings} posting(s), against {last.Postings} the run before: the answer lost more than half, so the feed's shape may have changed";
        if (postings > 0 && withPay == 0 && last.WithPay > 0)
            return $"read {postings} posting(s) and none with pay, where the run before read pay for {last.WithPay}: the feed's shape may have changed";
        return null;
    }

    public static string? Of(DbConnection connection, string platform, string url, int postings, int withPay) =>
        Of(Before(connection, platform, url), postings, withPay);

    /// <summary>Postings that carry an amount: what "read pay" means above.</summary>
    public static int WithPay(IEnumerable<ScrapedPosting> postings) => postings.Count(p => p.Pay is { Min: not null } or { Max: not null });
}
