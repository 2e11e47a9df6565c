namespace LaborWatch.Web.Submissions;

/// <summary>
/// The settings of `serve`, with defaults that suit a public server. <see cref="ServeSettings"/> fills them from
/// the command line, the environment and appsettings.json (in that order of precedence); tests set them directly.
/// Without a reviewer token, /review is closed.
/// </summary>
public sealed record WebOptions
{
    public const string ReviewTokenVariable = "LABORWATCH_REVIEW_TOKEN";
    public const int MinimumReviewTokenLength = 16;

    public string? ReviewToken { get; init; }

    /// <summary>Form posts and API calls one client may make per window (submissions, receipt look-ups, review log-ins).</summary>
    public int PostsPerWindow { get; init; } = 20;
    public TimeSpan Window { get; init; } = TimeSpan.FromHours(1);

    /// <summary>The largest form post or API body accepted: 20 logs with long notes fit in well under this.</summary>
    public long MaxBodyBytes { get; init; } = 256 * 1024;

    public const string ReviewersVariable = "LABORWATCH_REVIEWERS";

    /// <summary>Named reviewers and their tokens ($LABORWATCH_REVIEWERS: "alice=TOKEN;bob=TOKEN").</summary>
    public IReadOnlyDictionary<string, string> NamedReviewers { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Every reviewer who can sign in: the named ones, and "reviewer" for the single $LABORWATCH_REVIEW_TOKEN.
    /// Tokens shorter than <see cref="MinimumReviewTokenLength"/> open nothing.
    /// </summary>
    public IReadOnlyDictionary<string, string> Reviewers =>
        NamedReviewers.Concat(ReviewToken is { } t ? [new KeyValuePair<string, string>("reviewer", t)] : [])
            .Where(r => r.Value.Length >= MinimumReviewTokenLength).ToDictionary(r => r.Key, r => r.Value);

    public bool ReviewEnabled => Reviewers.Count > 0;

    /// <summary>Words that mark a token copied from documentation rather than made: such a token is refused at start.</summary>
    static readonly string[] Placeholders = ["change-me", "changeme", "change_me", "replace-me", "your-token", "placeholder", "example", "secret-token", "password"];

    /// <summary>The bits of a token by the frequencies of its characters (Shannon), a floor on what guessing it costs.</summary>
    public static double EntropyBits(string token) =>
        token.GroupBy(c => c).Sum(g => -g.Count() * Math.Log2((double)g.Count() / token.Length));

    /// <summary>The fewest bits a reviewer token may have (a random 16-character base-64 token has about 64).</summary>
    public const double MinimumTokenBits = 56;

    /// <summary>
    /// What is wrong with the reviewer tokens, each naming the reviewer (never the token): a placeholder from the docs,
    /// too little entropy (a repeated or too simple token), or one token for two names (their decisions would be
    /// recorded under the first). `serve` refuses to start while any is listed. Tokens under 16 characters open nothing
    /// and are only warned about.
    /// </summary>
    public IReadOnlyList<string> ReviewerProblems()
    {
        var problems = new List<string>();
        var all = NamedReviewers.Concat(ReviewToken is { } t ? [new KeyValuePair<string, string>("reviewer", t)] : []).ToList();
        foreach (var (name, token) in all.Where(r => r.Value.Length >= MinimumReviewTokenLength))
        {
            if (Placeholders.Any(p => token.Contains(p, StringComparison.OrdinalIgnoreCase)))
                problems.Add($"reviewer '{name}': the token is a placeholder from the documentation; make one with: openssl rand -base64 24");
            else if (EntropyBits(token) < MinimumTokenBits)
                problems.Add($"reviewer '{name}': the token is too easy to guess ({EntropyBits(token):0} bits by its characters; at least {MinimumTokenBits:0}); make one with: openssl rand -base64 24");
        }
        foreach (var shared in all.GroupBy(r => r.Value, StringComparer.Ordinal).Where(g => g.Count() > 1))
            problems.Add($"reviewers {string.Join(" and ", shared.Select(r => $"'{r.Key}'"))} have the same token: give each their own, so that each decision is recorded under who made it");
        return problems;
    }

    /// <summary>"json": logs as one JSON object a line; else the standard single-line console format.</summary>
    public string? LogFormat { get; init; }

    /// <summary>
    /// Where the data-protection keys that seal review and form cookies live ($LABORWATCH_KEYS_DIR): shared by
    /// every server and kept across restarts. Null: keys in memory only (a restart signs reviewers out).
    /// </summary>
    public string? KeysFolder { get; init; }

    /// <summary>
    /// The address the public reaches the server at ($LABORWATCH_PUBLIC_URL), with no path: the feed's and pages' links
    /// are made from it, and every request's Host is set to it, so no request can put another host into what others
    /// are served (a cached feed linking to a stranger's site) or break a page with a Host no URL can hold. Null: the
    /// first address the server listens on.
    /// </summary>
    public Uri? PublicUrl { get; init; }

    /// <summary>
    /// Publish only posts that came with a member code (`--require-codes`, $LABORWATCH_REQUIRE_CODES): for a union that
    /// hands codes to its members and wants no figure to rest on anonymous posts. Imports are published as always.
    /// </summary>
    public bool RequireCodes { get; init; }

    /// <summary>
    /// The response header Server-Timing (the figures' and the drawing's time of a chart drawn for the request): only for
    /// benchmarks and tests, never on a public server, where it tells any visitor whether someone else asked for a view.
    /// </summary>
    public bool ServerTiming { get; init; }

    /// <summary>"https://laborwatch.example" as a public URL: http or https, a host, no path, query or credentials.</summary>
    public static Uri ParsePublicUrl(string text) =>
        Uri.TryCreate(text.TrimEnd('/'), UriKind.Absolute, out var url) && url.Scheme is "http" or "https" && url.AbsolutePath == "/" && url.Query == "" && url.UserInfo == ""
            ? new Uri(url.GetLeftPart(UriPartial.Authority))
            : throw new FormatException($"'{text}' is not an http(s) URL of a host alone (https://laborwatch.example)");

    // The parsers below say what is wrong with a value; ServeSettings says which setting it was and where it came from.

    /// <summary>"alice=TOKEN;bob=TOKEN" as names and tokens; a malformed entry is an error naming it.</summary>
    public static IReadOnlyDictionary<string, string> ParseReviewers(string? text)
    {
        var reviewers = new Dictionary<string, string>();
        foreach (var entry in (text ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = entry.IndexOf('=');
            var name = eq > 0 ? entry[..eq].Trim() : "";
            if (name.Length == 0 || name.Length > 40 || !name.All(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.'))
                throw new ArgumentException($"an entry must be NAME=TOKEN (name: letters, digits, - _ .), not '{(eq > 0 ? name + "=…" : "…")}'");
            if (!reviewers.TryAdd(name, entry[(eq + 1)..].Trim())) throw new ArgumentException($"reviewer '{name}' is named twice");
        }
        return reviewers;
    }

    public const string PublicKVariable = "LABORWATCH_PUBLIC_K";

    /// <summary>
    /// The public k: the fewest distinct workers behind any published figure. Set by the operator when the
    /// server starts ($LABORWATCH_PUBLIC_K, default 11); a request may ask for a higher k, never a lower one.
    /// </summary>
    public int PublicK { get; init; } = LaborWatch.Privacy.Disclosure.DefaultK;

    /// <summary>How often a release of the public figures is cut ($LABORWATCH_RELEASE_EVERY: 24h, 6h, 30m, 1d; "off" for never).</summary>
    public TimeSpan? ReleaseEvery { get; init; } = TimeSpan.FromHours(24);

    /// <summary>How often serve scrapes the live sources ($LABORWATCH_SCRAPE_EVERY, e.g. 24h); null or zero: never (the default).</summary>
    public TimeSpan? ScrapeEvery { get; init; }

    /// <summary>The sources file serve scrapes ($LABORWATCH_SOURCES); null: the shipped catalog, data/sources/sources.json.</summary>
    public string? SourcesFile { get; init; }

    /// <summary>
    /// The reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed ($LABORWATCH_TRUSTED_PROXIES,
    /// CIDR blocks, comma-separated). Empty: forwarded headers are ignored from everyone, so behind an unlisted proxy
    /// every worker shares the proxy's address (one rate limit, one worker of the day).
    /// </summary>
    public IReadOnlyList<System.Net.IPNetwork> TrustedProxies { get; init; } = [];

    /// <summary>"10.0.0.0/8, ::1/128, 127.0.0.1" as networks (a bare address is its own /32 or /128).</summary>
    public static IReadOnlyList<System.Net.IPNetwork> ParseNetworks(string? text)
    {
        var networks = new List<System.Net.IPNetwork>();
        foreach (var part in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (System.Net.IPNetwork.TryParse(part, out var network)) networks.Add(network);
            else if (System.Net.IPAddress.TryParse(part, out var address)) networks.Add(new System.Net.IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128));
            else throw new ArgumentException($"'{part}' is not an address or CIDR block (e.g. 10.0.0.0/8 or 127.0.0.1)");
        }
        return networks;
    }

    public static int ParseK(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return LaborWatch.Privacy.Disclosure.DefaultK;
        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var k) && k >= 2
            ? k : throw new ArgumentException($"'{text}' is not a whole number of at least 2");
    }

    /// <summary>"24h", "30m", "1d", "90s" as a time span; "off" or "0" as <see cref="TimeSpan.Zero"/> (no schedule); null for nothing given.</summary>
    public static TimeSpan? ParseInterval(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        text = text.Trim().ToLowerInvariant();
        if (text is "off" or "0" or "never") return TimeSpan.Zero;
        var unit = text[^1];
        if (!double.TryParse(text[..^1], System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out var n) || n <= 0 || n > 10000)
            throw new ArgumentException($"'{text}' is not an interval: a number with s, m, h or d (24h, 30m, 1d), or off");
        return unit switch
        {
            's' => TimeSpan.FromSeconds(n),
            'm' => TimeSpan.FromMinutes(n),
            'h' => TimeSpan.FromHours(n),
            'd' => TimeSpan.FromDays(n),
            _ => throw new ArgumentException($"'{text}' is not an interval: a number with s, m, h or d (24h, 30m, 1d), or off"),
        };
    }
}
