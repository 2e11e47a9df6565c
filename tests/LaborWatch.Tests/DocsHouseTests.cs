using System.Text.RegularExpressions;

namespace LaborWatch.Tests;

/// <summary>
/// The docs as a newcomer meets them: a short README, a command reference that is the code's own help, links that
/// lead somewhere, definitions that carry the code's constants, and nothing that points outside the repository.
/// </summary>
[TestClass]
public sealed class DocsHouseTests
{
    [TestMethod]
    public void The_command_reference_is_what_help_prints()
    {
        var expected = LaborWatch.Cli.CliReference.Markdown();
        var path = Repo.File("docs", "cli.md");
        if (Environment.GetEnvironmentVariable("LABORWATCH_WRITE_DOCS") == "1") File.WriteAllText(path, expected);
        var actual = File.Exists(path) ? File.ReadAllText(path).Replace("\r\n", "\n") : "";
        if (actual == expected) return;
        var line = FirstDifference(actual, expected);
        Assert.Fail($"docs/cli.md is out of date with the verbs' --help (first difference at line {line}); run scripts/cli-docs.sh");
    }

    static int FirstDifference(string a, string b)
    {
        var x = a.Split('\n');
        var y = b.Split('\n');
        for (var i = 0; i < Math.Min(x.Length, y.Length); i++) if (x[i] != y[i]) return i + 1;
        return Math.Min(x.Length, y.Length) + 1;
    }

    [TestMethod]
    public void The_readme_is_short()
    {
        var lines = File.ReadAllLines(Repo.File("README.md"));
        Assert.IsTrue(lines.Length <= 150, $"README.md has {lines.Length} lines; keep it to a newcomer's first read and move the rest into docs/");
        Assert.IsTrue(lines.Max(l => l.Length) <= 200, "a README line (or table cell) past 200 characters belongs in docs/");
    }

    /// <summary>Every relative link of the README, the changelog and docs/ names a file of the repository (and its anchor, a heading there).</summary>
    [TestMethod]
    public void Every_link_in_the_docs_leads_somewhere()
    {
        var pages = Directory.GetFiles(Repo.File("docs"), "*.md").Append(Repo.File("README.md")).Append(Repo.File("CHANGELOG.md"));
        var broken = new List<string>();
        foreach (var page in pages)
        {
            var text = File.ReadAllText(page);
            foreach (Match m in Regex.Matches(text, @"\]\((?!https?:|mailto:)([^)\s#]*)(?:#([^)\s]+))?\)"))
            {
                var target = m.Groups[1].Value.Length == 0 ? page : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(page)!, m.Groups[1].Value));
                if (!File.Exists(target) && !Directory.Exists(target)) { broken.Add($"{Path.GetFileName(page)}: {m.Value}"); continue; }
                if (m.Groups[2].Success && target.EndsWith(".md") && !Anchors(File.ReadAllText(target)).Contains(m.Groups[2].Value))
                    broken.Add($"{Path.GetFileName(page)}: {m.Value} (no such heading)");
            }
        }
        Assert.AreEqual(0, broken.Count, "broken links:\n" + string.Join("\n", broken));
    }

    /// <summary>GitHub's heading anchors: lower case, punctuation dropped, spaces as dashes.</summary>
    static HashSet<string> Anchors(string markdown) =>
        Regex.Matches(markdown, @"^#+ (.+)$", RegexOptions.Multiline)
            .Select(m => Regex.Replace(m.Groups[1].Value.Trim().ToLowerInvariant(), @"[^\p{L}\p{Nd} _-]", "").Replace(' ', '-'))
            .ToHashSet();

    [TestMethod]
    public void The_methodology_page_carries_the_constants_the_code_uses()
    {
        var text = Regex.Replace(File.ReadAllText(Repo.File("docs", "methodology.md")), @"\s+", " ");
        foreach (var fact in new[]
                 {
                     $"z = {LaborWatch.Stats.Wilson.Z95.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
                     $"variance {LaborWatch.Privacy.Synopsis.Synopsis.Variance} logs squared",
                     $"A share needs {LaborWatch.Privacy.Synopsis.Published.MinimumForShare} published logs and a quantile {LaborWatch.Privacy.Synopsis.Published.MinimumForQuantile}",
                     $"default {LaborWatch.Privacy.Disclosure.DefaultK}",
                     $"at most {LaborWatch.Privacy.Releases.WorkerCap} logs a release",
                     FormattableString.Invariant($"per worker and release rho = {LaborWatch.Privacy.Synopsis.AttackerBound.Demo.RhoPerWorker:N0} (epsilon {LaborWatch.Privacy.Synopsis.AttackerBound.Demo.EpsilonPerWorker:N0})"),
                 })
            Assert.IsTrue(text.Contains(fact), $"docs/methodology.md does not say '{fact}'");
    }

    /// <summary>
    /// Every property the published JSON can carry (stats --json with survival and every grouping, the exports'
    /// postings) is named in docs/json.md or docs/methodology.md, so a figure cannot be added without its definition.
    /// </summary>
    [TestMethod]
    public void Every_json_property_is_defined_in_the_docs()
    {
        using var db = new TestDatabase();
        var csv = Path.Combine(db.Folder, "logs.csv");
        Assert.AreEqual(0, Cli.Cli.Run(null, "sample", "--rows", "3000", "--out", csv).ExitCode);
        var imported = Cli.Cli.Run(db.Path, "import", "contracts", csv);
        Assert.AreEqual(0, imported.ExitCode, imported.Stderr);
        var names = new SortedSet<string>(StringComparer.Ordinal);
        void Collect(System.Text.Json.JsonElement e)
        {
            if (e.ValueKind == System.Text.Json.JsonValueKind.Object)
                foreach (var p in e.EnumerateObject()) { names.Add(p.Name); Collect(p.Value); }
            else if (e.ValueKind == System.Text.Json.JsonValueKind.Array)
                foreach (var item in e.EnumerateArray()) Collect(item);
        }
        foreach (var args in new[] { new[] { "stats", "--json", "--survival", "--by", "platform,month" }, ["stats", "--json", "--exact", "--by", "parent,task_type,country"] })
        {
            var run = Cli.Cli.Run(db.Path, args);
            Assert.AreEqual(0, run.ExitCode, run.Stderr);
            Collect(System.Text.Json.JsonDocument.Parse(run.Stdout).RootElement);
        }
        var docs = File.ReadAllText(Repo.File("docs", "json.md")) + File.ReadAllText(Repo.File("docs", "methodology.md"));
        var missing = names.Where(n => !docs.Contains($"`{n}`", StringComparison.Ordinal) && !docs.Contains($"\"{n}\"", StringComparison.Ordinal)).ToList();
        Assert.IsGreaterThan(30, names.Count, "properties to check");
        Assert.AreEqual(0, missing.Count, "JSON properties no doc defines: " + string.Join(", ", missing));
    }

    /// <summary>
    /// Nothing in the project points to documents, issue numbers or work rounds that a clone does not have. The applied
    /// migrations are the exceptions, since they are checksummed and their old comments cannot change, and so is the test
    /// that keeps the shipped reference tables equal to the team's shared facts, which it has to find.
    /// </summary>
    [TestMethod]
    public void Nothing_refers_to_anything_outside_the_repository()
    {
        // Built from pieces so that this file does not match itself.
        var outside = new Regex(string.Join("|", new[] { "DESIGN" + @"\.md", @"\b[Ii]ssues? #?\d", @"\bissue-\d", @"#\d+ item", @"\b[Ss]ession \d", "shared" + "/reference", @"\.\./" + "shared" }));
        var found = new List<string>();
        foreach (var file in TrackedTextFiles())
        {
            if (Regex.IsMatch(file, @"Data/Migrations/(postgres/)?00(0[1-9]|1[0-6])_") || file.EndsWith("Pay/PayReferenceTests.cs")) continue;
            var lines = File.ReadAllLines(Repo.File(file));
            for (var i = 0; i < lines.Length; i++)
                if (outside.Match(lines[i]) is { Success: true } m) found.Add($"{file}:{i + 1}: {m.Value}");
        }
        Assert.AreEqual(0, found.Count, "references outside the repository:\n" + string.Join("\n", found.Take(40)));
    }

    static IEnumerable<string> TrackedTextFiles()
    {
        var git = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("git", "ls-files") { WorkingDirectory = Repo.Root, RedirectStandardOutput = true })!;
        var files = git.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        git.WaitForExit();
        string[] text = [".cs", ".md", ".razor", ".sh", ".sql", ".json", ".tsv", ".props", ".csproj", ".resx", ".py", ".css", ".txt", ""];
        return files.Where(f => text.Contains(Path.GetExtension(f)) && !f.StartsWith("data/fixtures/") && File.Exists(Repo.File(f)));
    }
}
