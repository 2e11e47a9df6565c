using System.Globalization;
using System.Text.Json;
using LaborWatch.Contracts;
using LaborWatch.Privacy;
using LaborWatch.Reports;

namespace LaborWatch.Tests.Privacy;

/// <summary>
/// Attacks on the published figures, as an outsider with the query interface would make them, on
/// random data the protection was not tuned on. Each attack is also run on the exact figures, where it must
/// succeed: that shows the test can fail, and that the protection is what stops it.
/// </summary>
[TestClass]
public sealed class DisclosureAttackTests
{
    static readonly string[] SmallCountries = ["KE", "PH", "IN", "NG", "BR", "MX", "CO", "AR", "PE", "ZA"];
    const string Big = "GB";

    sealed record TrueCell(int Logs, int PlatformEnded, int RateCuts);

    /// <summary>
    /// Ten platforms; each with 40 workers in one big country and 1 to 6 workers in each of ten small countries
    /// (the cells the attacker wants), 1 or 2 logs a worker, random status, rate cuts and pay.
    /// </summary>
    static (string Csv, Dictionary<(string Platform, string Country), TrueCell> Truth) Dataset(int seed)
    {
        var random = new Random(seed);
        var rows = new List<Dictionary<string, string>>();
        var truth = new Dictionary<(string, string), TrueCell>();
        var worker = 0;
        for (var p = 0; p < 10; p++)
        {
            var platform = $"Platform{p}";
            foreach (var country in SmallCountries.Prepend(Big))
            {
                var workers = country == Big ? 40 : random.Next(1, 7);
                int logs = 0, ended = 0, cuts = 0;
                for (var w = 0; w < workers; w++, worker++)
                    for (var l = random.Next(1, 3); l > 0; l--)
                    {
                        var status = random.Next(3) switch { 0 => "completed", 1 => "cancelled_by_platform", _ => "ended_by_worker" };
                        var cut = random.Next(3);
                        rows.Add(Rows.Valid($"w{worker}",
                            ("platform", platform), ("country", country), ("status", status),
                            ("started", $"2025-0{random.Next(1, 4)}-0{random.Next(1, 9)}"), ("ended", "2025-05-20"),
                            ("gross_pay", (100 + random.Next(400)).ToString(CultureInfo.InvariantCulture)),
                            ("rate_cut", cut == 2 ? "" : cut.ToString(CultureInfo.InvariantCulture)),
                            ("notes", $"{worker}-{l}")));   // keeps every row distinct for the importer's row hash
                        logs++;
                        if (status == "cancelled_by_platform") ended++;
                        if (cut == 1) cuts++;
                    }
                truth[(platform, country)] = new TrueCell(logs, ended, cuts);
            }
        }
        return (Rows.Csv([.. rows]), truth);
    }

    static TestDatabase Load(string csv)
    {
        var db = new TestDatabase();
        ContractImporter.Import(db.Connection, db.WriteFile("logs.csv", csv));
        Releases.Cut(db.Connection, Disclosure.DefaultK, DateTimeOffset.UnixEpoch);
        return db;
    }

    /// <summary>What "P in {C, big}" minus "P in {big}" gives for C: logs, platform-ended, rate cuts.</summary>
    static TrueCell? Difference(TestDatabase db, string platform, string country, bool exact)
    {
        var both = StatsReport.Compute(db.Connection, new StatsFilter { Platforms = [platform], Countries = [country, Big], Exact = exact });
        var big = StatsReport.Compute(db.Connection, new StatsFilter { Platforms = [platform], Countries = [Big], Exact = exact });
        var (a, b) = (both.Pay.Groups.Single(), big.Pay.Groups.Single());
        var (ca, cb) = (both.Cancellation.Single(), big.Cancellation.Single());
        if (a.Suppressed || b.Suppressed || ca.Suppressed || cb.Suppressed) return null;
        static int Cuts(LaborWatch.Pay.PayGroup g) => (int)Math.Round((g.RateCutShare ?? 0) * g.RateCutN);
        return new TrueCell(a.Logs - b.Logs, ca.PlatformEnded!.Value - cb.PlatformEnded!.Value, Cuts(a) - Cuts(b));
    }

    [TestMethod]
    [DataRow(20261126)]
    [DataRow(7)]
    [DataRow(424242)]
    public void Differencing_recovers_at_most_one_small_cell_in_ten_and_every_one_without_protection(int seed)
    {
        var (csv, truth) = Dataset(seed);
        using var db = Load(csv);
        int cells = 0, recovered = 0, recoveredExactly = 0;
        var differences = new HashSet<int>();
        foreach (var ((platform, country), cell) in truth.Where(t => t.Key.Country != Big))
        {
            cells++;
            var published = Difference(db, platform, country, exact: false);
            Assert.IsNotNull(published, "both views are large enough to publish: the attack is possible");
            if (published == cell) recovered++;
            differences.Add(published.Logs - cell.Logs);
            if (Difference(db, platform, country, exact: true) == cell) recoveredExactly++;
        }
        Console.WriteLine($"seed {seed}: {recovered} of {cells} small cells recovered exactly; {differences.Count} distinct errors");
        Assert.AreEqual(100, cells);
        Assert.AreEqual(cells, recoveredExactly, "without perturbation every small cell comes back by subtraction (the attack works)");
        Assert.IsTrue(recovered <= cells / 10, $"{recovered} of {cells} small cells recovered exactly by differencing");
        // Nothing in the output says which guesses are right: the error takes many values, 0 among them.
        Assert.IsTrue(differences.Count >= 5, $"the error of the differenced count takes only {differences.Count} values");
    }

    [TestMethod]
    public void Asking_again_or_in_another_order_gives_the_same_figures()
    {
        var (csv, _) = Dataset(99);
        using var db = Load(csv);
        string Json(StatsFilter f)
        {
            using var buffer = new MemoryStream();
            StatsReport.Compute(db.Connection, f, survival: true).WriteJson(buffer);
            return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
        }
        var one = StatsFilter.Parse("platform", "Platform1,Platform2", null, null, null, country: "KE,GB");
        var twice = Json(one);
        Assert.AreEqual(twice, Json(one), "the same request twice: the same bytes, so averaging gains nothing");
        var reordered = StatsFilter.Parse("platform", "platform2, PLATFORM1", null, null, null, country: "GB,KE");
        Assert.AreEqual(Figures(twice), Figures(Json(reordered)), "the same cells asked in another order and spelling");

        // The same cell through another grouping (platform x country vs country x platform) publishes the same values.
        var byPc = StatsReport.Compute(db.Connection, StatsFilter.Parse("platform,country", null, null, null, null)).Pay.Groups;
        var byCp = StatsReport.Compute(db.Connection, StatsFilter.Parse("country,platform", null, null, null, null)).Pay.Groups;
        foreach (var g in byPc)
        {
            var same = byCp.Single(h => h.Key.Platform == g.Key.Platform && h.Key.Country == g.Key.Country);
            Assert.AreEqual((g.Logs, g.Submitters, g.Median, g.RateCutShare), (same.Logs, same.Submitters, same.Median, same.RateCutShare));
        }

        static string Figures(string json) => JsonDocument.Parse(json).RootElement.GetProperty("pay").GetRawText();
    }

}
