using LaborWatch.Cli;
using LaborWatch.Contracts;

namespace LaborWatch.Tests;

/// <summary>The README must describe what the code does: these fail when the two drift apart.</summary>
[TestClass]
public sealed class DocsTests
{
    static readonly string Readme = File.ReadAllText(Repo.File("README.md"));

    [TestMethod]
    public void Every_verb_and_option_is_in_the_readme()
    {
        foreach (var command in Verbs.Root().Subcommands)
        {
            // Assert.IsTrue, not StringAssert: a failure should name what is missing, not print the whole README.
            Assert.IsTrue(Readme.Contains($"`{command.Name}"), $"verb '{command.Name}' is not in the README");
            foreach (var sub in command.Subcommands)
                Assert.IsTrue(Readme.Contains($"{command.Name} {sub.Name}"), $"'{command.Name} {sub.Name}' is not in the README");
            foreach (var option in command.Subcommands.SelectMany(s => s.Options).Concat(command.Options))
                if (option.Name != "--help" && option.Name != "-h" && !option.Name.StartsWith("-?"))
                    Assert.IsTrue(Readme.Contains(option.Name), $"option {option.Name} of '{command.Name}' is not in the README");
        }
    }

    [TestMethod]
    public void Every_import_column_and_allowed_value_is_in_the_readme()
    {
        foreach (var name in ContractColumns.All.Concat(ContractColumns.TaskTypes).Concat(ContractColumns.Statuses)
                     .Concat(ContractColumns.PayBases).Concat(ContractColumns.AdvertisedUnits))
            Assert.IsTrue(Readme.Contains(name), $"'{name}' is not in the README");
        StringAssert.Contains(Readme, "Required: `" + string.Join(", ", ContractColumns.All.Where(ContractColumns.Required.Contains)) + "`");
    }

    [TestMethod]
    public void The_readme_states_the_submission_rules_the_code_applies()
    {
        var options = new LaborWatch.Web.Submissions.WebOptions();
        foreach (var fact in new[]
                 {
                     $"{ReceiptCode.Bits} random bits", $"1 to {SubmissionStore.MaxLogs} logs", $"up to {SubmissionStore.MaxLogs})",
                     $"flagged above {OutlierCheck.Threshold}", $"fewer than {OutlierCheck.MinimumBaseline} approved logs",
                     $"{options.PostsPerWindow} an hour by default", $"capped at {options.MaxBodyBytes / 1024} KB",
                     $"at least {LaborWatch.Web.Submissions.WebOptions.MinimumReviewTokenLength} characters", LaborWatch.Web.Submissions.WebOptions.ReviewTokenVariable,
                 })
            Assert.IsTrue(Flat(Readme).Contains(fact), $"the README does not say '{fact}'");
        Assert.AreEqual(TimeSpan.FromHours(1), options.Window, "the README says 'an hour'");
    }

    /// <summary>The README wrapped into one line, so a phrase may break across lines.</summary>
    static string Flat(string text) => System.Text.RegularExpressions.Regex.Replace(text, @"\s+", " ");

    [TestMethod]
    public void The_readme_states_the_limits_the_code_applies()
    {
        StringAssert.Contains(Readme, $"first {ContractImporter.MaxListedErrors} listed");
        StringAssert.Contains(Readme, $"default {LaborWatch.Privacy.Disclosure.DefaultK}");
        StringAssert.Contains(Readme, $"above {LaborWatch.Privacy.Disclosure.MaxShareOfOneSubmitter:P0}".Replace(" %", "%"));
        StringAssert.Contains(Readme, $"from 0 to {ContractValidator.MaxHours:N0}");
    }

    [TestMethod]
    public void Every_chart_is_in_the_readme()
    {
        foreach (var name in LaborWatch.Charts.ChartSpecs.Names)
            Assert.IsTrue(Readme.Contains($"`{name}`"), $"chart '{name}' is not in the README");
    }

    [TestMethod]
    public void The_readme_and_methodology_list_every_currency_and_jurisdiction_the_tables_cover()
    {
        var reference = LaborWatch.Pay.PayReference.Shipped;
        var methodology = LaborWatch.Reports.Methodology.Html();
        foreach (var (currency, first, last) in reference.FxCoverage)
        {
            var years = first == last ? $"{first}" : $"{first}-{last}";
            Assert.IsTrue(Readme.Contains($"{currency} {years}", StringComparison.Ordinal), $"README: {currency} {years}");
            StringAssert.Contains(methodology, $"{currency} {years.Replace('-', '–')}");
        }
        foreach (var w in reference.WageCoverage)
        {
            var years = w.FirstYear == w.LastYear ? $"{w.FirstYear}" : $"{w.FirstYear}-{w.LastYear}";
            Assert.IsTrue(Readme.Contains($"`{w.Code}` {years}", StringComparison.Ordinal), $"README: {w.Code} {years}");
            StringAssert.Contains(methodology, $">{w.Code}</th>");
        }
    }

    [TestMethod]
    public void The_readme_lists_every_setting_of_serve()
    {
        foreach (var setting in LaborWatch.Web.ServeSettings.All)
            Assert.IsTrue(Readme.Contains($"| `{setting.Name}` |", StringComparison.Ordinal), $"setting {setting.Name} is not in the README's table");
    }
}
