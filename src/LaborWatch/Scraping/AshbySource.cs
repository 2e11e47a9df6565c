using System.Text.Json;
using LaborWatch.Pay;
using LaborWatch.Postings;

namespace LaborWatch.Scraping;

/// <summary>
/// Ashby posting API (GET /posting-api/job-board/{org}?includeCompensation=true): the salary component of the
/// first compensation tier (equity, bonus and commission components are not pay), else the summary text.
/// </summary>
/// <remarks>
/// The answer as public clients of this API read it: {"apiVersion", "jobs": [{"id", "title", "jobUrl", "applyUrl",
/// "isListed", "compensation": {"compensationTierSummary", "compensationTiers": [{"components": [...]}],
/// "summaryComponents": [{"compensationType", "interval", "currencyCode", "minValue", "maxValue"}]}}]} (Ashby's own
/// developer documentation of the public job posting API, and the client in nicolad/nomadically.work,
/// src/lib/common-crawl/ashby-client.ts, which asks the same endpoint with includeCompensation). The jobs carry
/// applyUrl beside jobUrl, which is why the Alignerr reader, whose jobs also carry applyUrl, must not claim this answer.
/// </remarks>
public sealed class AshbySource : IPostingSource
{
    public string Name => "ashby";

    public bool Recognises(SourceDocument document, JsonElement? json) =>
        json is { ValueKind: JsonValueKind.Object } o && o.Items("jobs").FirstOrDefault() is { ValueKind: JsonValueKind.Object } job
        && job.Get("jobUrl") is not null;

    public IEnumerable<ScrapedPosting> Read(SourceDocument document, JsonElement? json)
    {
        foreach (var job in json!.Value.Items("jobs"))
        {
            var compensation = job.Get("compensation");
            var summary = compensation?.Str("compensationTierSummary") ?? compensation?.Str("scrapeableCompensationSalarySummary");
            PayParse? pay = null;
            // The tiers' components, else the board's summaryComponents (the same objects, without tiers).
            var salary = (compensation?.Items("compensationTiers").SelectMany(t => t.Items("components")) ?? [])
                .Concat(compensation?.Items("summaryComponents") ?? [])
                .FirstOrDefault(c => c.Str("compensationType") is "Salary" or "Hourly" or "Wage");
            if (salary is { ValueKind: JsonValueKind.Object } s && (s.Num("minValue") ?? s.Num("maxValue")) is not null)
            {
                var (unit, factor) = Interval(s.Str("interval"));
                pay = new PayParse(s.Num("minValue") * factor, s.Num("maxValue") * factor, s.Str("currencyCode")?.ToUpperInvariant() ?? "USD", unit, false, false);
            }
            else if (summary is not null && PayText.Parse(summary) is { } parsed && (parsed.Min ?? parsed.Max) is not null)
                pay = parsed;
            yield return new ScrapedPosting(Name, job.Str("id"), job.Str("jobUrl")!, json.Value.Str("organizationName") ?? document.FolderName,
                job.Str("title"), job.Str("employmentType"), job.Get("isRemote") is { } r ? r.ValueKind == JsonValueKind.True : null,
                job.Str("location"), job.Str("publishedAt") is { Length: >= 10 } d ? d[..10] : null, pay, summary);
        }
    }

    /// <summary>Ashby's interval as a unit and the factor to it: "2 WEEK" is paid every two weeks (published per week), "1 TIME" a project fee.</summary>
    static (string? Unit, decimal Factor) Interval(string? interval) => interval?.ToUpperInvariant() switch
    {
        "1 HOUR" => ("hour", 1m),
        "1 DAY" => ("day", 1m),
        "1 WEEK" => ("week", 1m),
        "2 WEEK" => ("week", 0.5m),
        "1 MONTH" => ("month", 1m),
        "1 YEAR" => ("year", 1m),
        "1 TIME" => ("project", 1m),
        _ => (null, 1m),
    };
}
