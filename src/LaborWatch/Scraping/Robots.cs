using System.Text;

namespace LaborWatch.Scraping;

/// <summary>
/// A robots.txt read per RFC 9309: the group for our product token (else "*"), allow/disallow rules with
/// "*" and "$" patterns, the longest match deciding and "allow" winning a tie; plus the non-standard
/// Crawl-delay that many sites set. Only the first 500 KiB are parsed, as the RFC allows.
/// </summary>
public sealed class Robots
{
    public const int ParseLimitBytes = 500 * 1024;

    public static readonly Robots AllowAll = new([], null);
    public static readonly Robots DisallowAll = new([(false, "/")], null);

    readonly List<(bool Allow, string Pattern)> _rules;

    public TimeSpan? CrawlDelay { get; }

    Robots(List<(bool Allow, string Pattern)> rules, TimeSpan? crawlDelay)
    {
        _rules = rules;
        CrawlDelay = crawlDelay;
    }

    sealed class Group
    {
        public readonly List<string> Agents = [];
        public readonly List<(bool Allow, string Pattern)> Rules = [];
        public TimeSpan? Delay;
    }

    public static Robots Parse(byte[] body, string productToken)
    {
        var text = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, ParseLimitBytes));
        var groups = new List<Group>();
        Group? current = null;
        var lastWasAgent = false;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Split('#')[0].Trim();
            var colon = line.IndexOf(':');
            if (colon <= 0) continue;
            var key = line[..colon].Trim().ToLowerInvariant();
            var value = line[(colon + 1)..].Trim();
            if (key == "user-agent")
            {
                // Consecutive user-agent lines share one group; a rule line closes the list of agents.
                if (current is null || !lastWasAgent) groups.Add(current = new Group());
                current.Agents.Add(value.ToLowerInvariant());
                lastWasAgent = true;
                continue;
            }
            lastWasAgent = false;
            if (current is null) continue;
            if (key is "allow" or "disallow" && value.Length > 0) current.Rules.Add((key == "allow", value));
            else if (key == "crawl-delay" && double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
                current.Delay = TimeSpan.FromSeconds(Math.Min(seconds, 60));   // a site asking for more than a minute gets a minute
        }
        var token = productToken.ToLowerInvariant();
        var mine = groups.Where(g => g.Agents.Contains(token)).ToList();
        if (mine.Count == 0) mine = groups.Where(g => g.Agents.Contains("*")).ToList();
        return new Robots(mine.SelectMany(g => g.Rules).ToList(), mine.Select(g => g.Delay).FirstOrDefault(d => d is not null));
    }

    public bool Allows(string pathAndQuery)
    {
        var path = string.IsNullOrEmpty(pathAndQuery) ? "/" : pathAndQuery;
        if (path == "/robots.txt") return true;
        (bool Allow, int Length)? best = null;
        foreach (var (allow, pattern) in _rules)
        {
            if (pattern.Length == 0 || !Matches(pattern, path)) continue;
            var length = pattern.Length;
            if (best is null || length > best.Value.Length || length == best.Value.Length && allow) best = (allow, length);
        }
        return best?.Allow ?? true;
    }

    /// <summary>
    /// "*" matches any run, "$" anchors the end. Matched by backtracking only to the last "*" seen, which is
    /// O(pattern x path) at worst: a hostile robots.txt full of stars cannot stall a scrape.
    /// </summary>
    static bool Matches(string pattern, string path)
    {
        var anchored = pattern.EndsWith('$');
        var p = anchored ? pattern[..^1] : pattern;
        int pi = 0, si = 0, star = -1, resume = 0;
        while (true)
        {
            if (pi < p.Length && p[pi] == '*') { star = pi++; resume = si; continue; }
            if (pi == p.Length && (!anchored || si == path.Length)) return true;   // unanchored: a prefix match is enough
            if (pi < p.Length && si < path.Length && p[pi] == path[si]) { pi++; si++; continue; }
            if (star < 0 || resume >= path.Length) return false;
            pi = star + 1;
            si = ++resume;
        }
    }
}
