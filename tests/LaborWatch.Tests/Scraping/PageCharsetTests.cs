using System.Text;
using LaborWatch.Scraping;

namespace LaborWatch.Tests.Scraping;

/// <summary>
/// A JSON-LD page is parsed from its text when it is UTF-8 and from its bytes otherwise: the two read every kind of
/// page as the stream alone did (measured before the change: AngleSharp's stream parse reads UTF-8 and drops its
/// byte-order mark, a byte that is not UTF-8 becomes U+FFFD, a meta charset is not honoured, and a UTF-16 page is
/// not recognised at all: its JSON-LD marker is looked for as UTF-8 bytes).
/// </summary>
[TestClass]
public sealed class PageCharsetTests
{
    static byte[] Page(string meta, byte[] title) =>
    [
        .. Encoding.ASCII.GetBytes($"<!doctype html><html><head>{meta}<script type=\"application/ld+json\">{{\"@type\":\"JobPosting\",\"title\":\""),
        .. title,
        .. Encoding.ASCII.GetBytes("\",\"url\":\"https://jobs.example/1\",\"baseSalary\":{\"@type\":\"MonetaryAmount\",\"currency\":\"USD\",\"value\":{\"@type\":\"QuantitativeValue\",\"value\":20,\"unitText\":\"HOUR\"}}}</script></head><body></body></html>"),
    ];

    static string? Title(byte[] page) =>
        OfflineScraper.Extract(new SourceDocument("file:page.html", "text/html", page, "Annotara"), out var error).SingleOrDefault()?.Title ?? error;

    [TestMethod]
    public void Every_kind_of_page_is_read_as_before()
    {
        var cafe = "Caf\u00e9 tester"u8.ToArray();
        Assert.AreEqual("Caf\u00e9 tester", Title(Page("", cafe)));
        Assert.AreEqual("Caf\u00e9 tester", Title([.. Encoding.UTF8.Preamble, .. Page("", cafe)]), "a UTF-8 byte-order mark");
        Assert.AreEqual("Caf\u00e9 tester", Title(Page("<meta charset=\"windows-1252\">", cafe)), "a meta charset is not honoured (it never was)");
        Assert.AreEqual("Caf\ufffd tester", Title(Page("<meta charset=\"windows-1252\">", [.. "Caf"u8, 0xE9, .. " tester"u8])), "a byte that is not UTF-8");
        var utf16 = Encoding.Unicode.GetBytes(Encoding.UTF8.GetString(Page("", cafe)));
        StringAssert.StartsWith(Title([.. Encoding.Unicode.Preamble, .. utf16]), "no job posting found", "a UTF-16 page: its JSON-LD is not found (as before)");
    }
}
