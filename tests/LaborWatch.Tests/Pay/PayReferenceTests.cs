using LaborWatch.Pay;
using LaborWatch.ReferenceData;

namespace LaborWatch.Tests.Pay;

[TestClass]
public sealed class PayReferenceTests
{
    static readonly PayReference Reference = PayReference.Shipped;

    [TestMethod]
    public void Fx_uses_the_latest_year_not_after_the_log_else_the_earliest()
    {
        Assert.AreEqual(0.924, Reference.UnitsPerUsd("EUR", 2024));
        Assert.AreEqual(0.886, Reference.UnitsPerUsd("EUR", 2026), "2026 is past the table: the latest year, 2025");
        Assert.AreEqual(0.924, Reference.UnitsPerUsd("EUR", 2019), "before the table: the earliest year, 2023");
        Assert.AreEqual(1.0, Reference.UnitsPerUsd("USD", 2025));
        Assert.IsNull(Reference.UnitsPerUsd("XAF", 2025), "no XAF rate is shipped");
    }

    [TestMethod]
    public void Minimum_wage_walks_from_city_to_region_to_country()
    {
        Assert.AreEqual(16.5, Reference.MinimumWageFor("US-NY-NYC", "US", 2025)!.Hourly);
        Assert.AreEqual(15.5, Reference.MinimumWageFor("US-NY", "US", 2025)!.Hourly);
        Assert.AreEqual(7.25, Reference.MinimumWageFor("US-ZZ", "US", 2025)!.Hourly, "unknown region: the country");
        Assert.AreEqual(21.3, Reference.MinimumWageFor("US-WA-SEATTLE", "US", 2026)!.Hourly);
        Assert.AreEqual(21.3, Reference.MinimumWageFor("US-WA-SEATTLE", "US", 2024)!.Hourly, "only 2026 is listed: the earliest year");
        Assert.AreEqual(12.82, Reference.MinimumWageFor(null, "DE", 2025)!.Hourly);
        Assert.AreEqual(13.9, Reference.MinimumWageFor(null, "DE", 2030)!.Hourly);
        Assert.IsNull(Reference.MinimumWageFor(null, "FR", 2025));
        Assert.IsNull(Reference.MinimumWageFor(null, null, 2025));
    }

    [TestMethod]
    public void Currencies_know_their_minor_units()
    {
        Assert.AreEqual(2, Reference.MinorUnits("USD"));
        Assert.AreEqual(0, Reference.MinorUnits("JPY"));
        Assert.AreEqual(3, Reference.MinorUnits("KWD"));
        Assert.IsTrue(Reference.IsCurrency("KES"));
        Assert.IsFalse(Reference.IsCurrency("XYZ"));
        Assert.IsTrue(Reference.IsCountry("KE"));
        Assert.IsFalse(Reference.IsCountry("UK"), "the ISO code for the United Kingdom is GB");
    }

    /// <summary>The shared facts, where the project's steering keeps them (../shared/reference beside the checkout), if present.</summary>
    static string? SharedReference()
    {
        for (var dir = new DirectoryInfo(Repo.Root); dir is not null; dir = dir.Parent)
            if (Directory.Exists(Path.Combine(dir.FullName, "shared", "reference"))) return Path.Combine(dir.FullName, "shared", "reference");
        return null;
    }

    [TestMethod]
    public void Every_shipped_table_that_comes_from_the_shared_facts_is_equal_to_them()
    {
        var shared = SharedReference();
        if (shared is null) Assert.Inconclusive("no shared/reference folder above this checkout (CI and the developers' machines have one)");
        var compared = 0;
        foreach (var file in Directory.GetFiles(shared, "*.tsv"))
        {
            var name = Path.GetFileName(file);
            var shipped = name == "pay_strings_dev.tsv" ? Repo.File("data", "fixtures", name) : Repo.File("data", "reference", name);
            Assert.IsTrue(File.Exists(shipped), $"{name} from shared/reference is not shipped");
            CollectionAssert.AreEqual(File.ReadAllBytes(file), File.ReadAllBytes(shipped), $"{name} drifted from shared/reference: copy it again");
            compared++;
        }
        Assert.IsTrue(compared >= 5, $"{compared} tables compared");
    }

    [TestMethod]
    public void Philippine_pesos_convert_at_the_shipped_rate()
    {
        Assert.AreEqual(57.505, Reference.UnitsPerUsd("PHP", 2025));
        using var db = new TestDatabase();
        LaborWatch.Contracts.ContractImporter.Import(db.Connection, db.WriteFile("php.csv", Rows.Csv(
            Rows.Valid("p1", ("currency", "PHP"), ("country", "PH"), ("gross_pay", "1000"), ("paid_hours", "10"), ("unpaid_rework_hours", "2")),
            Rows.Valid("p2", ("currency", "PHP"), ("country", "PH"), ("gross_pay", "1000"), ("paid_hours", "10"), ("unpaid_rework_hours", "2")))));
        // Two workers, so that k = 2 and the 80% rule let the figures through.
        var g = PayFigures.Compute(db.Connection, new LaborWatch.Contracts.StatsFilter { Exact = true, K = 2 }).Groups.Single();
        Assert.AreEqual(2, g.EhpN, "PHP logs now count in the dollar figures");
        Assert.AreEqual(1000.0 / 12 / 57.505, g.Median!.Value, 1e-9);
    }

    [TestMethod]
    public void Kenya_s_city_rate_applies_in_its_three_counties_and_the_lowest_tier_elsewhere()
    {
        Assert.AreEqual(71.51, Reference.MinimumWageFor("KE-30", "KE", 2025)!.Hourly, "Nairobi City");
        Assert.AreEqual(71.51, Reference.MinimumWageFor("KE-28", "KE", 2025)!.Hourly, "Mombasa");
        Assert.AreEqual(71.51, Reference.MinimumWageFor("KE-17", "KE", 2025)!.Hourly, "Kisumu");
        Assert.AreEqual(38.15, Reference.MinimumWageFor("KE-22", "KE", 2025)!.Hourly, "another county: the country's lowest tier");
        Assert.AreEqual(38.15, Reference.MinimumWageFor(null, "KE", 2025)!.Hourly);
        // A worker outside the three cities paid KSh 60 an hour in 2025 was counted below the minimum wage before
        // (the city rate was applied to the whole country); not any more. In Nairobi they still are.
        using var db = new TestDatabase();
        LaborWatch.Contracts.ContractImporter.Import(db.Connection, db.WriteFile("ke.csv", Rows.Csv(
            Rows.Valid("k1", ("currency", "KES"), ("country", "KE"), ("gross_pay", "600"), ("started", "2025-03-10")),
            Rows.Valid("k2", ("currency", "KES"), ("country", "KE-30"), ("gross_pay", "600"), ("started", "2025-03-10")))));
        var g = PayFigures.Compute(db.Connection, new LaborWatch.Contracts.StatsFilter { Exact = true, K = 2 }).Groups.Single();
        Assert.AreEqual((2, 0.5), (g.BelowMinimumWageN, g.BelowMinimumWageShare!.Value), "only the Nairobi log is below its wage");
        Assert.AreEqual(129.303, Reference.UnitsPerUsd("KES", 2025), "and KES has a 2025 rate");
    }

    [TestMethod]
    public void The_UK_rate_is_the_one_in_force_on_1_January()
    {
        Assert.AreEqual(11.44, Reference.MinimumWageFor(null, "GB", 2025)!.Hourly, "April 2024's rate was in force on 1 January 2025");
        Assert.AreEqual(12.21, Reference.MinimumWageFor(null, "GB", 2026)!.Hourly);
        using var db = new TestDatabase();
        LaborWatch.Contracts.ContractImporter.Import(db.Connection, db.WriteFile("gb.csv", Rows.Csv(
            Rows.Valid("g1", ("currency", "GBP"), ("country", "GB"), ("gross_pay", "120"), ("started", "2025-02-10")),
            Rows.Valid("g2", ("currency", "GBP"), ("country", "GB"), ("gross_pay", "120"), ("started", "2025-02-10")))));
        var g = PayFigures.Compute(db.Connection, new LaborWatch.Contracts.StatsFilter { Exact = true, K = 2 }).Groups.Single();
        Assert.AreEqual(0.0, g.BelowMinimumWageShare!.Value, "£12 an hour in February 2025 is above the £11.44 then in force (not below 2025's April rate of £12.21)");
    }
}
