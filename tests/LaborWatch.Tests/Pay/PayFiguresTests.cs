using LaborWatch.Contracts;
using LaborWatch.Pay;

namespace LaborWatch.Tests.Pay;

/// <summary>
/// The pay figures of docs/methodology.md against hand computations on a small known dataset: eleven
/// workers on one platform, one log each, all started in 2025.
/// </summary>
[TestClass]
public sealed class PayFiguresTests
{
    // submitter, currency, country, gross, paid hours, unpaid (column, hours), advertised (rate, unit, basis)
    //  s1  USD US-CA  200 10h                      EHP 20   advertised 25/hour -> gap 0.2
    //  s2  USD US-CA  150 10h                      EHP 15   below 16.50; advertised 20/hour -> gap 0.25
    //  s3  USD US-CA  300 10h + 5 guidelines       EHP 20
    //  s4  USD US-CA  100  4h + 1 idle             EHP 20
    //  s5  USD US-CA   90  6h                      EHP 15   below
    //  s6  USD US-CA  260 10h                      EHP 26
    //  s7  USD US-CA    0  0h                      total hours 0: in no pay figure
    //  s8  EUR DE     88.60 5h                     EHP 17.72 EUR = 20 USD (0.886 EUR per USD in 2025); DE wage 12.82 EUR;
    //                                              advertised 20 EUR/hour -> gap 0.114
    //  s9  XAF CM    1000 10h + 2 rework           no FX rate: out of ehpUsd; CM has no wage in the table: out of below-min
    //  s10 USD FR     120 10h per_task             EHP 12; no wage for FR; advertised per task: no gap
    //  s11 USD US-CA  160 10h                      EHP 16   below 16.50
    static string Dataset() => Rows.Csv(
        Rows.Valid("s1", ("gross_pay", "200"), ("advertised_rate", "25"), ("advertised_unit", "hour")),
        Rows.Valid("s2", ("gross_pay", "150"), ("advertised_rate", "20"), ("advertised_unit", "hour")),
        Rows.Valid("s3", ("gross_pay", "300"), ("unpaid_guidelines_hours", "5")),
        Rows.Valid("s4", ("gross_pay", "100"), ("paid_hours", "4"), ("unpaid_idle_hours", "1")),
        Rows.Valid("s5", ("gross_pay", "90"), ("paid_hours", "6")),
        Rows.Valid("s6", ("gross_pay", "260")),
        Rows.Valid("s7", ("gross_pay", "0"), ("paid_hours", "0")),
        Rows.Valid("s8", ("currency", "EUR"), ("country", "DE"), ("gross_pay", "88.60"), ("paid_hours", "5"),
            ("advertised_rate", "20"), ("advertised_unit", "hour")),
        Rows.Valid("s9", ("currency", "XAF"), ("country", "CM"), ("gross_pay", "1000"), ("unpaid_rework_hours", "2")),
        Rows.Valid("s10", ("country", "FR"), ("gross_pay", "120"), ("pay_basis", "per_task"), ("advertised_rate", "0.50"), ("advertised_unit", "task")),
        Rows.Valid("s11", ("gross_pay", "160")));

    static PayResult Compute(string by = "", int k = 11, string? platform = null, string? from = null, string? to = null)
    {
        using var db = new TestDatabase();
        ContractImporter.Import(db.Connection, db.WriteFile("logs.csv", Dataset()));
        // k below 2 is refused on the command line; a test may set it directly to look inside small groups.
        return PayFigures.Compute(db.Connection, StatsFilter.Parse(by, platform, from, to, null, exact: true) with { K = k });
    }

    [TestMethod]
    public void Overall_figures_match_the_hand_computation()
    {
        var result = Compute();
        var g = result.Groups.Single();

        Assert.AreEqual(11, g.Logs);
        Assert.AreEqual(11, g.Submitters);
        Assert.IsFalse(g.Suppressed);
        Assert.AreEqual(2, result.Excluded, "s7 (0 hours) and s9 (no XAF rate)");

        // ehpUsd sorted: 12 15 15 16 20 20 20 20 26 (n = 9); type 7: p25 at h = 2, median at h = 4, p75 at h = 6
        Assert.AreEqual(9, g.EhpN);
        Assert.AreEqual(15.0, g.P25!.Value, 1e-9);
        Assert.AreEqual(20.0, g.Median!.Value, 1e-9);
        Assert.AreEqual(20.0, g.P75!.Value, 1e-9);
        // pooled: USD pay 200+150+300+100+90+260+100+120+160 = 1480 over 10+10+15+5+6+10+5+10+10 = 81 hours
        Assert.AreEqual(1480.0 / 81, g.Pooled!.Value, 1e-9);
        // unpaid: 5 + 1 + 2 = 8 hours of 81 + 12 (s9 counts: local-currency figure) = 93
        Assert.AreEqual(8.0 / 93, g.UnpaidShare!.Value, 1e-9);
        // below minimum wage: compared s1-s6, s11 (US-CA 16.50 USD) and s8 (DE 12.82 EUR) = 8; below: s2, s5, s11
        Assert.AreEqual(8, g.BelowMinimumWageN);
        Assert.AreEqual(3.0 / 8, g.BelowMinimumWageShare!.Value, 1e-9);
        // gap: s1 0.2, s2 0.25, s8 (20 - 17.72) / 20 = 0.114 -> median 0.2
        Assert.AreEqual(3, g.AdvertisedGapN);
        Assert.AreEqual(0.2, g.AdvertisedGap!.Value, 1e-9);
        // advertised in USD: 25, 20, 20 EUR / 0.886 = 22.573 -> median 22.573; effective: 20, 15, 20 -> 20
        Assert.AreEqual(20 / 0.886, g.AdvertisedMedianUsd!.Value, 1e-9);
        Assert.AreEqual(20.0, g.EffectiveMedianUsdOfAdvertised!.Value, 1e-9);
    }

    [TestMethod]
    public void Grouping_by_country_splits_the_figures_and_suppresses_single_worker_cells()
    {
        var result = Compute(by: "country", k: 2);
        CollectionAssert.AreEqual(new[] { "CM", "DE", "FR", "US" }, result.Groups.Select(g => g.Key.Country).ToArray());
        // One worker is 100% of a cell's logs: above the 80% rule whatever k is.
        Assert.IsTrue(result.Groups.Where(g => g.Key.Country != "US").All(g => g.Suppressed && g.Logs == 1 && g.Median is null));

        // US: s1-s7 and s11; EHP (s7 has no hours) sorted 15 15 16 20 20 20 26
        var us = result.Groups.Single(g => g.Key.Country == "US");
        Assert.AreEqual(8, us.Logs);
        Assert.AreEqual(7, us.EhpN);
        Assert.AreEqual(15.5, us.P25!.Value, 1e-9, "h = 1.5: halfway from 15 to 16");
        Assert.AreEqual(20.0, us.Median!.Value, 1e-9);
        Assert.AreEqual(20.0, us.P75!.Value, 1e-9);
        Assert.AreEqual(3.0 / 7, us.BelowMinimumWageShare!.Value, 1e-9);
    }

    [TestMethod]
    public void A_group_of_zero_hour_logs_has_null_figures_not_zeros()
    {
        using var db = new TestDatabase();
        var rows = Enumerable.Range(1, 11).Select(i => Rows.Valid("z" + i, ("gross_pay", "0"), ("paid_hours", "0"))).ToArray();
        ContractImporter.Import(db.Connection, db.WriteFile("logs.csv", Rows.Csv(rows)));
        var result = PayFigures.Compute(db.Connection, new StatsFilter { Exact = true });
        var g = result.Groups.Single();
        Assert.AreEqual(11, g.Logs);
        Assert.AreEqual(11, result.Excluded);
        Assert.IsNull(g.Median);
        Assert.IsNull(g.Pooled);
        Assert.IsNull(g.UnpaidShare);
        Assert.IsNull(g.BelowMinimumWageShare);
    }

    [TestMethod]
    public void Suppression_at_k_minus_one_and_k_submitters()
    {
        Assert.IsFalse(Compute(k: 11).Groups.Single().Suppressed, "11 submitters, k = 11: published");
        var suppressed = Compute(k: 12).Groups.Single();
        Assert.IsTrue(suppressed.Suppressed, "11 submitters, k = 12: suppressed");
        Assert.AreEqual(11, suppressed.Logs, "a suppressed group keeps its sizes");
        Assert.AreEqual(11, suppressed.Submitters);
        Assert.IsNull(suppressed.Median);
        Assert.IsNull(suppressed.Pooled);
        Assert.IsNull(suppressed.UnpaidShare);
        Assert.IsNull(suppressed.BelowMinimumWageShare);
        Assert.IsNull(suppressed.AdvertisedGap);
    }

    [TestMethod]
    public void Suppression_when_one_submitter_has_more_than_80_percent_of_the_logs()
    {
        using var db = new TestDatabase();
        // 11 distinct submitters; "big" has 40 of 50 logs = exactly 80%: published. One more: 41 of 51 > 80%: suppressed.
        var rows = Enumerable.Range(1, 10).Select(i => Rows.Valid("s" + i))
            .Concat(Enumerable.Range(1, 40).Select(i => Rows.Valid("big", ("gross_pay", (100 + i).ToString()))))
            .ToArray();
        ContractImporter.Import(db.Connection, db.WriteFile("a.csv", Rows.Csv(rows)));
        Assert.IsFalse(PayFigures.Compute(db.Connection, new StatsFilter { Exact = true }).Groups.Single().Suppressed);

        ContractImporter.Import(db.Connection, db.WriteFile("b.csv", Rows.Csv(Rows.Valid("big", ("gross_pay", "999")))));
        var g = PayFigures.Compute(db.Connection, new StatsFilter { Exact = true }).Groups.Single();
        Assert.AreEqual(51, g.Logs);
        Assert.AreEqual(11, g.Submitters);
        Assert.IsTrue(g.Suppressed);
    }

    [TestMethod]
    public void Filters_select_platform_and_start_months()
    {
        using var db = new TestDatabase();
        ContractImporter.Import(db.Connection, db.WriteFile("logs.csv", Rows.Csv(
            Rows.Valid("a", ("platform", "Alpha Labs"), ("started", "2025-01-05"), ("ended", "2025-02-01")),
            Rows.Valid("b", ("platform", "Alpha Labs"), ("started", "2025-02-05"), ("ended", "2025-03-01")),
            Rows.Valid("c", ("platform", "Beta"), ("started", "2025-02-05"), ("ended", "2025-03-01")),
            Rows.Valid("d", ("platform", "Beta"), ("started", "2025-04"), ("ended", "2025-05")))));

        int Logs(StatsFilter f) => PayFigures.Compute(db.Connection, f).Logs;
        Assert.AreEqual(4, Logs(new StatsFilter { Exact = true }));
        Assert.AreEqual(2, Logs(StatsFilter.Parse(null, "alpha-labs", null, null, null, exact: true)), "by slug");
        Assert.AreEqual(2, Logs(StatsFilter.Parse(null, "Alpha Labs", null, null, null, exact: true)), "by name");
        Assert.AreEqual(4, Logs(StatsFilter.Parse(null, "Alpha Labs,beta", null, null, null, exact: true)));
        Assert.AreEqual(2, Logs(StatsFilter.Parse(null, null, "2025-02", "2025-02", null, exact: true)));
        Assert.AreEqual(3, Logs(StatsFilter.Parse(null, null, "2025-02", null, null, exact: true)));
        Assert.AreEqual(1, Logs(StatsFilter.Parse(null, "beta", null, "2025-03", null, exact: true)));
    }

    [TestMethod]
    public void Groups_by_platform_and_month_in_key_order()
    {
        using var db = new TestDatabase();
        ContractImporter.Import(db.Connection, db.WriteFile("logs.csv", Rows.Csv(
            Rows.Valid("a", ("platform", "Beta"), ("started", "2025-02-05"), ("ended", "2025-03-01")),
            Rows.Valid("b", ("platform", "Alpha"), ("started", "2025-02-05"), ("ended", "2025-03-01")),
            Rows.Valid("c", ("platform", "Alpha"), ("started", "2025-01-05"), ("ended", "2025-03-01")))));
        var keys = PayFigures.Compute(db.Connection, StatsFilter.Parse("platform,month", null, null, null, 2, exact: true))
            .Groups.Select(g => $"{g.Key.Platform}/{g.Key.Month}").ToArray();
        CollectionAssert.AreEqual(new[] { "Alpha/2025-01", "Alpha/2025-02", "Beta/2025-02" }, keys);
    }

    [TestMethod]
    [DataRow("platform,platform", "named twice")]
    [DataRow("employer", "unknown dimension 'employer'")]
    public void Bad_group_names_are_refused(string by, string expected)
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => StatsFilter.Parse(by, null, null, null, null));
        StringAssert.Contains(e.Message, expected);
    }

    [TestMethod]
    public void Bad_months_and_k_are_refused()
    {
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => StatsFilter.Parse(null, null, "2025-1", null, null)).Message, "--from");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => StatsFilter.Parse(null, null, "2025-05", "2025-01", null)).Message, "after");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => StatsFilter.Parse(null, null, null, null, 1)).Message, "--k");
    }

    /// <summary>The light pass postings meet logs uses gives each group's median, its n and its cell exactly as the full pass.</summary>
    [TestMethod]
    public void The_median_only_pass_gives_the_full_pass_medians_to_the_noise()
    {
        using var db = new TestDatabase();
        var file = db.WriteFile("sample.csv", "");
        using (var writer = new StreamWriter(file)) LaborWatch.Sample.SampleGenerator.Write(writer, 3000);
        ContractImporter.Import(db.Connection, file);
        LaborWatch.Privacy.Releases.Cut(db.Connection, LaborWatch.Privacy.Disclosure.DefaultK, DateTimeOffset.UnixEpoch);
        foreach (var filter in new[] { StatsFilter.Parse("platform,month", null, null, null, null, exact: false), StatsFilter.Parse("platform,month", null, null, null, null, exact: true),
                                       StatsFilter.Parse("country", null, "2025-01", "2025-06", null, exact: false) })
        {
            var data = ContractRows.Load(db.Connection, filter);
            var full = PayFigures.Compute(data, filter);
            var medians = PayFigures.Medians(data, filter);
            Assert.IsTrue(full.Groups.Count > 3, filter.CacheKey);
            CollectionAssert.AreEqual(full.Groups.Select(g => (g.Key, g.Logs, g.Submitters, g.Suppressed, g.EhpN, g.Median)).ToList(),
                medians.Groups.Select(g => (g.Key, g.Logs, g.Submitters, g.Suppressed, g.EhpN, g.Median)).ToList(), filter.CacheKey);
            Assert.AreEqual(full.Excluded, medians.Excluded, filter.CacheKey);
        }
    }
}
