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

    /// <summary>
    /// Real sentences from reporting on this work (data/fixtures/pay_strings_reporting.tsv, each with its page): pay that
    /// changed from one amount to another, "down from", a fall to a range, and "as little as".
    /// </summary>
    [TestMethod]
    public void Parses_the_labelled_sentences_from_reporting()
    {
        var rows = File.ReadAllLines(Repo.File("data", "fixtures", "pay_strings_reporting.tsv")).Skip(1).Where(l => l.Length > 0).Select(l => l.Split('\t')).ToList();
        Assert.IsTrue(rows.Count >= 6);
        var misses = rows.Select(c => (c, p: PayText.Parse(c[0])))
            .Where(x => $"{Num(x.p.Min)}|{Num(x.p.Max)}|{x.p.Currency}|{x.p.Unit}|{(x.p.UpTo ? "Y" : "N")}" != string.Join("|", x.c[1..6]))
            .Select(x => $"{x.c[0]} -> {Num(x.p.Min)}|{Num(x.p.Max)}|{x.p.Currency}|{x.p.Unit}").ToList();
        Assert.AreEqual(0, misses.Count, string.Join("\n", misses));
    }

    /// <summary>The same classes in sentences made for the test (not collected): the later amount is the pay now; a promise and what came are both ends.</summary>
    [TestMethod]
    [DataRow("rates were cut from $21 to $16 an hour", "16", "16", "N")]
    [DataRow("pay fell from $25 an hour to less than $15", "", "15", "Y")]
    [DataRow("the rate went down from $30/hr to $22", "22", "22", "N")]
    [DataRow("he was promised $40 per hour but received as little as $12 an hour", "12", "40", "N")]
    [DataRow("Pay ranges from $21 to $25 per hour", "21", "25", "N")]
    public void A_change_gives_the_later_pay_and_a_promise_gives_both_ends(string text, string min, string max, string upTo)
    {
        var p = PayText.Parse(text);
        Assert.AreEqual($"{min}|{max}|USD|hour|{upTo}", $"{Num(p.Min)}|{Num(p.Max)}|{p.Currency}|{p.Unit}|{(p.UpTo ? "Y" : "N")}", text);
    }

    /// <summary>Found by fuzzing (Reliability/FuzzTests): an amount past decimal's range times "k" threw OverflowException.</summary>
    [TestMethod]
    public void An_amount_past_any_range_is_no_figure_not_an_overflow()
    {
        var parsed = PayText.Parse("Around $15 to $209999999999999999999999999ks");
        Assert.IsTrue(parsed.Max is null or <= 15m, $"max {parsed.Max}: the amount past decimal's range is no figure");
    }

    /// <summary>Every labelled real pay string of data/fixtures/pay_strings_dev.tsv, parsed right.</summary>
    [TestMethod]
    [DynamicData(nameof(DevStrings))]
    public void Parses_the_labelled_real_strings(string text, string min, string max, string currency, string unit, string upTo)
    {
        var parsed = PayText.Parse(text);
        var actual = $"{Num(parsed.Min)}|{Num(parsed.Max)}|{parsed.Currency}|{parsed.Unit}|{(parsed.UpTo ? "Y" : "N")}";
        Assert.AreEqual($"{min}|{max}|{currency}|{unit}|{upTo}", actual, text);
    }

    /// <summary>
    /// Real strings collected and labelled before the parser was changed to read them (data/fixtures/pay_strings_heldout.tsv):
    /// at least 95% must parse right. Before the change: 10 of 13; after: 13 of 13.
    /// </summary>
    [TestMethod]
    public void At_least_95_percent_of_the_held_out_real_strings_parse_right()
    {
        var rows = File.ReadAllLines(Repo.File("data", "fixtures", "pay_strings_heldout.tsv")).Where(l => l.Length > 0 && !l.StartsWith('#')).Skip(1)
            .Select(l => l.Split('\t')).ToList();
        var misses = rows.Where(c =>
        {
            var p = PayText.Parse(c[0]);
            return $"{Num(p.Min)}|{Num(p.Max)}|{p.Currency}|{p.Unit}|{(p.UpTo ? "Y" : "N")}" != string.Join("|", c[1..6]);
        }).Select(c => c[0]).ToList();
        Assert.IsTrue(rows.Count >= 10);
        Assert.IsTrue(misses.Count <= rows.Count * 0.05, $"{rows.Count - misses.Count} of {rows.Count}; missed: {string.Join(" | ", misses)}");
    }

    [TestMethod]
    [DataRow("$.10 per task", "0.1", "0.1", "task", "N", "N")]
    [DataRow("Pay: less than $2 an hour once unpaid time is counted", "", "2", "hour", "Y", "N")]
    [DataRow("under $10/hr", "", "10", "hour", "Y", "N")]
    [DataRow("some weeks as little as $3 an hour", "", "3", "hour", "Y", "N")]
    [DataRow("$20 or more per hour", "20", "", "hour", "N", "Y")]
    [DataRow("Earn $1K+ per week", "1000", "", "week", "N", "Y")]
    [DataRow("five cents per word", "0.05", "0.05", "word", "N", "N")]
    [DataRow("five dollars an hour", "5", "5", "hour", "N", "N")]
    [DataRow("from $15 an hour for beginners to $25 an hour for experts", "15", "25", "hour", "N", "N")]
    [DataRow("USD $5.00/hou", "5", "5", "hour", "N", "N")]
    public void Reads_the_forms_real_gig_postings_use(string text, string min, string max, string unit, string upTo, string atLeast)
    {
        var p = PayText.Parse(text);
        Assert.AreEqual($"{min}|{max}|USD|{unit}|{upTo}|{atLeast}", $"{Num(p.Min)}|{Num(p.Max)}|{p.Currency}|{p.Unit}|{(p.UpTo ? "Y" : "N")}|{(p.AtLeast ? "Y" : "N")}", text);
    }

    [TestMethod]
    public void From_to_does_not_reach_across_other_numbers_or_currencies()
    {
        Assert.IsNull(PayText.Parse("from $15 an hour, 20 hours a week, to start").Max, "a number between: not a range");
        Assert.IsNull(PayText.Parse("from $15 an hour for beginners to €25 an hour").Max, "another currency: not a range");
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
    public void Worked_examples(string text, double min, double max, string currency, string? unit)
    {
        var p = PayText.Parse(text);
        Assert.AreEqual((decimal)min, p.Min, text);
        Assert.AreEqual((decimal)max, p.Max, text);
        Assert.AreEqual(currency, p.Currency, text);
        Assert.AreEqual(unit, p.Unit, text);
    }
}
