using LaborWatch.Data;
using System.Data.Common;
using LaborWatch.Postings;

namespace LaborWatch.Scraping;

public sealed record ScrapeError(string Location, string Message);

public sealed record ScrapeSummary(int Documents, int Postings, int NewPostings, IReadOnlyList<ScrapeError> Errors)
{
    /// <summary>How each live source fared (empty offline).</summary>
    public IReadOnlyList<SourceRun> Runs { get; init; } = [];
}

/// <summary>How one live source fared in a run: the postings it gave and its first error, if any.</summary>
public sealed record SourceRun(string Platform, string Url, string RunAt, int Postings, string? Error, int WithPay = 0);

/// <summary>A document read by a scrape: its bytes and postings, or why it gave none.</summary>
public sealed record ScrapedDocument(string Location, string Sha256, string? ContentType, byte[] Body, List<ScrapedPosting> Postings, string? Error, string? DefaultPlatform)
{
    /// <summary>The body as it is stored (<see cref="RawBodies.Pack"/>), when the reader packed it on its own thread; else the writer does.</summary>
    public (byte[] Stored, string? Encoding)? Packed { get; init; }
}

/// <summary>Writes the documents of one scrape in one transaction: raw bytes, postings with an observation each, errors.</summary>
public static class ScrapeRecorder
{
    public static ScrapeSummary Record(DbConnection connection, IEnumerable<ScrapedDocument> documents, string observedAt) =>
        Record(connection, documents, _ => observedAt);

    /// <summary>The same, each document with the day it was seen: all in one transaction, so all or none are written.</summary>
    public static ScrapeSummary Record(DbConnection connection, IEnumerable<ScrapedDocument> documents, Func<ScrapedDocument, string> dayOf,
        IReadOnlyList<SourceRun>? runs = null)
    {
        var errors = new List<ScrapeError>();
        int count = 0, postings = 0, fresh = 0;
        using var tx = connection.BeginWrite();
        using var store = new PostingStore(connection, tx);
        foreach (var doc in documents)
        {
            count++;
            if (doc.Error is not null)
            {
                errors.Add(new ScrapeError(doc.Location, doc.Error));
                store.SaveError(dayOf(doc), doc.Location, doc.Error);
                continue;
            }
            store.SaveRaw(doc.Sha256, doc.Location, doc.ContentType, doc.Body, doc.Packed);
            foreach (var p in doc.Postings)
            {
                postings++;
                if (store.Save(p, p.Platform ?? doc.DefaultPlatform ?? "unknown", dayOf(doc), doc.Sha256)) fresh++;
            }
        }
        foreach (var run in runs ?? [])
            Dapper.SqlMapper.Execute(connection, "INSERT INTO source_runs(platform, url, run_at, postings, error, with_pay) VALUES (@Platform, @Url, @RunAt, @Postings, @Error, @WithPay)", run, tx);
        if (postings > 0 || runs is { Count: > 0 }) Data.DataVersion.BumpPublic(connection, tx);
        tx.Commit();
        return new ScrapeSummary(count, postings, fresh, errors) { Runs = runs ?? [] };
    }
}
