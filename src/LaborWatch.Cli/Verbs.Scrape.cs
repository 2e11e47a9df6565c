using System.CommandLine;
using LaborWatch.Data;

namespace LaborWatch.Cli;

public static partial class Verbs
{
    static Command ScrapeCommand()
    {
        var command = new Command("scrape", "record job postings and their pay, with history (docs/scraping.md)");
        var offline = new Option<DirectoryInfo?>("--offline") { Description = "a folder of saved pages (.html) and API answers (.json); subfolders name platforms" };
        var sources = new Option<FileInfo?>("--sources")
        {
            Description = "fetch live: a sources file ({\"sources\": [{\"platform\", \"url\", \"method\", \"body\", \"paging\", \"detail\"}]}); alone, the shipped catalog data/sources/sources.json",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var platform = new Option<string?>("--platform") { Description = "with --sources: only these platforms or parent companies (comma-separated)" };
        command.Options.Add(platform);
        var observedAt = new Option<string?>("--observed-at") { Description = "the day the folder was saved, YYYY-MM-DD (default: today)" };
        var rules = new Option<FileInfo?>("--rules") { Description = "CSS selectors for plain HTML pages without JSON-LD: {\"title\": ..., \"pay\": ...}" };
        command.Options.Add(rules);
        command.Options.Add(offline);
        command.Options.Add(sources);
        command.Options.Add(observedAt);
        command.SetAction(r => Run(r, database =>
        {
            var day = r.GetValue(observedAt) ?? DateTime.UtcNow.ToString("yyyy-MM-dd");
            if (!DateOnly.TryParseExact(day, "yyyy-MM-dd", out _)) throw new ArgumentException($"--observed-at: '{day}' is not a date (YYYY-MM-DD)");
            using var connection = Database.OpenMigrated(database);
            using var progress = new ConsoleProgress("scraping");
            var live = r.GetResult(sources) is not null;
            if ((r.GetValue(offline) is null) == !live)
                throw new ArgumentException("scrape: give either --offline DIR or --sources [FILE.json]");
            LaborWatch.Scraping.ScrapeSummary summary;
            if (r.GetValue(offline) is { } folder)
                summary = LaborWatch.Scraping.OfflineScraper.Scrape(connection, folder.FullName, day, progress.Report,
                    r.GetValue(rules) is { } rulesFile ? LaborWatch.Scraping.CssRulesSource.Load(rulesFile.FullName) : null);
            else
            {
                var file = r.GetValue(sources)?.FullName ?? LaborWatch.Scraping.LiveScraper.CatalogPath()
                    ?? throw new ArgumentException("--sources: no file given and the catalog data/sources/sources.json was not found next to the program or above this folder");
                var wanted = (r.GetValue(platform) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                var (list, options) = LaborWatch.Scraping.LiveScraper.ReadSources(file, wanted);
                summary = LaborWatch.Scraping.LiveScraper.ScrapeAsync(connection, list, options, day, progress.Report).GetAwaiter().GetResult();
            }
            progress.Done();
            foreach (var e in summary.Errors) Console.Error.WriteLine($"skipped {e.Location}: {e.Message}");
            foreach (var run in summary.Runs.Where(run => run.Error is not null)) Console.Error.WriteLine($"source {run.Platform} ({run.Url}) failed: {run.Error}");
            Console.WriteLine($"{summary.Documents:N0} documents: {summary.Postings:N0} postings observed on {day} ({summary.NewPostings:N0} new), {summary.Errors.Count:N0} skipped with errors");
            if (summary.Runs.Count > 0 && summary.Runs.All(run => run.Error is not null))
                throw new IOException($"every source failed ({summary.Runs.Count:N0}): nothing was read live");
        }));
        return command;
    }
}
