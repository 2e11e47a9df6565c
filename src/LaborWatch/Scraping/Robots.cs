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

    static bool Matches(string pattern, string path)
    {
        var anchored = pattern.EndsWith('$');
        var p = anchored ? pattern[..^1] : pattern;
        return Match(p, 0, path, 0, anchored);
    }

    static bool Match(string p, int pi, string s, int si, bool anchored)
    {
        while (pi < p.Length)
        {
            if (p[pi] == '*')
            {
                for (var k = si; k <= s.Length; k++)
                    if (Match(p, pi + 1, s, k, anchored)) return true;
                return false;
            }
            if (si >= s.Length || p[pi] != s[si]) return false;
            pi++;
            si++;
        }
        return !anchored || si == s.Length;
    }
}
