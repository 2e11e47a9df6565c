using System.Text.Json;
using LaborWatch.Pay;
using LaborWatch.Postings;

namespace LaborWatch.Scraping.Feeds;

/// <summary>
/// Mercor's explore page (GET https://aws.api.mercor.com/work/listings-explore-page):
/// <c>{"listings": [{"listingId", "title", "companyName", "location", "status", "isPrivate", "rateMin", "rateMax",
/// "payRateFrequency", "postedAt", "commitment"}]}</c>, USD. Private, deleted and inactive listings are skipped;
/// each links to https://work.mercor.com/jobs/{listingId}. Shape as read in danilorg11/wahojobs-ai-tracker
/// (wahojobs/crawler/providers/mercor.py) and in a public job aggregator's Mercor source (rateMin, rateMax,
/// payRateFrequency "hourly").
/// </summary>
public sealed class MercorSource : IPostingSource
{
    public string Name => "mercor";

    public bool Recognises(SourceDocument document, JsonElement? json) =>
        json is { ValueKind: JsonValueKind.Object } o && o.Items("listings").FirstOrDefault() is { ValueKind: JsonValueKind.Object } l
        && l.Get("listingId") is not null;

    public IEnumerable<ScrapedPosting> Read(SourceDocument document, JsonElement? json)
    {
        foreach (var l in json!.Value.Items("listings"))
        {
            if (l.Str("listingId") is not { } id || l.Str("title") is not { } title) continue;
            if (l.Get("isPrivate")?.ValueKind == JsonValueKind.True || l.Get("deletedAt") is not null) continue;
            if (l.Str("status") is { } status && status != "active") continue;
            var unit = Unit(l.Str("payRateFrequency"));
            decimal? min = l.Num("rateMin"), max = l.Num("rateMax");
            var pay = (min ?? max) is null ? null : new PayParse(min ?? max, max ?? min, "USD", unit, false, false);
            var location = l.Str("location");
            yield return new ScrapedPosting(Name, id, $"https://work.mercor.com/jobs/{id}", document.FolderName, title,
                l.Str("commitment"), l.Str("workArrangement") == "remote" || location?.Contains("remote", StringComparison.OrdinalIgnoreCase) == true,
                location, FeedText.Day(l.Str("postedAt") ?? l.Str("createdAt")), pay,
                pay is null ? null : $"{min}-{max} USD {l.Str("payRateFrequency")}");
        }
    }

    /// <summary>Mercor's payRateFrequency as a unit: hourly, per-task, one-time (a project fee), yearly; else unknown.</summary>
    static string? Unit(string? frequency) => frequency?.ToLowerInvariant().Replace('_', '-') switch
    {
        "hourly" or "hour" => "hour",
        "per-task" or "pertask" or "task" => "task",
        "one-time" or "onetime" or "fixed" => "project",
        "weekly" => "week",
        "monthly" => "month",
        "yearly" or "annual" or "annually" => "year",
        _ => null,
    };
}
