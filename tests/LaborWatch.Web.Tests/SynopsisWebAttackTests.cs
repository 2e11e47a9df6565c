using System.Globalization;
using System.Text;
using System.Text.Json;

namespace LaborWatch.Web.Tests;

/// <summary>
/// The averaging attack of Asghar and Kaafar as an outsider makes it: plain HTTP requests against a running server, on
/// data generated here. "Platform P in countries C + S" minus "P in S" for many different unions S, averaged and
/// rounded, for every small (platform, country) cell; and the same through a chart's CSV.
/// </summary>
[TestClass]
public sealed class SynopsisWebAttackTests
{
    static readonly string[] Small = ["KE", "PH", "IN", "NG", "BR", "MX", "CO", "AR"];

    [TestMethod]
    public async Task Averaging_differences_over_http_recovers_at_most_one_small_cell_in_ten()
    {
        var random = new Random(2026);
        var csv = new StringBuilder("submitter,platform,task_type,country,started,ended,status,pay_basis,currency,gross_pay,paid_hours\n");
        var truth = new Dictionary<(string, string), int>();
        var worker = 0;
        foreach (var platform in new[] { "Alpha", "Beta", "Gamma" })
            foreach (var country in Small.Prepend("GB"))
            {
                var workers = country == "GB" ? 60 : random.Next(1, 7);
                truth[(platform, country)] = workers;
                for (var w = 0; w < workers; w++, worker++)
                    csv.Append(CultureInfo.InvariantCulture, $"w{worker},{platform},rlhf_rating,{country},2025-03-10,2025-04-20,completed,hourly,USD,{150 + random.Next(300)},10\n");
            }
        await using var app = await TestApp.StartAsync(csv.ToString());

        async Task<int?> Logs(string platform, IEnumerable<string> countries)
        {
            using var json = JsonDocument.Parse(await app.Client.GetStringAsync($"/api/stats?platform={platform}&country={string.Join(",", countries)}"));
            var pay = json.RootElement.GetProperty("pay")[0];
            return pay.GetProperty("suppressed").GetBoolean() ? null : pay.GetProperty("logs").GetInt32();
        }

        int cells = 0, exact = 0, asked = 0;
        foreach (var ((platform, country), logs) in truth.Where(t => t.Key.Item2 != "GB"))
        {
            var differences = new List<int>();
            var others = Small.Where(c => c != country).ToArray();
            for (var u = 0; u < 15; u++)
            {
                string[] s = ["GB", .. others.Where(_ => random.Next(2) == 0)];
                if (await Logs(platform, [country, .. s]) is { } with && await Logs(platform, s) is { } without)
                    differences.Add(with - without);
                asked += 2;
            }
            Assert.IsTrue(differences.Count >= 10, "the views the attack needs are published");
            cells++;
            if ((int)Math.Round(differences.Average()) == logs) exact++;
        }
        Console.WriteLine($"{exact} of {cells} small cells recovered exactly over {asked} requests");
        Assert.IsTrue(exact <= cells / 10, $"{exact} of {cells} small cells recovered exactly");

        // The same cells through the pay-distribution chart's CSV: its bands are the same synopsis, and the band counts of
        // "P in C + GB" minus "P in GB" give no more than the API did.
        var bandCells = 0; var bandExact = 0;
        foreach (var ((platform, country), logs) in truth.Where(t => t.Key.Item2 != "GB").Take(12))
        {
            async Task<int> Bands(string countries)
            {
                var text = await app.Client.GetStringAsync($"/charts/pay-distribution.csv?platform={platform}&country={countries}");
                return text.Split("\r\n").Skip(1).Where(l => l.StartsWith("logs,", StringComparison.Ordinal))
                    .Sum(l => int.Parse(l.Split(',')[^1], CultureInfo.InvariantCulture));
            }
            bandCells++;
            if (await Bands($"{country},GB") - await Bands("GB") == logs) bandExact++;
        }
        Console.WriteLine($"through the chart CSV: {bandExact} of {bandCells} recovered exactly");
        Assert.IsTrue(bandExact <= 3, $"{bandExact} of {bandCells} recovered exactly through the chart CSV");
    }
}
