using LaborWatch.Pay;

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
        Assert.IsNull(Reference.UnitsPerUsd("PHP", 2025), "no PHP rate is shipped");
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
}
