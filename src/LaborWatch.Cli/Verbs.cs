using System.Data.Common;
using System.CommandLine;
using LaborWatch.Contracts;
using LaborWatch.Data;
using LaborWatch.Reports;
using LaborWatch.Sample;
using LaborWatch.Web;
using LaborWatch.Web.Submissions;
using Microsoft.Data.Sqlite;

namespace LaborWatch.Cli;

/// <summary>
/// `laborwatch [--db PATH] VERB` (docs/verbs.md). Every verb migrates the database first. Errors go to
/// stderr with a non-zero exit: 1 for bad input or data, 2 for a bad command line.
/// </summary>
public static partial class Verbs
{
    static readonly Option<string?> Db = new("--db")
    {
        Description = $"the store: a SQLite file, or a PostgreSQL database as postgresql://user[:password]@host[:port]/database (default: ${Database.PathVariable}, else {Database.DefaultPath})",
        Recursive = true,
    };

    public static RootCommand Root()
    {
        var root = new RootCommand("LaborWatch: what AI-training gig work really pays, from postings and worker logs. Default verb: serve.");
        root.Options.Add(Db);
        var demo = DemoOption();
        root.Options.Add(demo);
        var settings = ServeSettingsFlags();
        foreach (var o in settings.All) root.Options.Add(o);
        root.SetAction(r => Serve(r.GetValue(Db), r.GetValue(demo), settings.Given(r)));
        root.Subcommands.Add(ServeCommand());
        root.Subcommands.Add(ImportCommand());
        root.Subcommands.Add(StatsCommand());
        root.Subcommands.Add(SampleCommand());
        root.Subcommands.Add(PayParseCommand());
        root.Subcommands.Add(ScrapeCommand());
        root.Subcommands.Add(PostingsCommand());
        root.Subcommands.Add(ChartCommand());
        root.Subcommands.Add(ReportCommand());
        root.Subcommands.Add(ReleaseCommand());
        root.Subcommands.Add(BackupCommand());
        root.Subcommands.Add(RawCommand());
        root.Subcommands.Add(CodesCommand());
        return root;
    }

    static Option<bool> DemoOption() => new("--demo") { Description = "load the synthetic sample (logs and a posting history) when the database has none" };

    // Serve's own settings, on the root (the default verb) and on `serve` only: other verbs read the environment.
    /// <summary>The flags of serve's settings (the rest come from the environment and appsettings.json: ServeSettings).</summary>
    sealed record ServeFlags(Option<string?> Urls, Option<int?> PublicK, Option<string?> ReleaseEvery, Option<string?> ScrapeEvery, Option<string?> TrustedProxies, Option<string?> PublicUrl, Option<bool> RequireCodes)
    {
        public IEnumerable<Option> All => [Urls, PublicK, ReleaseEvery, ScrapeEvery, TrustedProxies, PublicUrl, RequireCodes];

        public Dictionary<string, string?> Given(ParseResult r) => new()
        {
            ["URLS"] = r.GetValue(Urls),
            ["PUBLIC_K"] = r.GetValue(PublicK)?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RELEASE_EVERY"] = r.GetValue(ReleaseEvery),
            ["SCRAPE_EVERY"] = r.GetValue(ScrapeEvery),
            ["TRUSTED_PROXIES"] = r.GetValue(TrustedProxies),
            ["PUBLIC_URL"] = r.GetValue(PublicUrl),
            ["REQUIRE_CODES"] = r.GetValue(RequireCodes) ? "1" : null,
        };
    }

    static ServeFlags ServeSettingsFlags()
    {
        Option<string?> Flag(string name) => new(ServeSettings.All.Single(s => s.Name == name).Flag!) { Description = ServeSettings.All.Single(s => s.Name == name).Meaning };
        return new(Flag("URLS"), new Option<int?>("--public-k") { Description = ServeSettings.All.Single(s => s.Name == "PUBLIC_K").Meaning },
            Flag("RELEASE_EVERY"), Flag("SCRAPE_EVERY"), Flag("TRUSTED_PROXIES"), Flag("PUBLIC_URL"),
            new Option<bool>("--require-codes") { Description = ServeSettings.All.Single(s => s.Name == "REQUIRE_CODES").Meaning });
    }

    static Command ServeCommand()
    {
        var command = new Command("serve", "run the dashboard, worker submissions and JSON API (the default verb); reviewers open /review with a token (REVIEW_TOKEN or REVIEWERS).\n" + ServeSettings.Help);
        var demo = DemoOption();
        command.Options.Add(demo);
        var settings = ServeSettingsFlags();
        foreach (var o in settings.All) command.Options.Add(o);
        command.SetAction(r => Serve(r.GetValue(Db), r.GetValue(demo), settings.Given(r)));
        return command;
    }

    static int Serve(string? db, bool demo, Dictionary<string, string?> flags) => Run(() =>
    {
        var path = _database = Database.ResolvePath(db);
        // Inside Run: a bad setting is a message naming it and where it came from, not a stack trace.
        var (options, urls) = ServeSettings.Load(flags);
        using (var connection = Database.OpenMigrated(path))
        {
            Database.CheckIntact(connection, path);
            if (demo && Demo.LoadIfEmpty(connection, options.PublicK) is { } added)
                Console.Error.WriteLine($"--demo: loaded {added:N0} SYNTHETIC sample logs (fictional platforms) into {path}");
        }
        var app = WebApp.Build(path, urls, options);
        Console.Error.WriteLine($"LaborWatch serving {path} at {urls} (Ctrl+C to stop)");
        app.Run();
    });

    static Command ImportCommand()
    {
        var contracts = new Command("contracts", "import contract logs from CSV or JSON (docs/import-format.md); all or nothing unless --skip-invalid");
        var file = new Argument<FileInfo>("FILE") { Description = "a .csv file with a header row, or a .json array of objects" };
        var skipInvalid = new Option<bool>("--skip-invalid") { Description = "import the valid rows and list each rejected one" };
        contracts.Arguments.Add(file);
        contracts.Options.Add(skipInvalid);
        contracts.SetAction(r => Run(() =>
        {
            var path = r.GetValue(file)!.FullName;
            using var connection = Database.OpenMigrated(DatabasePath(r));
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
        postings.SetAction(r => Run(() =>
        {
            using var connection = Database.OpenMigrated(DatabasePath(r));
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

    static Command StatsCommand()
    {
        var command = new Command("stats", "the published pay, cancellation and misclassification figures of the current release, as the web shows them (docs/methodology.md, docs/json.md); --exact for the holder's unperturbed figures");
        var json = new Option<bool>("--json") { Description = "print the figures as JSON (docs/json.md)" };
        var by = new Option<string?>("--by") { Description = "group by platform, parent, month, task_type, country (comma-separated)" };
        var survival = new Option<bool>("--survival") { Description = "add Kaplan-Meier contract survival curves" };
        var exact = new Option<bool>("--exact") { Description = "the exact figures of every approved log, unperturbed: for the database holder, NOT for publication" };
        foreach (var o in new Option[] { json, by, survival, exact }) command.Options.Add(o);
        var filters = new FilterOptions(command);
        command.SetAction(r => Run(() =>
        {
            var filter = filters.Parse(r, r.GetValue(by), r.GetValue(exact));
            using var connection = Database.OpenMigrated(DatabasePath(r));
            NoteFirstRead(connection, filter);
            var report = StatsReport.Compute(connection, filter, r.GetValue(survival));
            if (r.GetValue(json))
            {
                using var stdout = Console.OpenStandardOutput();
                report.WriteJson(stdout);
                stdout.WriteByte((byte)'\n');
            }
            else report.WriteText(Console.Out);
        }));
        return command;
    }

    /// <summary>On a terminal, why the first figures after an import or a deletion take longer (seconds per million logs).</summary>
    static void NoteFirstRead(DbConnection connection, StatsFilter filter)
    {
        if (!filter.Exact && !Console.IsErrorRedirected && !PublishedSnapshot.IsCurrent(connection))
            Console.Error.WriteLine("reading the published logs from the database (the first time since they changed; later runs read the copy beside it)...");
    }

    static Command SampleCommand()
    {
        var command = new Command("sample", "write SYNTHETIC contract logs (fictional platforms) as CSV, for demos and benchmarks");
        var output = new Option<FileInfo>("--out") { Description = "the CSV file to write", Required = true };
        var rows = new Option<int>("--rows") { Description = "how many logs", DefaultValueFactory = _ => SampleGenerator.DefaultRows };
        var seed = new Option<int>("--seed") { Description = "random seed (same seed, same file)", DefaultValueFactory = _ => SampleGenerator.DefaultSeed };
        command.Options.Add(output);
        command.Options.Add(rows);
        command.Options.Add(seed);
        command.SetAction(r => Run(() =>
        {
            if (r.GetValue(rows) < 1) throw new ArgumentException("--rows must be at least 1");
            var file = r.GetValue(output)!;
            var temp = file.FullName + ".tmp";
            using (var writer = new StreamWriter(temp, false, new System.Text.UTF8Encoding(false), 1 << 16) { NewLine = "\n" })
                SampleGenerator.Write(writer, r.GetValue(rows), r.GetValue(seed));
            File.Move(temp, file.FullName, overwrite: true);   // never a half-written file under the real name
            Console.WriteLine($"wrote {r.GetValue(rows):N0} synthetic logs to {file.FullName}");
        }));
        return command;
    }

    static Command PayParseCommand()
    {
        var command = new Command("pay-parse", "parse pay texts: one text a line on stdin, one JSON object a line on stdout (docs/scraping.md)");
        command.SetAction(_ => Run(() =>
        {
            using var stdout = Console.OpenStandardOutput();
            using var json = new System.Text.Json.Utf8JsonWriter(stdout);
            for (var line = Console.In.ReadLine(); line is not null; line = Console.In.ReadLine())
            {
                LaborWatch.Pay.PayTextJson.Write(json, line, LaborWatch.Pay.PayText.Parse(line));
                json.Flush();
                json.Reset();   // one JSON document per line: start the next afresh
                stdout.WriteByte((byte)'\n');
            }
        }));
        return command;
    }

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
        command.SetAction(r => Run(() =>
        {
            var day = r.GetValue(observedAt) ?? DateTime.UtcNow.ToString("yyyy-MM-dd");
            if (!DateOnly.TryParseExact(day, "yyyy-MM-dd", out _)) throw new ArgumentException($"--observed-at: '{day}' is not a date (YYYY-MM-DD)");
            using var connection = Database.OpenMigrated(DatabasePath(r));
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

    static Command PostingsCommand()
    {
        var command = new Command("postings", "list recorded postings with their latest pay, or their pay changes");
        var json = new Option<bool>("--json") { Description = "print JSON (docs/json.md)" };
        var changes = new Option<bool>("--changes") { Description = "list pay changes between consecutive observations, cuts marked" };
        var platform = new Option<string?>("--platform") { Description = "only this platform" };
        command.Options.Add(json);
        command.Options.Add(changes);
        command.Options.Add(platform);
        command.SetAction(r => Run(() =>
        {
            using var connection = Database.OpenMigrated(DatabasePath(r));
            using var stdout = Console.OpenStandardOutput();
            if (r.GetValue(changes))
            {
                var list = LaborWatch.Postings.PostingQueries.Changes(connection, r.GetValue(platform));
                if (r.GetValue(json)) LaborWatch.Postings.PostingsJson.WriteChanges(stdout, list);
                else foreach (var c in list)
                    Console.WriteLine($"{c.ObservedAt}  {c.Platform}  {c.Before.Describe()} -> {c.After.Describe()}{(c.Cut ? "  CUT" : "")}  {c.Url}");
            }
            else
            {
                var list = LaborWatch.Postings.PostingQueries.List(connection, r.GetValue(platform));
                if (r.GetValue(json)) LaborWatch.Postings.PostingsJson.WriteList(stdout, list);
                else foreach (var p in list)
                    Console.WriteLine($"{p.Platform}  {p.Title}  {p.Pay.Describe()}  seen {p.FirstSeen}..{p.LastSeen} ({p.Observations})  {p.Url}");
            }
            if (r.GetValue(json)) stdout.WriteByte((byte)'\n');
        }));
        return command;
    }

    static Command ReleaseCommand()
    {
        var command = new Command("release", "cut a release of the public figures now: every approved log not yet published, once they come from at least k workers");
        var force = new Option<bool>("--force") { Description = "cut even when the waiting logs come from fewer than k workers (one worker's logs would then show as the difference of two releases)" };
        command.Options.Add(force);
        command.SetAction(r => Run(() =>
        {
            using var connection = Database.OpenMigrated(DatabasePath(r));
            var outcome = LaborWatch.Privacy.Releases.Cut(connection, PublicK(), DateTimeOffset.UtcNow, r.GetValue(force));
            Console.WriteLine(outcome.Message);
            // Every release is another look at the cells that did not change: say how much protection is left.
            if (outcome.Cut is { } cut) Console.WriteLine(LaborWatch.Privacy.Synopsis.AttackerBound.Demo.After(cut.Id));
            // The published logs read once now, so that the first page or `stats` after the release need not.
            if (outcome.Cut is not null) PublishedSnapshot.Refresh(connection);
        }));
        return command;
    }

    static Command BackupCommand()
    {
        var command = new Command("backup", "write a consistent copy of the database, even while serve is writing to it (SQLite VACUUM INTO); the copy is written whole or not at all");
        var output = new Option<FileInfo>("--out") { Description = "the file to write (must not exist)", Required = true };
        command.Options.Add(output);
        command.SetAction(r => Run(() =>
        {
            var file = r.GetValue(output)!;
            if (file.Exists) throw new IOException($"--out: {file.FullName} exists: give a new file (a backup never overwrites)");
            var source = DatabasePath(r);
            if (Store.IsPostgresUri(source))
                throw new ArgumentException("backup copies a SQLite file; back a PostgreSQL database up with its own tools: pg_dump --format=custom (docs/deploy.md)");
            // A backup of a database that is not there would create an empty one and copy that: say so instead.
            if (!File.Exists(source)) throw new IOException($"--db: no database at {Path.GetFullPath(source)}: nothing to back up");
            var temp = file.FullName + ".partial";
            if (File.Exists(temp)) File.Delete(temp);
            try
            {
                // One read transaction: the copy is the database as of one instant, written pages compacted.
                // Into an empty owner-only file (VACUUM INTO accepts an empty one): the copy holds the workers' logs too.
                OwnerOnly.Create(temp);
                using (var connection = Database.OpenMigrated(source))
                    Dapper.SqlMapper.Execute(connection, "VACUUM INTO @temp", new { temp });
                File.Move(temp, file.FullName);
            }
            finally
            {
                // A failed copy (a full disk, a broken database) leaves nothing behind that could pass for a backup.
                if (File.Exists(temp)) File.Delete(temp);
            }
            Console.WriteLine($"wrote {file.FullName} ({new FileInfo(file.FullName).Length / 1024:N0} KiB)");
        }));
        return command;
    }

    static Command RawCommand()
    {
        var command = new Command("raw", "write the bytes a scraped page or feed answer came as, by the SHA-256 every posting observation names (contentSha256), checked against it");
        var sha = new Argument<string>("SHA256") { Description = "the page's SHA-256, 64 hex digits" };
        var output = new Option<FileInfo?>("--out") { Description = "the file to write (must not exist); standard output when not given" };
        command.Arguments.Add(sha);
        command.Options.Add(output);
        command.SetAction(r => Run(() =>
        {
            var hash = r.GetValue(sha)!.Trim();
            if (hash.Length != 64 || !hash.All(char.IsAsciiHexDigit)) throw new ArgumentException($"SHA256: '{hash}' is not 64 hex digits");
            using var connection = Database.OpenMigrated(DatabasePath(r));
            var bytes = LaborWatch.Postings.RawBodies.Read(connection, hash) ?? throw new ArgumentException($"SHA256: no page {hash} in this database");
            if (r.GetValue(output) is { } file)
            {
                if (file.Exists) throw new IOException($"--out: {file.FullName} exists: give a new file");
                File.WriteAllBytes(file.FullName, bytes);
            }
            else
            {
                using var stdout = Console.OpenStandardOutput();
                stdout.Write(bytes);
            }
        }));
        return command;
    }

    /// <summary>The operator's k: $LABORWATCH_PUBLIC_K, else 11. Published figures never use a smaller one.</summary>
    public static int PublicK()
    {
        try { return WebOptions.ParseK(Environment.GetEnvironmentVariable(WebOptions.PublicKVariable)); }
        catch (ArgumentException e) { throw new ArgumentException($"{WebOptions.PublicKVariable}: {e.Message}"); }
    }

    static Command ReportCommand()
    {
        var command = new Command("report", "export the published figures with their n: HTML (self-contained, prints), CSV tables + dictionary, JSON, or a ZIP bundle with a manifest");
        var output = new Option<FileInfo>("--out") { Description = "FILE.html, FILE.json, FILE.zip, or FILE.csv (writes FILE.TABLE.csv for each table and FILE.dictionary.csv)", Required = true };
        var by = new Option<string?>("--by") { Description = "group by platform|parent|month|task_type|country[,..] (default platform)" };
        foreach (var o in new Option[] { output, by }) command.Options.Add(o);
        var filters = new FilterOptions(command);
        command.SetAction(r => Run(() =>
        {
            var filter = filters.Parse(r, r.GetValue(by));
            using var connection = Database.OpenMigrated(DatabasePath(r));
            NoteFirstRead(connection, filter);
            foreach (var file in LaborWatch.Exports.ReportFiles.Write(connection, filter, r.GetValue(output)!.FullName, DateTimeOffset.UtcNow))
                Console.WriteLine($"wrote {file}");
        }));
        return command;
    }

    static Command ChartCommand()
    {
        var command = new Command("chart", $"render a chart as PNG or SVG: {string.Join(", ", LaborWatch.Charts.ChartSpecs.Names)}");
        var name = new Argument<string>("NAME") { Description = string.Join(", ", LaborWatch.Charts.ChartSpecs.Names) };
        var output = new Option<FileInfo>("--out") { Description = "FILE.png or FILE.svg", Required = true };
        command.Arguments.Add(name);
        command.Options.Add(output);
        var filters = new FilterOptions(command);
        command.SetAction(r => Run(() =>
        {
            var file = r.GetValue(output)!;
            var extension = file.Extension.ToLowerInvariant();
            if (extension is not (".png" or ".svg")) throw new ArgumentException($"--out: '{file.Name}' must end in .png or .svg");
            var filter = filters.Parse(r);
            using var connection = Database.OpenMigrated(DatabasePath(r));
            var spec = LaborWatch.Charts.ChartSpecs.Build(connection, r.GetValue(name)!, filter);
            var temp = file.FullName + ".tmp";
            if (extension == ".png") File.WriteAllBytes(temp, LaborWatch.Charts.ChartRenderer.Png(spec));
            else File.WriteAllText(temp, LaborWatch.Charts.ChartRenderer.Svg(spec));
            File.Move(temp, file.FullName, overwrite: true);
            Console.WriteLine($"wrote {file.FullName}{(spec.IsEmpty ? " (no data for these filters)" : "")}");
        }));
        return command;
    }

    /// <summary>Runs a verb, turning the errors a user can act on into a message on stderr and exit code 1.</summary>
    /// <summary>The database this run works on, for the words of a fault met anywhere in it.</summary>
    static string? _database;

    static string DatabasePath(ParseResult r) => _database = Database.ResolvePath(r.GetValue(Db));

    static int Run(Action verb)
    {
        try
        {
            verb();
            return 0;
        }
        catch (ImportRejectedException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            foreach (var error in e.Errors) Console.Error.WriteLine($"  {e.File}: {error}");
            if (e.ErrorCount > e.Errors.Count) Console.Error.WriteLine($"  ... and more: {e.ErrorCount} invalid rows in all");
            Console.Error.WriteLine("  fix the rows above, or re-run with --skip-invalid to import only the valid rows");
            return 1;
        }
        catch (Exception e) when (e is ImportFormatException or ArgumentException or InvalidDataException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
        catch (SqliteException e)
        {
            // A full or read-only disk, a lock held too long, a damaged file: said in words, naming the file.
            Console.Error.WriteLine($"error: {(_database is not null ? DatabaseFaults.Describe(e, _database) : null) ?? "database: " + e.Message}");
            return 1;
        }
        catch (Npgsql.NpgsqlException e)
        {
            // The server unreachable, out of disk or connections: said in words, naming the database without its password.
            Console.Error.WriteLine($"error: {(_database is not null ? DatabaseFaults.Explain(e, _database).Message : "database: " + e.Message)}");
            return 1;
        }
    }
}
