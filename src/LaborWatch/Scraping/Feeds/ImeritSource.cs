using System.Globalization;
using System.Text.Json;
using LaborWatch.Pay;
using LaborWatch.Postings;

namespace LaborWatch.Scraping.Feeds;

/// <summary>
/// iMerit's static feed (GET https://imerit.ai/jobs.json): <c>{"generated_at", "total", "jobs": [{"id", "title",
/// "apply_link", "location", "country", "job_type", "posted_date", "pay_rate", "currency"}]}</c>. pay_rate comes in
/// two forms: a pre-formatted "$7/Hour" (read by the pay-text parser) or a bare number "16", an hourly rate in
/// the worker's local currency that the feed does not name: kept with its own currency field, else none (never
/// assumed USD). Shape as read in two public scrapers of this feed (a gig-rate tracker's _imerit source and a
/// Brazilian job collector's coletar_imerit).
/// </summary>
public sealed class ImeritSource : IPostingSource
{
    public string Name => "imerit";

    public bool Recognises(SourceDocument document, JsonElement? json) =>
        json is { ValueKind: JsonValueKind.Object } o && o.Get("generated_at") is not null && o.Get("jobs") is { ValueKind: JsonValueKind.Array } jobs
        && (jobs.GetArrayLength() == 0 || jobs[0].Get("apply_link") is not null || jobs[0].Get("pay_rate") is not null);

    public IEnumerable<ScrapedPosting> Read(SourceDocument document, JsonElement? json)
    {
        foreach (var job in json!.Value.Items("jobs"))
        {
            // The id under each name captures of this feed show: "id", or "job_id" and "slug" in other scrapers' records.
            if ((job.Str("id") ?? job.Str("job_id") ?? job.Str("slug")) is not { } id || job.Str("title") is not { } title) continue;
            var rate = job.Str("pay_rate")?.Trim();
            PayParse? pay = null;
            if (rate is not null && decimal.TryParse(rate, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var bare))
                pay = new PayParse(bare, bare, job.Str("currency")?.ToUpperInvariant(), "hour", false, false);
            else pay = FeedText.PayIn(rate);
            yield return new ScrapedPosting(Name, id, job.Str("apply_link") ?? $"https://imerit.ai/jobs.json#{id}", document.FolderName, title,
                job.Str("job_type"), true, FeedText.First(job, "location", "country"), FeedText.Day(job.Str("posted_date")), pay, rate);
        }
    }
}
