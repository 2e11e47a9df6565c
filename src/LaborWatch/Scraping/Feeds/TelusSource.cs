using System.Text.Json;
using LaborWatch.Pay;
using LaborWatch.Postings;

namespace LaborWatch.Scraping.Feeds;

/// <summary>
/// TELUS Digital AI Community's job list (POST https://api.telusinternational.ai/apapi/v1/list-job-posts with body
/// {"is_global": true, "page": N, "limit": 100}): job posts with <c>compensation {amount, unit, currency}</c>,
/// unit per_hour (an hourly rate) or per_unit (a rate per task). The endpoint is named in public probing code
/// (a "read-only check" script); its envelope was not readable there, so this adapter accepts the list under
/// data, job_posts, jobPosts, items or results, recognised by its compensation objects, and links a post to
/// its own url field, else to the community's job page with its id. Unverified against a live answer.
/// </summary>
public sealed class TelusSource : IPostingSource
{
    public string Name => "telus";

    static readonly string[] ListFields = ["data", "job_posts", "jobPosts", "items", "results"];

    public bool Recognises(SourceDocument document, JsonElement? json) =>
        Posts(json).Any(p => p.Get("compensation") is { ValueKind: JsonValueKind.Object } c && c.Str("unit") is "per_hour" or "per_unit");

    static IEnumerable<JsonElement> Posts(JsonElement? json)
    {
        if (json is not { ValueKind: JsonValueKind.Object } o) return [];
        var list = ListFields.Select(f => o.Get(f)).FirstOrDefault(v => v is { ValueKind: JsonValueKind.Array or JsonValueKind.Object });
        // The list may sit one level down ({"data": {"job_posts": [...]}}).
        if (list is { ValueKind: JsonValueKind.Object } inner) list = ListFields.Select(f => inner.Get(f)).FirstOrDefault(v => v is { ValueKind: JsonValueKind.Array });
        return list is { ValueKind: JsonValueKind.Array } a ? a.EnumerateArray() : [];
    }

    public IEnumerable<ScrapedPosting> Read(SourceDocument document, JsonElement? json)
    {
        foreach (var post in Posts(json))
        {
            if (FeedText.First(post, "id", "job_post_id", "_id") is not { } id || FeedText.First(post, "title", "name", "job_title") is not { } title) continue;
            PayParse? pay = null;
            string? payText = null;
            if (post.Get("compensation") is { ValueKind: JsonValueKind.Object } c && c.Num("amount") is { } amount)
            {
                var unit = c.Str("unit") switch { "per_hour" => "hour", "per_unit" => "task", _ => null };
                pay = new PayParse(amount, amount, c.Str("currency")?.ToUpperInvariant(), unit, false, false);
                payText = $"{amount} {c.Str("currency")} {c.Str("unit")}";
            }
            var description = FeedText.Plain(FeedText.First(post, "description", "job_description"));
            pay ??= FeedText.PayIn(description);
            yield return new ScrapedPosting(Name, id, FeedText.First(post, "url", "job_url", "apply_url") ?? $"https://www.telusinternational.ai/cmp/job-posts/{id}",
                document.FolderName, title, FeedText.First(post, "job_type", "employment_type"), true,
                FeedText.First(post, "location", "country"), FeedText.Day(FeedText.First(post, "published_at", "created_at", "updated_at")), pay, payText ?? description);
        }
    }
}
