using Dapper;
using LaborWatch.Scraping;
using Microsoft.Data.Sqlite;

namespace LaborWatch.Postings;

/// <summary>
/// Writes scraped postings with their history: one posting per identity, one observation per posting and
/// day (a later scrape the same day replaces that day's), every observation linked to its raw bytes.
/// </summary>
public sealed class PostingStore(SqliteConnection connection, SqliteTransaction transaction)
{
    public void SaveRaw(string sha256, string location, string? contentType, byte[] body) =>
        connection.Execute("INSERT OR IGNORE INTO raw_responses(sha256, source_url, content_type, body) VALUES (@sha256, @location, @contentType, @body)",
            new { sha256, location, contentType, body }, transaction);

    public void SaveError(string observedAt, string location, string message) =>
        connection.Execute("INSERT INTO scrape_errors(observed_at, location, message) VALUES (@observedAt, @location, @message)",
            new { observedAt, location, message }, transaction);

    /// <summary>Records the posting as seen on <paramref name="observedAt"/>; true when the posting is new.</summary>
    public bool Save(ScrapedPosting p, string platform, string observedAt, string rawSha256)
    {
        var existed = connection.ExecuteScalar<long?>("SELECT id FROM postings WHERE identity = @Identity", new { p.Identity }, transaction);
        var id = connection.ExecuteScalar<long>("""
            INSERT INTO postings(identity, source, external_id, url, platform, title, employment_type, remote, location, posted_date, first_seen, last_seen)
            VALUES (@Identity, @Source, @ExternalId, @Url, @platform, @Title, @EmploymentType, @Remote, @Location, @PostedDate, @observedAt, @observedAt)
            ON CONFLICT(identity) DO UPDATE SET
                url = excluded.url, platform = excluded.platform, title = excluded.title,
                employment_type = excluded.employment_type, remote = excluded.remote, location = excluded.location,
                posted_date = coalesce(excluded.posted_date, posted_date),
                first_seen = min(first_seen, excluded.first_seen), last_seen = max(last_seen, excluded.last_seen)
            RETURNING id
            """, new { p.Identity, p.Source, p.ExternalId, Url = ScrapedPosting.CanonicalUrl(p.Url), platform, p.Title, p.EmploymentType,
                Remote = p.Remote is null ? (int?)null : p.Remote.Value ? 1 : 0, p.Location, p.PostedDate, observedAt }, transaction);
        connection.Execute("""
            INSERT INTO posting_observations(posting_id, observed_at, pay_min, pay_max, pay_currency, pay_unit, pay_up_to, pay_at_least, pay_text, raw_sha256)
            VALUES (@id, @observedAt, @Min, @Max, @Currency, @Unit, @UpTo, @AtLeast, @PayText, @rawSha256)
            ON CONFLICT(posting_id, observed_at) DO UPDATE SET
                pay_min = excluded.pay_min, pay_max = excluded.pay_max, pay_currency = excluded.pay_currency, pay_unit = excluded.pay_unit,
                pay_up_to = excluded.pay_up_to, pay_at_least = excluded.pay_at_least, pay_text = excluded.pay_text, raw_sha256 = excluded.raw_sha256
            """, new { id, observedAt, Min = (double?)p.Pay?.Min, Max = (double?)p.Pay?.Max, p.Pay?.Currency, p.Pay?.Unit,
                UpTo = p.Pay?.UpTo == true ? 1 : 0, AtLeast = p.Pay?.AtLeast == true ? 1 : 0, p.PayText, rawSha256 }, transaction);
        return existed is null;
    }
}
