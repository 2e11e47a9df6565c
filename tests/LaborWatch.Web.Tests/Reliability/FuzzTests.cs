using System.Diagnostics;
using System.Text;
using CsCheck;
using LaborWatch.Contracts;
using LaborWatch.Pay;
using LaborWatch.Scraping;
using LaborWatch.Web.Submissions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Repo = LaborWatch.Tests.Repo;

namespace LaborWatch.Web.Tests.Reliability;

/// <summary>
/// Coverage-free fuzzing with CsCheck: every parser that reads what others wrote gets real inputs (the labelled
/// pay strings, the sample CSV, every feed and page fixture) mutated byte by byte and token by token, on both
/// cores. Nothing may escape but the parser's own named error, and no input may take a second. A failure prints
/// CsCheck's seed and the shrunk input; each becomes a test of its own. Quick runs a few thousand inputs each;
/// scripts/reliability.sh runs each for two minutes.
/// </summary>
[TestClass, DoNotParallelize]
public sealed class FuzzTests
{
    public TestContext TestContext { get; set; } = null!;

    /// <summary>Tokens that break parsers: quotes, separators, brackets, numbers at and past every limit, markup, control and bidi characters.</summary>
    static readonly string[] Tokens =
    [
        "\"", ",", ";", "\n", "\r\n", "\r", "\t", "{", "}", "[", "]", ":", "null", "true", "-", ".", "..", "$", "€", "£", "₱", "KSh", "USD",
        "1e999", "-1e999", "1e308", "9999999999999999999999999", "92233720368547758.07", "0.000000001", "-0", "NaN", "Infinity", "0x1F", "1,000,000",
        "\0", "\u202E", "\u2066", "\uFEFF", "\uD800", "😀", "<", ">", "<script>", "</script>", "&amp;", "&#x0;", "\\", "\\u0000", "'", "%",
        "per hour", "/hr", "an hour", "k", "K", "up to", "from", "to", "–", "—", "per task", "weekly", "annually", "2025-13", "2025-02", "0000-00",
    ];

    static Gen<byte[]> Mutated(IReadOnlyList<byte[]> corpus) =>
        Gen.Select(Gen.Int[0, corpus.Count - 1], Gen.Select(Gen.Int[0, 6], Gen.Int[0, int.MaxValue], Gen.Int[0, int.MaxValue]).Array[0, 12],
            (pick, edits) => Apply(corpus[pick], edits));

    static byte[] Apply(byte[] original, (int Kind, int A, int B)[] edits)
    {
        var bytes = new List<byte>(original);
        foreach (var (kind, a, b) in edits)
        {
            var at = bytes.Count == 0 ? 0 : a % (bytes.Count + 1);
            var span = Math.Min(bytes.Count - at, 1 + b % 64);
            switch (kind)
            {
                case 0 when at < bytes.Count: bytes[at] = (byte)b; break;                      // one byte changed
                case 1: bytes.Insert(at, (byte)b); break;                                       // one byte added
                case 2 when span > 0: bytes.RemoveRange(at, span); break;                       // a run removed
                case 3 when span > 0: bytes.InsertRange(at, bytes.GetRange(at, span)); break;   // a run repeated
                case 4: bytes.InsertRange(at, Encoding.UTF8.GetBytes(Tokens[b % Tokens.Length])); break;
                case 5 when span > 0:
                    bytes.RemoveRange(at, span);
                    bytes.InsertRange(at, Encoding.UTF8.GetBytes(Tokens[b % Tokens.Length]));  // a run replaced by a token
                    break;
                case 6: bytes.RemoveRange(at, bytes.Count - at); break;                         // cut off
            }
        }
        return [.. bytes];
    }

    static int Seconds => Figures.Pick(-1, 120);   // CsCheck: -1 runs by count, else for this many seconds
    static long Iterations => Figures.Pick(3_000, 100);

    /// <summary>Runs one target over mutated inputs; the figures say how many ran, and how many threw or took a second.</summary>
    void Fuzz(string target, IReadOnlyList<byte[]> corpus, Action<byte[]> run)
    {
        long executions = 0, slowestTicks = 0;
        var escapes = 0;
        string? failure = null;
        try
        {
            Mutated(corpus).Sample(input =>
            {
                var clock = Stopwatch.StartNew();
                run(input);
                var ticks = clock.ElapsedTicks;
                Interlocked.Increment(ref executions);
                long seen;
                while (ticks > (seen = Interlocked.Read(ref slowestTicks)) && Interlocked.CompareExchange(ref slowestTicks, ticks, seen) != seen) { }
                if (clock.Elapsed > TimeSpan.FromSeconds(1)) throw new TimeoutException($"{target}: one input took {clock.Elapsed.TotalSeconds:F1} s");
            }, iter: Iterations, time: Seconds, print: b => Convert.ToBase64String(b));
        }
        catch (Exception e)
        {
            escapes = 1;
            failure = $"{e.Message}\n{e.InnerException}";
        }
        var slowest = TimeSpan.FromTicks(slowestTicks * TimeSpan.TicksPerSecond / Stopwatch.Frequency);
        Figures.Record("fuzz", $"{target} (slowest input {slowest.TotalMilliseconds:F0} ms)", executions, "executions", escapes, "escaped exceptions or hangs");
        TestContext.WriteLine($"{target}: {executions:N0} executions, slowest {slowest.TotalMilliseconds:F1} ms");
        if (failure is not null) Assert.Fail(failure);
        Assert.IsTrue(executions >= Math.Min(Iterations, 1000), $"{target}: only {executions} inputs ran");
    }

    static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    [TestMethod, TestCategory("Reliability")]
    public void Pay_text_parser()
    {
        var corpus = File.ReadLines(Repo.File("data", "fixtures", "pay_strings_dev.tsv")).Skip(1)
            .Concat(File.ReadLines(Repo.File("data", "fixtures", "pay_strings_heldout.tsv")).Skip(1))
            .Select(l => Utf8(l.Split('\t')[0])).ToList();
        Fuzz("pay-text parser", corpus, input => PayText.Parse(Encoding.UTF8.GetString(input)));
    }

    [TestMethod, TestCategory("Reliability")]
    public void Contract_import_csv() => FuzzImport("CSV contract import", "fuzz.csv", SampleCsv());

    [TestMethod, TestCategory("Reliability")]
    public void Contract_import_json()
    {
        var rows = SampleCsv().Select(Encoding.UTF8.GetString).Select(csv =>
        {
            var records = RawRecords.Read("s.csv", new MemoryStream(Utf8(csv))).ToList();
            return System.Text.Json.JsonSerializer.Serialize(records.Select(r => ContractColumns.All.Select((c, i) => (c, v: r.Values[i]))
                .Where(x => x.v is not null).ToDictionary(x => x.c, x => (object)(decimal.TryParse(x.v, System.Globalization.CultureInfo.InvariantCulture, out var d) ? d : x.v!))));
        });
        FuzzImport("JSON contract import", "fuzz.json", rows.Select(Utf8).ToList());
    }

    /// <summary>Reading and validating a file as the import does: a file's own named error, or records, never anything else.</summary>
    void FuzzImport(string target, string name, IReadOnlyList<byte[]> corpus) => Fuzz(target, corpus, input =>
    {
        var validator = new ContractValidator();
        try
        {
            foreach (var record in RawRecords.Read(name, new MemoryStream(input)))
                if (record.Problem is null) validator.Validate(record.Values);
        }
        catch (ImportFormatException) { }   // the file's own error, named: what the import reports
    });

    static List<byte[]> SampleCsv()
    {
        var lines = File.ReadLines(Repo.File("data", "sample", "synthetic_contracts.csv")).Take(40).ToList();
        return Enumerable.Range(0, 8).Select(i => Utf8(lines[0] + "\n" + string.Join("\n", lines.Skip(1 + i * 4).Take(4)) + "\n")).ToList();
    }

    [TestMethod, TestCategory("Reliability")]
    public void Every_posting_adapter()
    {
        var files = Directory.GetFiles(Repo.File("data", "fixtures", "feeds"), "*", SearchOption.AllDirectories)
            .Concat(Directory.GetFiles(Repo.File("data", "fixtures", "postings"), "*", SearchOption.AllDirectories))
            .Where(f => f.EndsWith(".json") || f.EndsWith(".html")).Order().ToList();
        var corpus = files.Select(File.ReadAllBytes).ToList();
        Fuzz("posting adapters (every feed and page fixture)", corpus, input =>
        {
            var html = input.Length > 0 && input[0] == (byte)'<';
            OfflineScraper.Extract(new SourceDocument("https://fuzz.example/x", html ? "text/html" : "application/json", input, "Fuzz"), out _);
        });
    }

    [TestMethod, TestCategory("Reliability")]
    public void Robots_txt()
    {
        var corpus = new[]
        {
            "User-agent: *\nDisallow: /private\nAllow: /private/ok\nCrawl-delay: 5\n",
            "User-agent: LaborWatch\nDisallow: /\n\nUser-agent: *\nAllow: /\n",
            "User-agent: *\nDisallow: /*.json$\nDisallow: /jobs?page=*\nSitemap: https://x.example/sitemap.xml\n",
            "# comment\nuser-agent: laborwatch/0.1\nDISALLOW: /a%2Fb\ncrawl-delay: 0.5\n",
        }.Select(Utf8).ToList();
        string[] paths = ["/", "/private", "/private/ok", "/jobs?page=2", "/a/b.json", "/a%2Fb", "/%E2%82%AC", ""];
        Fuzz("robots.txt", corpus, input =>
        {
            var robots = Robots.Parse(input, "LaborWatch");
            foreach (var path in paths) robots.Allows(path);
        });
    }

    [TestMethod, TestCategory("Reliability")]
    public void Submission_form_binder()
    {
        // A valid log's fields, one "name=value" a line: mutations change names and values alike.
        var valid = FormClient.Log(0, new() { ["notes"] = "paid late", ["region"] = "Nairobi", ["duration_weeks"] = "6" });
        var corpus = new List<byte[]> { Utf8(string.Join("\n", valid.Select(kv => kv.Key + "=" + kv.Value))) };
        // One validator a call, as one a request: it remembers the platform spellings it has seen, so it is not shared by threads.
        Fuzz("submission form binder", corpus, input =>
        {
            var fields = new Dictionary<string, StringValues>();
            foreach (var line in Encoding.UTF8.GetString(input).Split('\n'))
            {
                var eq = line.IndexOf('=');
                if (eq > 0) fields[line[..eq]] = line[(eq + 1)..];
            }
            var form = new FormCollection(fields);
            var log = FormLog.Read(form, 0);
            log.Validate(new ContractValidator());
        });
    }
}
