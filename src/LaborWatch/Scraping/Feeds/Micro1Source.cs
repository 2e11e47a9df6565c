using System.Text.Json;
using LaborWatch.Pay;
using LaborWatch.Postings;

namespace LaborWatch.Scraping.Feeds;

/// <summary>
/// micro1's job portal (POST https://prod-api.micro1.ai/api/v1/job/portal?page=N&amp;limit=100 with body
/// {"action": "get_all_jobs", "filters": {"type": ["EXPERT"]}}): <c>{"status": true, "total", "data": [{"job_id",
/// "job_name", "apply_url", "location_type", "engagement_type", "ideal_hourly_rate": {"min", "max"},
/// "updated_at"}]}</c>, USD an hour. Pages until one comes back empty. Shape as read in
/// danilorg11/wahojobs-ai-tracker, wahojobs/crawler/providers/micro1.py (the pay object as the issue describes it).
/// </summary>
public sealed class Micro1Source : IPostingSource
{
    public string Name => "micro1";

    public bool Recognises(SourceDocument document, JsonElement? json) =>
        json is { ValueKind: JsonValueKind.Object } o && o.Get("data") is { ValueKind: JsonValueKind.Array } data
        && (data.GetArrayLength() == 0 ? o.Get("total") is not null && o.Get("status") is not null
            : data[0].Get("job_id") is not null && data[0].Get("job_name") is not null);

    public IEnumerable<ScrapedPosting> Read(SourceDocument document, JsonElement? json)
    {
        foreach (var job in json!.Value.Items("data"))
        {
            if (job.Str("job_id") is not { } id || job.Str("job_name") is not { } title) continue;
            var rate = job.Get("ideal_hourly_rate");
            decimal? min = rate?.Num("min"), max = rate?.Num("max");
            var description = FeedText.Plain(FeedText.First(job, "job_description", "description"));
            var pay = (min ?? max) is not null ? new PayParse(min ?? max, max ?? min, "USD", "hour", false, false) : FeedText.PayIn(description);
            yield return new ScrapedPosting(Name, id, job.Str("apply_url") ?? $"https://jobs.micro1.ai/post/{id}", document.FolderName, title,
                job.Str("engagement_type"), job.Str("location_type")?.Contains("remote", StringComparison.OrdinalIgnoreCase),
                job.Str("location_type"), FeedText.Day(job.Str("updated_at")), pay, (min ?? max) is null ? description : $"{min}-{max} USD an hour");
        }
    }
}
