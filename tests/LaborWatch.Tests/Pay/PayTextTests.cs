using System.Globalization;
using LaborWatch.Pay;

namespace LaborWatch.Tests.Pay;

[TestClass]
public sealed class PayTextTests
{
    public static IEnumerable<object[]> DevStrings()
    {
        var lines = File.ReadAllLines(Repo.File("data", "fixtures", "pay_strings_dev.tsv"));
        foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
        {
            var c = line.Split('\t');
            var text = c[0].StartsWith('"') && c[0].EndsWith('"') ? c[0][1..^1].Replace("\"\"", "\"") : c[0];
            yield return [text, c[1], c[2], c[3], c[4], c[5]];
        }
    }

    /// <summary>Every labelled real pay string of shared/reference/pay_strings_dev.tsv, parsed right.</summary>
    [TestMethod]
    [DynamicData(nameof(DevStrings))]
    public void Parses_the_labelled_real_strings(string text, string min, string max, string currency, string unit, string upTo)
    {
        var parsed = PayText.Parse(text);
        var actual = $"{Num(parsed.Min)}|{Num(parsed.Max)}|{parsed.Currency}|{parsed.Unit}|{(parsed.UpTo ? "Y" : "N")}";
        Assert.AreEqual($"{min}|{max}|{currency}|{unit}|{upTo}", actual, text);
    }

    static string Num(decimal? v) => v?.ToString("0.##########", CultureInfo.InvariantCulture) ?? "";

    [TestMethod]
    [DataRow("Text with no pay at all")]
    [DataRow("")]
    [DataRow("0.5% – 1.75% equity")]
    [DataRow("Join our team of 5,000 experts in 40 countries")]
    public void No_amount_no_guess(string text) => Assert.AreEqual(PayParse.None, PayText.Parse(text));

    [TestMethod]
    public void Flags_at_least_and_up_to()
    {
        var atLeast = PayText.Parse("at least $18/hr");
        Assert.IsTrue(atLeast.AtLeast);
        Assert.AreEqual(18m, atLeast.Min);
        Assert.IsNull(atLeast.Max);
        var orMore = PayText.Parse("$30 per hour or more");
        Assert.IsTrue(orMore.AtLeast);
        var upTo = PayText.Parse("up to €40/h");
        Assert.IsTrue(upTo.UpTo);
        Assert.AreEqual(("EUR", "hour"), (upTo.Currency, upTo.Unit));
    }

    [TestMethod]
    [DataRow("USD 50-75 hourly", 50.0, 75.0, "USD", "hour")]
    [DataRow("€18/h", 18.0, 18.0, "EUR", "hour")]
    [DataRow("$25 CAD per hour", 25.0, 25.0, "CAD", "hour")]
    [DataRow("£9.00 / $12.00 per hour", 9.0, 9.0, "GBP", "hour")]
    [DataRow("$0.04 per word", 0.04, 0.04, "USD", "word")]
    [DataRow("twelve cents per word", 0.12, 0.12, "USD", "word")]
    [DataRow("between $1.32 and $2 per hour", 1.32, 2.0, "USD", "hour")]
    [DataRow("€2.200 - €3.400/mo", 2200.0, 3400.0, "EUR", "month")]
    [DataRow("KSh 16,113.75 per month", 16113.75, 16113.75, "KES", "month")]
    [DataRow("₱15,247 to ₱18,216", 15247.0, 18216.0, "PHP", null)]
    public void Design_section_5_cases(string text, double min, double max, string currency, string? unit)
    {
        var p = PayText.Parse(text);
        Assert.AreEqual((decimal)min, p.Min, text);
        Assert.AreEqual((decimal)max, p.Max, text);
        Assert.AreEqual(currency, p.Currency, text);
        Assert.AreEqual(unit, p.Unit, text);
    }
}
