using LaborWatch.Contracts;

namespace LaborWatch.Tests;

/// <summary>The docs must describe what the code does: these fail when the two drift apart.</summary>
[TestClass]
public sealed class DocsTests
{
    static string Doc(string name) => File.ReadAllText(Repo.File("docs", name));

    static readonly string VerbsPage = Doc("verbs.md");
    static readonly string ImportFormat = Doc("import-format.md");
    static readonly string Submissions = Doc("submissions.md");
    static readonly string MethodologyDoc = Doc("methodology.md");
    static readonly string ReferenceData = Doc("reference-data.md");
    static readonly string Deploy = Doc("deploy.md");

    [TestMethod]
    public void Every_verb_and_option_is_described_in_the_verbs_page_and_every_verb_in_the_readme()
    {
        var readme = File.ReadAllText(Repo.File("README.md"));
        foreach (var command in LaborWatch.Cli.Verbs.Root().Subcommands)
        {
            // Assert.IsTrue, not StringAssert: a failure should name what is missing, not print the whole page.
            Assert.IsTrue(readme.Contains($"| `{command.Name}"), $"verb '{command.Name}' is not in the README's table");
            Assert.IsTrue(VerbsPage.Contains($"## `{command.Name}"), $"verb '{command.Name}' has no section in docs/verbs.md");
            foreach (var sub in command.Subcommands)
                Assert.IsTrue(VerbsPage.Contains($"{command.Name} {sub.Name}"), $"'{command.Name} {sub.Name}' is not in docs/verbs.md");
            foreach (var option in command.Subcommands.SelectMany(s => s.Options).Concat(command.Options))
                if (option.Name != "--help" && option.Name != "-h" && !option.Name.StartsWith("-?"))
                    Assert.IsTrue(VerbsPage.Contains(option.Name), $"option {option.Name} of '{command.Name}' is not in docs/verbs.md");
        }
    }

    [TestMethod]
    public void Every_import_column_and_allowed_value_is_in_the_import_format_page()
    {
        foreach (var name in ContractColumns.All.Concat(ContractColumns.TaskTypes).Concat(ContractColumns.Statuses)
                     .Concat(ContractColumns.PayBases).Concat(ContractColumns.AdvertisedUnits))
            Assert.IsTrue(ImportFormat.Contains(name), $"'{name}' is not in docs/import-format.md");
        StringAssert.Contains(ImportFormat, "Required: `" + string.Join(", ", ContractColumns.All.Where(ContractColumns.Required.Contains)) + "`");
    }

    [TestMethod]
    public void The_submissions_page_states_the_rules_the_code_applies()
    {
        var options = new LaborWatch.Web.Submissions.WebOptions();
        foreach (var fact in new[]
                 {
                     $"{ReceiptCode.Bits} random bits", $"1 to {SubmissionStore.MaxLogs} logs", $"up to {SubmissionStore.MaxLogs})",
                     $"flagged above {OutlierCheck.Threshold}", $"fewer than {OutlierCheck.MinimumBaseline} approved logs",
                     $"{options.PostsPerWindow} an hour by default", $"capped at {options.MaxBodyBytes / 1024} KB",
                     $"at least {LaborWatch.Web.Submissions.WebOptions.MinimumReviewTokenLength} characters", LaborWatch.Web.Submissions.WebOptions.ReviewTokenVariable,
                 })
            Assert.IsTrue(Flat(Submissions).Contains(fact), $"docs/submissions.md does not say '{fact}'");
        Assert.AreEqual(TimeSpan.FromHours(1), options.Window, "docs/submissions.md says 'an hour'");
    }

    /// <summary>A page wrapped into one line, so a phrase may break across lines.</summary>
    static string Flat(string text) => System.Text.RegularExpressions.Regex.Replace(text, @"\s+", " ");

    [TestMethod]
    public void The_docs_state_the_limits_the_code_applies()
    {
        StringAssert.Contains(ImportFormat, $"first {ContractImporter.MaxListedErrors} listed");
        StringAssert.Contains(MethodologyDoc, $"default {LaborWatch.Privacy.Disclosure.DefaultK}");
        StringAssert.Contains(MethodologyDoc, $"above {LaborWatch.Privacy.Disclosure.MaxShareOfOneSubmitter:P0}".Replace(" %", "%"));
        StringAssert.Contains(ImportFormat, $"from 0 to {ContractValidator.MaxHours:N0}");
    }

    [TestMethod]
    public void Every_chart_is_in_the_verbs_page()
    {
        foreach (var name in LaborWatch.Charts.ChartSpecs.Names)
            Assert.IsTrue(VerbsPage.Contains($"`{name}`"), $"chart '{name}' is not in docs/verbs.md");
    }

    [TestMethod]
    public void The_reference_page_and_methodology_list_every_currency_and_jurisdiction_the_tables_cover()
    {
        var reference = LaborWatch.ReferenceData.PayReference.Shipped;
        var methodology = LaborWatch.Reports.Methodology.Html();
        foreach (var (currency, first, last) in reference.FxCoverage)
        {
            var years = first == last ? $"{first}" : $"{first}-{last}";
            Assert.IsTrue(ReferenceData.Contains($"{currency} {years}", StringComparison.Ordinal), $"docs/reference-data.md: {currency} {years}");
            StringAssert.Contains(methodology, $"{currency} {years.Replace('-', '–')}");
        }
        foreach (var w in reference.WageCoverage)
        {
            var years = w.FirstYear == w.LastYear ? $"{w.FirstYear}" : $"{w.FirstYear}-{w.LastYear}";
            Assert.IsTrue(ReferenceData.Contains($"`{w.Code}` {years}", StringComparison.Ordinal), $"docs/reference-data.md: {w.Code} {years}");
            StringAssert.Contains(methodology, $">{w.Code}</th>");
        }
    }

    [TestMethod]
    public void The_deploy_page_lists_every_setting_of_serve()
    {
        foreach (var setting in LaborWatch.Web.ServeSettings.All)
            Assert.IsTrue(Deploy.Contains($"| `{setting.Name}` |", StringComparison.Ordinal), $"setting {setting.Name} is not in docs/deploy.md's table");
    }
}
