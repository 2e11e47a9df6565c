using System.Text;
using LaborWatch.Scraping;

namespace LaborWatch.Tests.Scraping;

/// <summary>
/// The byte scan of JSON-LD pages must give what the HTML parser gives, on every page it answers for; where it cannot
/// be sure it must say so (null), and then the parser reads the page.
/// </summary>
[TestClass]
public sealed class JsonLdScanTests
{
    const string Block = """{"@type":"JobPosting","title":"Rater","url":"https://jobs.example/1"}""";

    static SourceDocument Doc(string html) => new("file:page.html", "text/html", Encoding.UTF8.GetBytes(html), "Annotara");

    /// <summary>The parser's answer and the scan's (null when the scan is unsure).</summary>
    static ((string? Canonical, IReadOnlyList<string> Blocks) Parsed, JsonLdScan.Found? Scanned) Both(string html) =>
        (JsonLdSource.Blocks(Doc(html), scan: false), JsonLdScan.TryScan(Encoding.UTF8.GetBytes(html)));

    static void AssertSame(string html)
    {
        var (parsed, scanned) = Both(html);
        if (scanned is null) return;
        Assert.AreEqual(parsed.Canonical, scanned.Canonical, html);
        CollectionAssert.AreEqual(parsed.Blocks.ToList(), scanned.Blocks.ToList(), html);
    }

    [TestMethod]
    [DataRow("<!doctype html><html><head><link rel=\"canonical\" href=\"https://jobs.example/1\"><script type=\"application/ld+json\">" + Block + "</script></head><body><p>x</p></body></html>")]
    [DataRow("<SCRIPT TYPE='application/ld+json'>" + Block + "</SCRIPT ><link rel=canonical href=https://a.example/x>")]
    [DataRow("<title><script type=\"application/ld+json\">{\"@type\":\"JobPosting\"}</script></title><script type=\"application/ld+json\">" + Block + "</script>")]
    [DataRow("<!-- <script type=\"application/ld+json\">{}</script> --><script type=\"application/ld+json\">" + Block + "</script>")]
    [DataRow("<script type=\"application/ld+json\">\r\n" + Block + "\r\n</scripty></script>")]
    [DataRow("<script type=\"text/javascript\">var s = '<script type=\"application/ld+json\">{}</script>';</script>")]
    [DataRow("<script type=\"application/ld+json\" type=\"text/plain\">" + Block + "</script>")]
    [DataRow("<script type=\"text/plain\" type=\"application/ld+json\">" + Block + "</script>")]
    [DataRow("<link rel=\"canonical\"><link rel=\"canonical\" href=\"https://second.example\">")]
    [DataRow("<link rel=\"stylesheet canonical\" href=\"x\"><link href = 'https://b.example/' rel = 'canonical' />")]
    [DataRow("<textarea></textarea><script type=\"application/ld+json\"></script></textarea><style>a{}</style>")]
    [DataRow("<p>1 < 2 and <3</p><script type=application/ld+json>" + Block + "</script >")]
    [DataRow("<div/class=x><script/type=\"application/ld+json\">" + Block + "</script>")]
    [DataRow("<!---->text<script type=\"application/ld+json\">[" + Block + "," + Block + "]</script>")]
    public void Gives_what_the_parser_gives(string html)
    {
        Assert.IsNotNull(JsonLdScan.TryScan(Encoding.UTF8.GetBytes(html)), "a page the scan should answer for");
        AssertSame(html);
    }

    [TestMethod]
    [DataRow("<template><script type=\"application/ld+json\">{}</script></template>")]
    [DataRow("<noscript><script type=\"application/ld+json\">{}</script></noscript>")]
    [DataRow("<svg><script type=\"application/ld+json\">{}</script></svg>")]
    [DataRow("<script type=\"Application/LD+JSON\">{}</script>")]
    [DataRow("<script type=\" application/ld+json\">{}</script>")]
    [DataRow("<script type=\"application/ld+json\"><!-- {} --></script>")]
    [DataRow("<link rel=\"canonical\" href=\"https://a.example/?a=1&amp;b=2\">")]
    [DataRow("<link rel=\"Canonical\" href=\"https://a.example/\">")]
    [DataRow("<!--> <script type=\"application/ld+json\">{}</script>")]
    [DataRow("<![CDATA[ x ]]><script type=\"application/ld+json\">{}</script>")]
    [DataRow("</ <script type=\"application/ld+json\">{}</script>")]
    [DataRow("<script type=\"application/ld+json\">{}")]
    [DataRow("<script type=\"application/ld+json\">{\"a\":\"\0\"}</script>")]
    public void Says_it_is_unsure_where_the_parser_could_read_otherwise(string html) =>
        Assert.IsNull(JsonLdScan.TryScan(Encoding.UTF8.GetBytes(html)));

    [TestMethod]
    public void Every_saved_page_of_the_fixtures_reads_the_same_both_ways()
    {
        var pages = Directory.EnumerateFiles(Repo.File("data", "fixtures"), "*.htm*", SearchOption.AllDirectories).ToList();
        Assert.IsGreaterThan(5, pages.Count, "fixture pages");
        var answered = 0;
        foreach (var page in pages)
        {
            var doc = new SourceDocument("file:" + page, "text/html", File.ReadAllBytes(page), "x");
            var parsed = JsonLdSource.Blocks(doc, scan: false);
            var scanned = JsonLdSource.Blocks(doc);
            Assert.AreEqual(parsed.Canonical, scanned.Canonical, page);
            CollectionAssert.AreEqual(parsed.Blocks.ToList(), scanned.Blocks.ToList(), page);
            if (JsonLdScan.TryScan(doc.Body) is not null) answered++;
        }
        Assert.IsGreaterThan(pages.Count / 2, answered, "the scan should answer for most real-shaped pages");
    }

    /// <summary>Pages made of the pieces the scan must get right, shuffled: wherever it answers, the parser agrees.</summary>
    [TestMethod]
    public void Random_pages_read_the_same_wherever_the_scan_answers()
    {
        string[] pieces =
        [
            "<script type=\"application/ld+json\">" + Block + "</script>", "<script type='application/ld+json'>[1,2]</script>",
            "<script type=application/ld+json>{\"x\":\"</scrip\"}</script>", "<SCRIPT type=\"application/ld+json\">\r\n{}\r</SCRIPT>",
            "<script>var a = '</p>';</script>", "<script type=\"text/javascript\"><!-- x --></script>", "<script type=\"APPLICATION/ld+json\">{}</script>",
            "<link rel=canonical href=https://a.example/1>", "<link rel='canonical' href=\"https://b.example/2\"/>", "<link rel=\"canonical\">",
            "<link rel=\"CANONICAL\" href=\"c\">", "<link rel=\"alternate\" href=\"d\">", "<link href=\"x&amp;y\" rel=\"canonical\">",
            "<!-- a comment -->", "<!-- <script type=\"application/ld+json\">{}</script> -->", "<!---->", "<!-->", "<!doctype html>",
            "<title>a <script type=\"application/ld+json\">{}</script> b</title>", "<style>p > a { }</style>", "<textarea><link rel=canonical href=t></textarea>",
            "<p class=\"a\" data-x='1' hidden>text & more</p>", "<div>", "</div>", "<br/>", "1 < 2", "<a href=\"/x?a=1&b=2\">a</a>", "\r\n", " ",
            "<template><link rel=canonical href=t></template>", "<svg><title>t</title></svg>", "<noscript><p>x</p></noscript>", "<?xml x?>",
            "<table><tr><td><script type=\"application/ld+json\">{\"t\":1}</script></td></tr></table>", "<iframe><script type=\"application/ld+json\">{}</script></iframe>",
            "<xmp></p></xmp>", "<select><script type=\"application/ld+json\">{\"s\":1}</script></select>", "</body></html>", "<body>", "<head>",
        ];
        var random = new Random(20261126);
        var answered = 0;
        for (var round = 0; round < 4000; round++)
        {
            var page = new StringBuilder();
            for (var i = random.Next(1, 14); i > 0; i--) page.Append(pieces[random.Next(pieces.Length)]);
            var html = page.ToString();
            AssertSame(html);
            if (JsonLdScan.TryScan(Encoding.UTF8.GetBytes(html)) is not null) answered++;
        }
        Assert.IsGreaterThan(1000, answered, "the scan should answer for many of them (else this test tests nothing)");
    }
}
