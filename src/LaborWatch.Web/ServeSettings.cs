using System.Globalization;
using LaborWatch.Web.Submissions;
using Microsoft.Extensions.Configuration;

namespace LaborWatch.Web;

/// <summary>
/// Every setting of `serve`, read the .NET way (Microsoft.Extensions.Configuration): command-line flags first,
/// then environment variables (LABORWATCH_NAME), then an optional appsettings.json in the working folder (keys
/// are the same NAMEs: <c>{"PUBLIC_K": 15, "RELEASE_EVERY": "12h"}</c>). Every value is checked at start; all
/// the problems are reported together, each naming the setting and where it came from.
/// </summary>
public static class ServeSettings
{
    public const string EnvironmentPrefix = "LABORWATCH_";
    public const string FileName = "appsettings.json";

    /// <summary>A setting: its NAME (env LABORWATCH_NAME and the JSON key), its flag, and what it does.</summary>
    public sealed record Setting(string Name, string? Flag, string Meaning);

    public static readonly Setting[] All =
    [
        new("URLS", "--urls", "where to listen (default http://127.0.0.1:5080)"),
        new("PUBLIC_URL", "--public-url", "the address the public reaches the server at, for the links in feeds and pages (default: the first listening URL); a request's Host header is never used"),
        new("PUBLIC_K", "--public-k", "the fewest distinct workers behind any published figure (default 11); requests may ask for more, never less"),
        new("RELEASE_EVERY", "--release-every", "how often a release of the public figures is cut: 24h, 6h, 30m, 1d or off (default 24h)"),
        new("SCRAPE_EVERY", "--scrape-every", "how often the live sources are scraped: 24h, 1d... (default never)"),
        new("SOURCES", null, "the sources file to scrape (default: the shipped catalog data/sources/sources.json)"),
        new("REQUIRE_CODES", "--require-codes", "1 (or the bare flag): publish only posts that came with a member code (`laborwatch codes issue`); imports as always (default off)"),
        new("TRUSTED_PROXIES", "--trusted-proxies", "reverse proxies whose forwarded headers are believed: CIDR blocks, comma-separated (default none)"),
        new("REVIEW_TOKEN", null, "one reviewer's token, 16+ characters (named \"reviewer\")"),
        new("REVIEWERS", null, "named reviewers: NAME=TOKEN;NAME=TOKEN, each token 16+ characters"),
        new("KEYS_DIR", null, "folder for the data-protection keys that seal cookies, shared by restarts and servers (default: in memory)"),
        new("POSTS_PER_HOUR", null, "posts one client may make an hour: submissions and review sign-ins, and apart from those as many receipt look-ups, corrections and deletions (default 20)"),
        new("MAX_BODY_KB", null, "the largest form post or API body, in KiB (default 256)"),
        new("LOG_FORMAT", null, "simple (default) or json: one JSON object a line"),
        new("SERVER_TIMING", null, "1: send Server-Timing with a chart drawn for the request (benchmarks only: on a public server it tells a visitor whether someone else asked for a view; default off)"),
    ];

    /// <summary>The settings as a help text: `serve --help` and docs/deploy.md show it.</summary>
    public static string Help => "settings (flag, else environment LABORWATCH_NAME, else appsettings.json key NAME):\n" +
        string.Join("\n", All.Select(s => $"  {s.Name,-16}{(s.Flag is null ? "" : s.Flag + ": ")}{s.Meaning}"));

    /// <summary>Reads every setting; <paramref name="flags"/> holds the flags given (by NAME). Throws ArgumentException listing every bad value.</summary>
    public static (WebOptions Options, string Urls) Load(IReadOnlyDictionary<string, string?> flags, string? folder = null)
    {
        var file = Path.Combine(folder ?? Directory.GetCurrentDirectory(), FileName);
        IConfigurationRoot configuration;
        try
        {
            configuration = new ConfigurationBuilder()
                .AddJsonFile(file, optional: true, reloadOnChange: false)
                .AddEnvironmentVariables(EnvironmentPrefix)
                .AddInMemoryCollection(flags.Where(f => f.Value is not null))
                .Build();
        }
        catch (InvalidDataException e)
        {
            // The configuration library says only "failed to load"; where the JSON breaks is in the innermost exception.
            throw new ArgumentException($"{file}: not valid JSON: {e.GetBaseException().Message}");
        }
        var errors = new List<string>();
        T? Read<T>(string name, Func<string, T> parse)
        {
            var value = configuration[name];
            if (string.IsNullOrWhiteSpace(value)) return default;
            try { return parse(value.Trim()); }
            catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
            {
                var setting = All.Single(s => s.Name == name);
                errors.Add($"{name} ({(flags.ContainsKey(name) ? setting.Flag : Environment.GetEnvironmentVariable(EnvironmentPrefix + name) is not null ? EnvironmentPrefix + name : FileName)}): {e.Message}");
                return default;
            }
        }
        int Positive(string text, int max) => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= max
            ? n : throw new FormatException($"'{text}' is not a whole number from 1 to {max}");

        var defaults = new WebOptions();
        var urls = Read("URLS", u => u.Split(';', StringSplitOptions.RemoveEmptyEntries).All(url => Uri.TryCreate(url.Trim(), UriKind.Absolute, out var parsed) && parsed.Scheme is "http" or "https")
            ? u : throw new FormatException($"'{u}' is not an http(s) URL (several: separated by ;)")) ?? "http://127.0.0.1:5080";
        var logFormat = Read("LOG_FORMAT", f => f is "simple" or "json" ? f : throw new FormatException($"'{f}' is not simple or json"));
        var options = defaults with
        {
            PublicK = Read("PUBLIC_K", WebOptions.ParseK) is var k and > 0 ? k : defaults.PublicK,
            ReleaseEvery = Read("RELEASE_EVERY", WebOptions.ParseInterval) ?? defaults.ReleaseEvery,
            ScrapeEvery = Read("SCRAPE_EVERY", WebOptions.ParseInterval),
            SourcesFile = Read("SOURCES", f => File.Exists(f) ? f : throw new ArgumentException($"'{f}' does not exist")),
            TrustedProxies = Read("TRUSTED_PROXIES", WebOptions.ParseNetworks) ?? [],
            ReviewToken = configuration["REVIEW_TOKEN"] is { Length: > 0 } t ? t : null,
            NamedReviewers = Read("REVIEWERS", WebOptions.ParseReviewers) ?? defaults.NamedReviewers,
            KeysFolder = configuration["KEYS_DIR"] is { Length: > 0 } d ? d : null,
            PostsPerWindow = Read("POSTS_PER_HOUR", v => Positive(v, 100_000)) is var p and > 0 ? p : defaults.PostsPerWindow,
            MaxBodyBytes = Read("MAX_BODY_KB", v => Positive(v, 1024)) is var b and > 0 ? b * 1024L : defaults.MaxBodyBytes,
            LogFormat = logFormat,
            PublicUrl = Read("PUBLIC_URL", WebOptions.ParsePublicUrl),
            RequireCodes = Read("REQUIRE_CODES", v => v is "1" or "true" || (v is "0" or "false" ? false : throw new FormatException($"'{v}' is not 1 or 0"))),
            ServerTiming = Read("SERVER_TIMING", v => v is "1" or "true" || (v is "0" or "false" ? false : throw new FormatException($"'{v}' is not 1 or 0"))),
        };
        errors.AddRange(options.ReviewerProblems().Select(p => "REVIEWERS/REVIEW_TOKEN: " + p));
        if (errors.Count > 0) throw new ArgumentException("bad settings:\n  " + string.Join("\n  ", errors));
        return (options, urls);
    }
}
