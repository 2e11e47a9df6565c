using System.Net;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using LaborWatch.Web.Submissions;
using Repo = LaborWatch.Tests.Repo;

namespace LaborWatch.Web.Tests;

/// <summary>
/// The worker side in Spanish, Filipino and Swahili: chosen by ?lang= or Accept-Language, the page's
/// lang attribute set, the form, its help, its errors and the receipt translated, and the resource files in step
/// with the code (every text the code translates has an entry in each language, placeholders kept, every entry
/// marked for a native speaker's review).
/// </summary>
[TestClass]
public sealed class LanguageTests
{
    static readonly string[] Languages = ["es", "fil", "sw"];

    [TestMethod]
    public async Task The_form_answers_in_the_language_asked_for_in_the_url()
    {
        await using var app = await TestApp.StartAsync(CsvRows.Csv(CsvRows.Workers("Annotatrix", 12)));
        var expected = new Dictionary<string, (string Platform, string Send, string Note)>
        {
            ["es"] = ("Plataforma", "Enviar mi informe", "Traducido del inglés"),
            ["fil"] = ("Plataporma", "Ipadala ang aking ulat", "Isinalin mula sa Ingles"),
            ["sw"] = ("Jukwaa", "Tuma ripoti yangu", "Imetafsiriwa kutoka Kiingereza"),
        };
        foreach (var (lang, words) in expected)
        {
            var page = FormClient.Parse(await app.Client.GetStringAsync($"/submit?lang={lang}"));
            Assert.AreEqual(lang, page.DocumentElement.GetAttribute("lang"));
            Assert.AreEqual(words.Platform, page.QuerySelector("label[for=log0-platform]")!.TextContent.Split(' ')[0], lang);
            StringAssert.Contains(page.QuerySelector("button.primary")!.TextContent, words.Send);
            StringAssert.Contains(page.QuerySelector("p.translation")!.TextContent, words.Note);
            Assert.AreEqual($"/submit?lang={lang}", page.QuerySelector("form.submit")!.GetAttribute("action"), "a post keeps the language");
            Assert.AreEqual(4, page.QuerySelectorAll("nav.languages a").Length);
        }
        var english = FormClient.Parse(await app.Client.GetStringAsync("/submit"));
        Assert.AreEqual("en", english.DocumentElement.GetAttribute("lang"));
        Assert.IsNull(english.QuerySelector("p.translation"));
        Assert.AreEqual("/submit", english.QuerySelector("form.submit")!.GetAttribute("action"));
    }

    [TestMethod]
    [DataRow("sw-KE,sw;q=0.9,en;q=0.5", "sw")]
    [DataRow("es-MX", "es")]
    [DataRow("tl-PH,tl;q=0.9", "fil")]
    [DataRow("fil", "fil")]
    [DataRow("de-DE,fr;q=0.8", "en")]
    [DataRow("fr;q=1,es;q=0.8,en;q=0.5", "es")]
    [DataRow("en-US,es;q=0.9", "en")]
    [DataRow("", "en")]
    public async Task The_browsers_language_chooses_when_the_url_does_not(string acceptLanguage, string lang)
    {
        await using var app = await TestApp.StartAsync(CsvRows.Csv(CsvRows.Workers("Annotatrix", 12)));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/receipt");
        if (acceptLanguage.Length > 0) request.Headers.TryAddWithoutValidation("Accept-Language", acceptLanguage);
        var page = FormClient.Parse(await (await app.Client.SendAsync(request)).Content.ReadAsStringAsync());
        Assert.AreEqual(lang, page.DocumentElement.GetAttribute("lang"));
        using var chosen = new HttpRequestMessage(HttpMethod.Get, "/receipt?lang=sw");
        chosen.Headers.TryAddWithoutValidation("Accept-Language", "es");
        Assert.AreEqual("sw", FormClient.Parse(await (await app.Client.SendAsync(chosen)).Content.ReadAsStringAsync()).DocumentElement.GetAttribute("lang"), "?lang= wins");
    }

    [TestMethod]
    public async Task Errors_and_the_receipt_come_back_in_the_language_with_numbers_written_its_way()
    {
        await using var app = await TestApp.StartAsync(CsvRows.Csv(CsvRows.Workers("Annotatrix", 12)));
        var form = new FormClient(app.Client);
        var (_, token) = await form.Open("/submit?lang=es");
        var (bad, badPage) = await form.Post("/submit?lang=es", FormClient.Log(0, new() { ["gross_pay"] = "mucho", ["paid_hours"] = "-3" }), token);
        Assert.AreEqual(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.AreEqual("es", badPage.DocumentElement.GetAttribute("lang"));
        StringAssert.Contains(badPage.QuerySelector(".error-summary h3")!.TextContent, "2 respuestas necesitan corrección");
        StringAssert.Contains(badPage.QuerySelector("#log0-gross_pay-error")!.TextContent, "'mucho' no es un número");
        StringAssert.Contains(badPage.QuerySelector("#log0-paid_hours-error")!.TextContent, "-3 es negativo: las horas no pueden ser menos de 0");

        var (ok, receipt) = await form.Post("/submit?lang=sw", FormClient.Log(0, new() { ["gross_pay"] = "640.50" }), token);
        Assert.AreEqual(HttpStatusCode.OK, ok.StatusCode);
        Assert.AreEqual("Msimbo wako wa risiti", receipt.QuerySelector("#receipt-heading")!.TextContent);
        var code = receipt.QuerySelector("#receipt-code")!.TextContent;
        StringAssert.Contains(receipt.QuerySelector("ul.outcomes")!.TextContent, "itachapishwa baada ya kukaguliwa");

        var (_, receiptToken) = await form.Open("/receipt?lang=es");
        var (_, list) = await form.Post("/receipt?lang=es", [new("code", code), new("action", "view")], receiptToken);
        var row = list.QuerySelector("tbody tr")!.TextContent;
        StringAssert.Contains(row, "640,50 USD", "a decimal comma in Spanish");
        StringAssert.Contains(row, "La plataforma terminó o canceló el proyecto", "the status in the worker's words");
    }

    [TestMethod]
    public void Every_text_the_worker_side_translates_has_an_entry_in_each_language_marked_for_review()
    {
        var used = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var section in ContractFields.Sections)
        {
            used.Add(section.Title);
            foreach (var field in section.Fields)
            {
                used.Add(field.Label);
                if (field.Help.Length > 0) used.Add(field.Help);
                foreach (var (_, label) in field.Choices ?? []) used.Add(label);
            }
        }
        used.UnionWith(Words.ErrorTemplates);
        // The literal texts the code and the Razor views pass to the localizer: words["..."], .Format("...",
        // .Html("...", the titles and English messages handed to the views, and the table headings of the receipt.
        const string Q = "\"((?:[^\"\\\\]|\\\\.)*)\"";   // a C# string literal, its text captured
        var literal = new Regex(@"(?:words|Words|T)\[" + Q + @"\]|\.(?:Format|Html)\(" + Q + @"|Page\(\d+, " + Q + @"|Error\(http, \d+, " + Q + @",\s*" + Q
            + @"|CodeForm\(http, antiforgery, \d+, " + Q + @"|Title = " + Q + @"|\? " + Q + @"\s*: " + Q + @"|Headings = \[(.*)\]");
        var sources = Directory.EnumerateFiles(Repo.File("src", "LaborWatch.Web", "Submissions"))
            .Where(f => (f.EndsWith(".cs") || f.EndsWith(".razor")) && !Path.GetFileName(f).StartsWith("Review"))   // review: English only
            .Append(Repo.File("src", "LaborWatch.Web", "Shared", "PageFrame.razor"));
        foreach (var file in sources)
            foreach (Match m in literal.Matches(File.ReadAllText(file)))
                foreach (var g in m.Groups.Cast<Group>().Skip(1).Where(g => g.Success && g.Value.Any(char.IsLetter)))
                    foreach (var text in g.Value.StartsWith('"') ? Regex.Matches(g.Value, Q).Select(q => q.Groups[1].Value) : [g.Value])
                        used.Add(Regex.Unescape(text));
        Assert.IsTrue(used.Count > 150, $"only {used.Count} texts found: the scan missed the code's texts");

        foreach (var lang in Languages)
        {
            var resx = XDocument.Load(Repo.File("src", "LaborWatch.Web", "Resources", "Submissions", $"WorkerText.{lang}.resx"));
            // Resource names are case-insensitive: "yes" and "Yes" were one entry, the other silently dropped by the build.
            var clashes = resx.Root!.Elements("data").GroupBy(d => ((string)d.Attribute("name")!).ToLowerInvariant()).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
            Assert.AreEqual(0, clashes.Count, $"{lang}: names that differ only in case: {string.Join(", ", clashes)}");
            var entries = resx.Root!.Elements("data").ToDictionary(d => (string)d.Attribute("name")!, d => (Value: (string)d.Element("value")!, Comment: (string?)d.Element("comment")));
            var missing = used.Where(u => !entries.ContainsKey(u) && !IsCodeOnly(u)).ToList();
            Assert.AreEqual(0, missing.Count, $"{lang}: no translation for:\n{string.Join("\n", missing)}");
            foreach (var (key, (value, comment)) in entries)
            {
                CollectionAssert.AreEquivalent(Placeholders(key), Placeholders(value), $"{lang}: '{key}' -> '{value}' changes the placeholders");
                Assert.AreEqual("needs review by a native speaker", comment, $"{lang}: '{key}' is not marked for review");
                Assert.IsFalse(string.IsNullOrWhiteSpace(value), $"{lang}: '{key}' is empty");
            }
        }
    }

    /// <summary>Texts the scan finds that are not words (a CSS class, a status value compared in code).</summary>
    static bool IsCodeOnly(string s) => s.Trim() is var t && (t.Contains('=') || t.Contains('<') || t.StartsWith('/') || !t.Contains(' ') && t.All(c => char.IsLower(c) || c is '_' or '-'));

    static List<string> Placeholders(string s) => Regex.Matches(s, @"\{\d\}").Select(m => m.Value).Order().ToList();
}
