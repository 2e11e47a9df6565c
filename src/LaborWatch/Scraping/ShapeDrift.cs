using System.Data.Common;
using Dapper;

namespace LaborWatch.Scraping;

/// <summary>
/// A platform that changes its JSON makes a reader read less, or read no pay, without any request failing. Against the
/// source's previous run, a run is recorded as an error, with its reason, when it read fewer than half the postings, or
/// read postings but none with pay where the run before read pay.
/// </summary>
public static class ShapeDrift
{
    /// <summary>The drift of a run that had no error of its own, or null when it reads as the run before did.</summary>
    public static string? Of(DbConnection connection, string platform, string url, int postings, int withPay)
    {
        var previous = connection.Query<(long Postings, long? WithPay)>(
            "SELECT postings, with_pay FROM source_runs WHERE platform = @platform AND url = @url AND error IS NULL ORDER BY run_at DESC, id DESC LIMIT 1",
            new { platform, url }).ToList();
        if (previous is not [var last]) return null;
        if (last.Postings >= 4 && postings * 2 < last.Postings)
            return $"read {postings} posting(s), against {last.Postings} the run before: the answer lost more than half, so the feed's shape may have changed";
        if (postings > 0 && withPay == 0 && last.WithPay > 0)
            return $"read {postings} posting(s) and none with pay, where the run before read pay for {last.WithPay}: the feed's shape may have changed";
        return null;
    }
}
