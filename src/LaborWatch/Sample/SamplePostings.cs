using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Json;
using LaborWatch.Scraping;

namespace LaborWatch.Sample;

/// <summary>
/// A SYNTHETIC posting history for the demo: three postings per fictional sample platform, seen on the 15th of
/// every month from January 2025 to October 2026, with advertised rates that mostly hold and now and then are
/// cut (10-25%) or raised (5-15%). Recorded through the scraper's own recorder from synthetic board answers
/// (each says SYNTHETIC), so the postings page, its charts and the Atom feed of changes have something to show.
/// Deterministic for its seed.
/// </summary>
public static class SamplePostings
{
    public const int Seed = 20261126;
    static readonly DateOnly First = new(2025, 1, 15), Last = new(2026, 10, 15);
    static readonly string[] Roles = ["Rater", "Annotator", "Domain Expert"];

    public static ScrapeSummary Load(DbConnection connection)
    {
        var random = new Random(Seed);
        var documents = new List<(ScrapedDocument Document, string Day)>();
        var platforms = SampleGenerator.Platforms;
        var rates = platforms.SelectMany(p => Roles.Select((_, j) => p.RateLow + (p.RateHigh - p.RateLow) * j / 2.0)).ToArray();
        for (var day = First; day <= Last; day = day.AddMonths(1))
            for (var p = 0; p < platforms.Length; p++)
            {
                var platform = platforms[p];
                var jobs = new List<object>();
                for (var j = 0; j < Roles.Length; j++)
                {
                    var i = p * Roles.Length + j;
                    var roll = random.NextDouble();
                    if (roll < 0.06) rates[i] *= 1 - (0.10 + 0.15 * random.NextDouble());        // a cut
                    else if (roll < 0.10) rates[i] *= 1 + (0.05 + 0.10 * random.NextDouble());   // a raise
                    var cents = (long)Math.Round(rates[i] * 100);
                    var id = 9_000_000 + i;
                    var unit = platform.Basis == "per_task" ? "task" : "hour";
                    jobs.Add(new
                    {
                        id,
                        title = $"{platform.Tasks[j % platform.Tasks.Length].Replace('_', ' ')} {Roles[j]} (SYNTHETIC)",
                        company_name = platform.Name,
                        absolute_url = $"https://{Contracts.ContractValidator.Slug(platform.Name)}.example/jobs/{id}",
                        location = new { name = "Remote" },
                        content = "SYNTHETIC sample posting for the LaborWatch demo: invented platform, invented pay.",
                        pay_input_ranges = new[]
                        {
                            new { min_cents = unit == "task" ? cents / 20 : cents, max_cents = unit == "task" ? cents / 20 : cents + 500, currency_type = "USD",
                                  title = unit == "task" ? "Rate per task" : "Hourly rate" },
                        },
                    });
                }
                var body = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { synthetic = true, jobs }));
                var location = $"synthetic:{Contracts.ContractValidator.Slug(platform.Name)}/{day:yyyy-MM}";
                var document = new SourceDocument(location, "application/json", body, platform.Name);
                var postings = OfflineScraper.Extract(document, out var error);
                documents.Add((new ScrapedDocument(location, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(body)),
                    "application/json", body, postings, error, platform.Name), day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
            }
        var days = documents.ToDictionary(d => d.Document, d => d.Day);
        return ScrapeRecorder.Record(connection, documents.Select(d => d.Document), d => days[d]);
    }
}
