using System.Text.Json;
using LaborWatch.Pay;
using LaborWatch.Postings;

namespace LaborWatch.Scraping.Feeds;

/// <summary>
/// Outlier's job board (POST https://app.outlier.ai/internal/experts/job-board/jobs with body {}):
/// <c>{"jobs": [{"id", "title", "absolute_url", "location": {"name"}, "pod_group", "skillNames", "content",
/// "maxHourlyRateUsd"}]}</c>. Greenhouse-like, so it is told apart by the fields Greenhouse never sends
/// (maxHourlyRateUsd, skillNames, pod_group). The rate is a ceiling ("up to"); else the pay text in content.
/// Shape and link as read in danilorg11/wahojobs-ai-tracker, wahojobs/crawler/providers/outlier.py (a job
/// without absolute_url links to https://app.outlier.ai/en/expert/opportunities/{id}).
/// </summary>
public sealed class OutlierSource : IPostingSource
{
    public string Name => "outlier";

    public bool Recognises(SourceDocument document, JsonElement? json) => json is { ValueKind: JsonValueKind.Object } o && Marked(o);

    /// <summary>Outlier's answer looks like a Greenhouse board: these fields, which Greenhouse never sends, tell it apart.</summary>
    internal static bool Marked(JsonElement o) => o.Items("jobs").Any(j =>
        j.Get("maxHourlyRateUsd") is not null || j.Get("skillNames") is not null || j.Get("pod_group") is not null);

    public IEnumerable<ScrapedPosting> Read(SourceDocument document, JsonElement? json)
    {
        foreach (var job in json!.Value.Items("jobs"))
        {
            if (job.Str("id") is not { } id || job.Str("title") is not { } title) continue;
            var content = FeedText.Plain(job.Str("content"));
            var pay = job.Num("maxHourlyRateUsd") is { } max
                ? new PayParse(null, max, "USD", "hour", UpTo: true, AtLeast: false)
                : FeedText.PayIn(content);
            var location = job.Get("location") is { ValueKind: JsonValueKind.Object } l ? l.Str("name") : job.Str("location");
            yield return new ScrapedPosting(Name, id, job.Str("absolute_url") ?? $"https://app.outlier.ai/en/expert/opportunities/{id}",
                document.FolderName, title, "contract", true, location ?? "Remote", FeedText.Day(job.Str("updated_at")), pay,
                job.Num("maxHourlyRateUsd") is { } m ? $"up to ${m}/hr" : content);
        }
    }
}
