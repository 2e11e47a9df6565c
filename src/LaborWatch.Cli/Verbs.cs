using System.CommandLine;
using LaborWatch.Contracts;
using LaborWatch.Data;
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

    /// <summary>The operator's k: $LABORWATCH_PUBLIC_K, else 11. Published figures never use a smaller one.</summary>
    public static int PublicK()
    {
        try { return WebOptions.ParseK(Environment.GetEnvironmentVariable(WebOptions.PublicKVariable)); }
        catch (ArgumentException e) { throw new ArgumentException($"{WebOptions.PublicKVariable}: {e.Message}"); }
    }

    /// <summary>Runs a verb on the database of the command line (--db, else the environment, else the default).</summary>
    static int Run(ParseResult r, Action<string> verb) => Run(r.GetValue(Db), verb);

    /// <summary>Runs a verb on the database <paramref name="db"/> names; resolving it is part of the verb (a bad --db is its error).</summary>
    static int Run(string? db, Action<string> verb)
    {
        string? database = null;
        return Run(() => verb(database = Database.ResolvePath(db)), () => database);
    }

    /// <summary>
    /// Runs a verb, turning the errors a user can act on into a message on stderr and exit code 1; a fault of the
    /// database (once the verb has resolved it) is said in words naming it.
    /// </summary>
    static int Run(Action verb, Func<string?>? resolved = null)
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
            var database = resolved?.Invoke();
            // A full or read-only disk, a lock held too long, a damaged file: said in words, naming the file.
            Console.Error.WriteLine($"error: {(database is not null ? DatabaseFaults.Describe(e, database) : null) ?? "database: " + e.Message}");
            return 1;
        }
        catch (Npgsql.NpgsqlException e)
        {
            var database = resolved?.Invoke();
            // The server unreachable, out of disk or connections: said in words, naming the database without its password.
            Console.Error.WriteLine($"error: {(database is not null ? DatabaseFaults.Explain(e, database).Message : "database: " + e.Message)}");
            return 1;
        }
    }
}
