using System.Text;
using System.Text.Json.Nodes;
using LaborWatch.Scraping;

namespace LaborWatch.Tests.Scraping;

/// <summary>
/// Feeds are hostile input: every fixture in every feed shape, with each value in turn swapped for a value of
/// another JSON type, must give postings or a named error for that document, never an exception that would
/// abort the whole scrape (and, on serve's schedule, the job).
/// </summary>
[TestClass]
public sealed class HostileFeedTests
{
    static readonly System.Text.RegularExpressions.Regex LdJson = new(@"<script[^>]*application/ld\+json[^>]*>(.*?)</script>", System.Text.RegularExpressions.RegexOptions.Singleline);

    static readonly JsonNode?[] Swaps = [null, JsonValue.Create(12345), JsonValue.Create("text"), JsonValue.Create(true), new JsonObject(), new JsonArray(), JsonValue.Create(-1e300)];

    /// <summary>Found by fuzzing (Reliability/FuzzTests): a byte that is not UTF-8 in a feed's text threw InvalidOperationException.</summary>
    [TestMethod]
    public void A_feed_with_a_byte_that_is_not_utf8_is_read_with_a_replacement_character()
    {
        var text = File.ReadAllText(Repo.File("data", "fixtures", "feeds", "day1", "telvera", "telus-job-posts.json"));
        var at = text.IndexOf("Search Quality", StringComparison.Ordinal);   // inside the first title (ASCII before it: bytes = chars)
        var feed = Encoding.UTF8.GetBytes(text).ToList();
        feed.Insert(at, 0xCA);
        var postings = OfflineScraper.Extract(new SourceDocument("https://feed.example/telus.json", "application/json", [.. feed], "Telvera"), out var error);
        Assert.IsNull(error, error);
        Assert.IsTrue(postings.Count > 0);
    }

    [TestMethod]
    public void Every_value_of_every_feed_swapped_for_another_type_is_read_or_named_never_thrown()
    {
        var files = Directory.GetFiles(Repo.File("data", "fixtures", "feeds"), "*", SearchOption.AllDirectories)
            .Concat(Directory.GetFiles(Repo.File("data", "fixtures", "postings"), "*", SearchOption.AllDirectories))
            .Where(f => f.EndsWith(".json") || f.EndsWith(".html")).ToList();
        var documents = 0;
        var failures = new SortedSet<string>();
        foreach (var file in files)
        {
            // A job page's JSON-LD block is mutated in place; a feed is JSON throughout.
            var text = File.ReadAllText(file);
            var block = LdJson.Match(text);
            var (before, json, after) = block.Success ? (text[..block.Groups[1].Index], block.Groups[1].Value, text[(block.Groups[1].Index + block.Groups[1].Length)..]) : ("", text, "");
            JsonNode? original;
            try { original = JsonNode.Parse(json); } catch (System.Text.Json.JsonException) { continue; }
            var paths = new List<Func<JsonNode, JsonNode?, bool>>();
            Collect(original!, paths);
            foreach (var swap in paths)
                foreach (var value in Swaps)
                {
                    var copy = original!.DeepClone();
                    if (!swap(copy, value?.DeepClone())) continue;
                    var body = Encoding.UTF8.GetBytes(before + copy.ToJsonString() + after);
                    var document = new SourceDocument("https://feed.example/" + Path.GetFileName(file), block.Success ? "text/html" : "application/json", body, "Hostile");
                    try { OfflineScraper.Extract(document, out _); }
                    catch (Exception e) { failures.Add($"{Path.GetFileName(file)}: {e.GetType().Name} at {e.StackTrace?.Split('\n').FirstOrDefault(l => l.Contains("LaborWatch"))?.Trim()}"); }
                    documents++;
                }
        }
        Assert.AreEqual(0, failures.Count, "threw instead of naming the document's error:\n" + string.Join("\n", failures));
        Assert.IsTrue(documents > 1000, $"only {documents} hostile documents tried");
    }

    /// <summary>For every value in the tree, a setter that replaces it (found again by its path in a copy).</summary>
    static void Collect(JsonNode node, List<Func<JsonNode, JsonNode?, bool>> setters, List<object>? path = null)
    {
        path ??= [];
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, child) in o.ToList())
                {
                    var here = new List<object>(path) { key };
                    setters.Add((root, value) => Set(root, here, value));
                    if (child is not null) Collect(child, setters, here);
                }
                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    var here = new List<object>(path) { i };
                    setters.Add((root, value) => Set(root, here, value));
                    if (a[i] is { } child) Collect(child, setters, here);
                }
                break;
        }
    }

    static bool Set(JsonNode root, List<object> path, JsonNode? value)
    {
        var node = root;
        for (var i = 0; i < path.Count - 1; i++) node = path[i] is string k ? node![k] : node![(int)path[i]];
        switch (node, path[^1])
        {
            case (JsonObject o, string key): o[key] = value; return true;
            case (JsonArray a, int index): a[index] = value; return true;
            default: return false;
        }
    }
}
