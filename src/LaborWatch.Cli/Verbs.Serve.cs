using System.CommandLine;
using LaborWatch.Data;
using LaborWatch.Web;

namespace LaborWatch.Cli;

public static partial class Verbs
{
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

    static int Serve(string? db, bool demo, Dictionary<string, string?> flags) => Run(db, path =>
    {
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
}
