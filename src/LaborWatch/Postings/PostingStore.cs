using System.Data.Common;
using LaborWatch.Data;

namespace LaborWatch.Postings;

/// <summary>
/// Writes scraped postings with their history: one posting per identity, one observation per posting and
/// day (a later scrape the same day replaces that day's), every observation linked to its raw bytes. The
/// statements are prepared once per scrape and reused for every posting.
/// </summary>
public sealed class PostingStore : IDisposable
{
    readonly DbCommand _raw, _error, _exists, _posting, _observation;

    public PostingStore(DbConnection connection, DbTransaction transaction)
    {
        DbCommand Prepare(string sql, params string[] parameters)
        {
            var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            foreach (var p in parameters) command.Bind(p, null);
            if (!connection.IsPostgres()) command.Prepare();   // Npgsql prepares a statement once it knows its parameters' types
            return command;
        }
        _raw = Prepare("INSERT INTO raw_responses(sha256, source_url, content_type, body, body_encoding) VALUES (@sha, @location, @type, @body, @encoding) ON CONFLICT DO NOTHING",
            "@sha", "@location", "@type", "@body", "@encoding");
        _error = Prepare("INSERT INTO scrape_errors(observed_at, location, message) VALUES (@day, @location, @message)", "@day", "@location", "@message");
        _exists = Prepare("SELECT id FROM postings WHERE identity = @identity", "@identity");
        _posting = Prepare($"""
            INSERT INTO postings(identity, source, external_id, url, platform, title, employment_type, remote, location, posted_date, first_seen, last_seen)
            VALUES (@identity, @source, @external, @url, @platform, @title, @type, @remote, @location, @posted, @day, @day)
            ON CONFLICT(identity) DO UPDATE SET
                url = excluded.url, platform = excluded.platform, title = excluded.title,
                employment_type = excluded.employment_type, remote = excluded.remote, location = excluded.location,
                posted_date = coalesce(excluded.posted_date, postings.posted_date),
                first_seen = {connection.Sql("min", "least")}(postings.first_seen, excluded.first_seen),
                last_seen = {connection.Sql("max", "greatest")}(postings.last_seen, excluded.last_seen)
            RETURNING id
            """, "@identity", "@source", "@external", "@url", "@platform", "@title", "@type", "@remote", "@location", "@posted", "@day");
        _observation = Prepare("""
            INSERT INTO posting_observations(posting_id, observed_at, pay_min, pay_max, pay_currency, pay_unit, pay_up_to, pay_at_least, pay_text, raw_sha256)
            VALUES (@id, @day, @min, @max, @currency, @unit, @upTo, @atLeast, @text, @sha)
            ON CONFLICT(posting_id, observed_at) DO UPDATE SET
                pay_min = excluded.pay_min, pay_max = excluded.pay_max, pay_currency = excluded.pay_currency, pay_unit = excluded.pay_unit,
                pay_up_to = excluded.pay_up_to, pay_at_least = excluded.pay_at_least, pay_text = excluded.pay_text, raw_sha256 = excluded.raw_sha256
            """, "@id", "@day", "@min", "@max", "@currency", "@unit", "@upTo", "@atLeast", "@text", "@sha");
    }

    static object Db(object? value) => value ?? DBNull.Value;

    static void Run(DbCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++) command.Parameters[i].Value = Db(values[i]);
        command.ExecuteNonQuery();
    }

    /// <param name="packed">the body as <see cref="RawBodies.Pack"/> gave it, when the caller packed it already (on its own thread)</param>
    public void SaveRaw(string sha256, string location, string? contentType, byte[] body, (byte[] Stored, string? Encoding)? packed = null)
    {
        var (stored, encoding) = packed ?? RawBodies.Pack(body);
        Run(_raw, sha256, location, contentType, stored, encoding);
    }

    public void SaveError(string observedAt, string location, string message) => Run(_error, observedAt, location, message);

    /// <summary>Records the posting as seen on <paramref name="observedAt"/>; true when the posting is new.</summary>
    public bool Save(ScrapedPosting p, string platform, string observedAt, string rawSha256)
    {
        _exists.Parameters[0].Value = p.Identity;
        var existed = _exists.ExecuteScalar() is not null;
        object?[] posting = [p.Identity, p.Source, p.ExternalId, ScrapedPosting.CanonicalUrl(p.Url), platform, p.Title, p.EmploymentType,
            p.Remote is null ? null : p.Remote.Value ? 1 : 0, p.Location, p.PostedDate, observedAt];
        for (var i = 0; i < posting.Length; i++) _posting.Parameters[i].Value = Db(posting[i]);
        var id = (long)_posting.ExecuteScalar()!;
        Run(_observation, id, observedAt, (double?)p.Pay?.Min, (double?)p.Pay?.Max, p.Pay?.Currency, p.Pay?.Unit,
            p.Pay?.UpTo == true ? 1 : 0, p.Pay?.AtLeast == true ? 1 : 0, p.PayText, rawSha256);
        return !existed;
    }

    public void Dispose()
    {
        foreach (var command in new[] { _raw, _error, _exists, _posting, _observation }) command.Dispose();
    }
}
