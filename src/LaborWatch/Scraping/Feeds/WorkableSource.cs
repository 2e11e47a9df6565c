using System.Text.Json;
using LaborWatch.Postings;

namespace LaborWatch.Scraping.Feeds;

/// <summary>
/// A Workable account's public widget (GET https://apply.workable.com/api/v1/widget/accounts/{slug}?details=true),
/// used by Mindrift (Toloka) and CloudFactory: <c>{"name", "jobs": [{"title", "shortcode", "url", "shortlink",
/// "application_url", "employment_type", "telecommuting", "country", "city", "published_on", "description"}]}</c>.
/// Pay is only in the description, read by the pay-text parser. Widget fields as Workable documents them; the
/// accounts (toloka-ai) as read in danilorg11/wahojobs-ai-tracker's source policy.
/// </summary>
public sealed class WorkableSource : IPostingSource
{
    public string Name => "workable";

    public bool Recognises(SourceDocument document, JsonElement? json) =>
        json is { ValueKind: JsonValueKind.Object } o && o.Items("jobs").FirstOrDefault() is { ValueKind: JsonValueKind.Object } j
        && j.Get("shortcode") is not null;

    public IEnumerable<ScrapedPosting> Read(SourceDocument document, JsonElement? json)
    {
        foreach (var job in json!.Value.Items("jobs"))
        {
            if (job.Str("shortcode") is not { } code || job.Str("title") is not { } title) continue;
            var description = FeedText.Plain(job.Str("description"));
            var location = string.Join(", ", new[] { job.Str("city"), job.Str("country") }.Where(x => x is not null));
            yield return new ScrapedPosting(Name, code, FeedText.First(job, "url", "shortlink", "application_url") ?? $"https://apply.workable.com/j/{code}",
                json.Value.Str("name") ?? document.FolderName, title, job.Str("employment_type"),
                job.Get("telecommuting") is { } t ? t.ValueKind == JsonValueKind.True : null,
                location.Length > 0 ? location : null, FeedText.Day(job.Str("published_on")), FeedText.PayIn(description), description);
        }
    }
}
