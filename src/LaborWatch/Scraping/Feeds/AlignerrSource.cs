using System.Text.Json;
using LaborWatch.Postings;

namespace LaborWatch.Scraping.Feeds;

/// <summary>
/// Alignerr's job list (GET https://www.alignerr.com/api/jobs?limit=120&amp;offset=N): <c>{"jobs": [{"id", "title",
/// "applyUrl", "category", "location", "description", "pay"}], "limit", "offset", "total"}</c>, pay as text
/// ("$40-$60/hr"). The older answer was a bare array of {"id", "name", "isActive", "absolute_url"}; inactive
/// jobs there are skipped. Shapes as read in danilorg11/wahojobs-ai-tracker, wahojobs/crawler/providers/alignerr.py.
/// </summary>
public sealed class AlignerrSource : IPostingSource
{
    public string Name => "alignerr";

    public bool Recognises(SourceDocument document, JsonElement? json) => json switch
    {
        // Not Ashby's posting API, whose jobs carry applyUrl too, beside jobUrl and an apiVersion.
        { ValueKind: JsonValueKind.Object } o => o.Items("jobs").FirstOrDefault() is { ValueKind: JsonValueKind.Object } j && j.Get("applyUrl") is not null
                                                 && j.Get("jobUrl") is null && o.Get("apiVersion") is null
                                                 || o.Items("jobs").Any() is false && o.Get("offset") is not null && o.Get("total") is not null,
        { ValueKind: JsonValueKind.Array } a => a.EnumerateArray().FirstOrDefault() is { ValueKind: JsonValueKind.Object } j && j.Get("isActive") is not null && j.Get("name") is not null,
        _ => false,
    };

    public IEnumerable<ScrapedPosting> Read(SourceDocument document, JsonElement? json)
    {
        var legacy = json!.Value.ValueKind == JsonValueKind.Array;
        foreach (var job in legacy ? json.Value.EnumerateArray() : json.Value.Items("jobs"))
        {
            if (legacy && job.Get("isActive")?.ValueKind == JsonValueKind.False) continue;
            if (job.Str("id") is not { } id || FeedText.First(job, "title", "name") is not { } title) continue;
            var payText = job.Str("pay");
            var pay = FeedText.PayIn(payText) ?? FeedText.PayIn(FeedText.Plain(job.Str("description")));
            var url = FeedText.First(job, "applyUrl", "absolute_url") ?? $"/jobs/{id}";
            if (url.StartsWith('/')) url = "https://www.alignerr.com" + url;
            yield return new ScrapedPosting(Name, id, url, document.FolderName, title, FeedText.First(job, "jobType"), true,
                job.Str("location") ?? "Remote", null, pay, payText);
        }
    }
}
