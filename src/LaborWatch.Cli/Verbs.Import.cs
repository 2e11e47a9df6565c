using System.CommandLine;
using LaborWatch.Contracts;
using LaborWatch.Data;

namespace LaborWatch.Cli;

public static partial class Verbs
{
    static Command ImportCommand()
    {
        var contracts = new Command("contracts", "import contract logs from CSV or JSON (docs/import-format.md); all or nothing unless --skip-invalid");
        var file = new Argument<FileInfo>("FILE") { Description = "a .csv file with a header row, or a .json array of objects" };
        var skipInvalid = new Option<bool>("--skip-invalid") { Description = "import the valid rows and list each rejected one" };
        contracts.Arguments.Add(file);
        contracts.Options.Add(skipInvalid);
        contracts.SetAction(r => Run(r, database =>
        {
            var path = r.GetValue(file)!.FullName;
            using var connection = Database.OpenMigrated(database);
            using var progress = new ConsoleProgress("importing");
            var summary = ContractImporter.Import(connection, path, r.GetValue(skipInvalid), progress: progress.Report,
                waiting: () => Console.Error.WriteLine("laborwatch: another import into this database is running; this one begins when it is done (Ctrl-C stops it, nothing stored)"));
            progress.Done();
            foreach (var rejected in summary.Rejected) Console.Error.WriteLine($"rejected {r.GetValue(file)!.Name}: {rejected}");
            Console.WriteLine($"{summary.Read:N0} rows read: {summary.Added:N0} added, {summary.Duplicates:N0} already stored (skipped), " +
                              $"{summary.Rejected.Select(e => e.Where).Distinct().Count():N0} rejected");
            // Imported logs are published by a release, like any other: cut now when they are enough.
            if (summary.Added > 0) Console.WriteLine(LaborWatch.Privacy.Releases.Cut(connection, PublicK(), DateTimeOffset.UtcNow).Message);
        }));
        var postings = new Command("postings", "import posting observations from JSON lines (one {platform, url, observedAt, pay...} a line); all or nothing");
        var postingsFile = new Argument<FileInfo>("FILE") { Description = "a .jsonl file" };
        postings.Arguments.Add(postingsFile);
        postings.SetAction(r => Run(r, database =>
        {
            using var connection = Database.OpenMigrated(database);
            var file = r.GetValue(postingsFile)!;
            if (!file.Exists) throw new ImportFormatException($"{file.FullName}: cannot read the file: it does not exist");
            var summary = LaborWatch.Scraping.PostingImporter.Import(connection, file.FullName);
            Console.WriteLine($"{summary.Documents:N0} observations imported: {summary.Postings:N0} postings ({summary.NewPostings:N0} new)");
        }));
        var import = new Command("import", "import data");
        import.Subcommands.Add(contracts);
        import.Subcommands.Add(postings);
        return import;
    }
}
