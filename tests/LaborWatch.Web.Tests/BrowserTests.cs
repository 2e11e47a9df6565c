using LaborWatch.Sample;
using Microsoft.Playwright;

namespace LaborWatch.Web.Tests;

/// <summary>
/// The dashboard in a real headless Chromium (Debian's /usr/bin/chromium, installed by scripts/test.sh),
/// driven by Playwright. Screenshots go to the test output folder (browser-screenshots/) for people to look at.
/// </summary>
[TestClass]
public sealed class BrowserTests
{
    const string Chromium = "/usr/bin/chromium";
    internal static readonly string Screenshots = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "browser-screenshots")).FullName;

    internal static async Task<(IPlaywright, IBrowser)> Launch()
    {
        Assert.IsTrue(File.Exists(Chromium), $"{Chromium} is missing: scripts/test.sh installs Debian's chromium");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        return (playwright, browser);
    }

    internal static string SampleCsv()
    {
        var writer = new StringWriter { NewLine = "\n" };
        SampleGenerator.Write(writer);
        return writer.ToString();
    }

    /// <summary>
    /// Waits for the page at <paramref name="url"/> to be parsed, asking its document: Playwright's own load-state waits
    /// passed their 30 s under the whole suite's load with the events logged as fired ("load" once,
    /// DOMContentLoaded twice in clean-clone runs). What follows reads the DOM (the charts' images are
    /// waited for by <see cref="Drawn"/>).
    /// </summary>
    static async Task Parsed(IPage page, string url)
    {
        await page.WaitForURLAsync(url, new() { WaitUntil = WaitUntilState.Commit });
        for (var waited = 0; await page.EvaluateAsync<string>("document.readyState") == "loading"; waited += 50)
        {
            if (waited > 30_000) Assert.Fail($"{page.Url} was still loading after 30 s");
            await Task.Delay(50);
        }
    }

    /// <summary>How many of the page's chart images loaded and decoded (naturalWidth > 0), once none is still loading.</summary>
    static async Task<int> Drawn(IPage page)
    {
        for (var waited = 0; !await page.EvaluateAsync<bool>("[...document.querySelectorAll('figure img')].every(i => i.complete)"); waited += 50)
        {
            if (waited > 30_000) Assert.Fail($"{page.Url}: a chart image was still loading after 30 s");
            await Task.Delay(50);
        }
        return await page.EvaluateAsync<int>("[...document.querySelectorAll('figure img')].filter(i => i.naturalWidth > 0).length");
    }

    [TestMethod]
    public async Task The_overview_renders_its_charts_and_a_filter_change_updates_the_url_and_the_figures()
    {
        await using var app = await TestApp.StartAsync(SampleCsv());
        var (playwright, browser) = await Launch();
        using (playwright)
        await using (browser)
        {
            var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
            await page.GotoAsync(app.Client.BaseAddress!.ToString());
            Assert.AreEqual(4, await page.Locator("figure img").CountAsync(), "pay-trend, pay-distribution, advertised-vs-effective and cancellation charts");
            Assert.AreEqual(4, await Drawn(page), "every chart image loaded and drawn");
            var box = await page.Locator("figure img").First.BoundingBoxAsync();
            Assert.IsTrue(box is { Width: > 300, Height: > 150 }, "the chart is drawn at a readable size");
            var before = await page.Locator(".headline").InnerTextAsync();
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "overview.png"), FullPage = true });

            await page.Locator("input[name=platform]").FillAsync("Syntaxa Labs");
            await page.Locator("form.filters button").ClickAsync();
            await Parsed(page, "**/?platform=Syntaxa+Labs**");
            var after = await page.Locator(".headline").InnerTextAsync();
            Assert.AreNotEqual(before, after, "the figures follow the filter");
            StringAssert.Contains(page.Url, "platform=Syntaxa+Labs", "the view is a shareable URL");
            Assert.AreEqual(4, await Drawn(page), "the filtered charts loaded and drawn");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "overview-filtered.png"), FullPage = true });

            await page.Locator("#pay-by-platform tbody a").First.ClickAsync();
            await Parsed(page, "**/platform/syntaxa-labs**");
            Assert.IsGreaterThanOrEqualTo(3, await page.Locator("figure img").CountAsync(), "the platform page's charts");
            Assert.AreEqual(await page.Locator("figure img").CountAsync(), await Drawn(page), "every chart image loaded and drawn");
            await page.Locator("figure details summary").First.ClickAsync();
            Assert.IsGreaterThan(0, await page.Locator("figure details").First.Locator("tbody tr").CountAsync(), "the chart has its data table");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "platform.png"), FullPage = true });
        }
    }

    [TestMethod]
    public async Task The_chart_data_table_opens_with_the_keyboard_and_the_page_fits_a_phone()
    {
        await using var app = await TestApp.StartAsync(SampleCsv());
        var (playwright, browser) = await Launch();
        using (playwright)
        await using (browser)
        {
            var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 } });
            await page.GotoAsync(app.Client.BaseAddress!.ToString());
            var summary = page.Locator("figure details summary").First;
            await summary.FocusAsync();
            await page.Keyboard.PressAsync("Enter");
            Assert.IsTrue(await page.Locator("figure details").First.GetAttributeAsync("open") is not null, "Enter opens the data table");
            Assert.IsGreaterThan(10, await page.Locator("figure details").First.Locator("tbody tr").CountAsync());
            var scrollWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
            Assert.IsLessThanOrEqualTo(390, scrollWidth, "no sideways scrolling on a phone");
            // The phone gets the narrow drawing, shown at least as wide as it is drawn: its 11-px text is 11 CSS px or more.
            var charts = await page.EvaluateAsync<string[][]>("[...document.querySelectorAll('figure picture img')].map(i => [i.currentSrc, String(i.getBoundingClientRect().width)])");
            Assert.IsGreaterThanOrEqualTo(2, charts.Length);
            foreach (var chart in charts)
            {
                StringAssert.Contains(chart[0], ".narrow.svg", "a phone loads the narrow drawing");
                var shown = double.Parse(chart[1], System.Globalization.CultureInfo.InvariantCulture);
                Assert.IsGreaterThanOrEqualTo(11.0, 11 * shown / LaborWatch.Charts.ChartRenderer.NarrowWidth, $"{chart[0]} shown {shown} px wide: its smallest text under 11 CSS px");
            }
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "overview-phone.png"), FullPage = true });
            await page.GotoAsync(app.Client.BaseAddress + "methodology");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "methodology-phone.png"), FullPage = true });
        }
    }

    [TestMethod]
    public async Task A_worker_fills_in_the_form_on_a_phone_gets_a_receipt_and_uses_it()
    {
        await using var app = await TestApp.StartAsync();
        var (playwright, browser) = await Launch();
        using (playwright)
        await using (browser)
        {
            var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 } });
            page.SetDefaultTimeout(15_000);
            await page.GotoAsync(app.Client.BaseAddress + "submit");
            Assert.AreEqual(0, await page.EvaluateAsync<int>("document.documentElement.scrollWidth - document.documentElement.clientWidth"), "no sideways scroll on a phone");
            await page.Locator("#log0-platform").FillAsync("Browser Test Platform");
            await page.GetByLabel("Kind of work").SelectOptionAsync("writing");
            await page.GetByLabel("Month you started").FillAsync("2025-01");
            await page.GetByLabel("Month it ended").FillAsync("2025-03");
            await page.GetByLabel("How it stands now").SelectOptionAsync("cancelled_by_platform");
            await page.GetByLabel("How you were paid").SelectOptionAsync("hourly");
            await page.GetByLabel("Currency").FillAsync("USD");
            await page.GetByLabel("Total you actually received").FillAsync("not sure");
            await page.GetByLabel("Hours the platform paid for").FillAsync("40");
            await page.Locator("#log0-monitoring input[value='1']").CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Send my report" }).ClickAsync();

            // The error is beside its field, what was typed is kept, and the summary links to it.
            await page.Locator(".error-summary").WaitForAsync();
            StringAssert.Contains(await page.Locator("#log0-gross_pay-error").InnerTextAsync(), "is not a number");
            Assert.AreEqual("Browser Test Platform", await page.Locator("#log0-platform").InputValueAsync());
            Assert.IsTrue(await page.Locator("#log0-monitoring input[value='1']").IsCheckedAsync());
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "submit-errors.png"), FullPage = true });

            await page.GetByLabel("Total you actually received").FillAsync("800");
            await page.GetByRole(AriaRole.Button, new() { Name = "Send my report" }).ClickAsync();
            var code = await page.Locator("#receipt-code").InnerTextAsync();
            Assert.IsNotNull(LaborWatch.Contracts.ReceiptCode.Normalize(code), code);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "submit-receipt.png"), FullPage = true });

            await page.GetByRole(AriaRole.Link, new() { Name = "view, correct or delete your logs" }).ClickAsync();
            await page.GetByLabel("Receipt code").FillAsync(code);
            await page.GetByRole(AriaRole.Button, new() { Name = "Show my logs" }).ClickAsync();
            StringAssert.Contains(await page.Locator("tbody tr").First.InnerTextAsync(), "Browser Test Platform");
            Assert.IsFalse(page.Url.Contains(code, StringComparison.OrdinalIgnoreCase), "the code never goes into a URL");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "receipt.png"), FullPage = true });

            await page.GetByRole(AriaRole.Button, new() { Name = "Delete all these logs" }).ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Yes, delete them" }).ClickAsync();
            StringAssert.Contains(await page.Locator("[role=status]").InnerTextAsync(), "1 log was deleted");
        }
    }

    /// <summary>
    /// A union issues member codes with the real CLI; a member sends a report with one in a real browser; the code is
    /// used up, the post counts as its own worker, and the database holds nothing that ties the code to the log.
    /// </summary>
    [TestMethod]
    public async Task A_member_sends_a_report_with_a_union_code_and_nothing_ties_the_code_to_the_log()
    {
        await using var app = await TestApp.StartAsync(CsvRows.Csv(CsvRows.Many("Annotatrix", 30)));
        var folder = Directory.CreateTempSubdirectory("laborwatch-codes-").FullName;
        var codesFile = Path.Combine(folder, "codes.txt");
        var issued = LaborWatch.Tests.Cli.Cli.Run(app.DatabasePath, "codes", "issue", "--count", "3", "--out", codesFile);
        Assert.AreEqual(0, issued.ExitCode, issued.Stderr);
        var codes = File.ReadAllLines(codesFile);
        Assert.AreEqual(3, codes.Length);

        var (playwright, browser) = await Launch();
        using (playwright)
        await using (browser)
        {
            var page = await browser.NewPageAsync();
            page.SetDefaultTimeout(15_000);
            async Task Send(string memberCode, int gross)
            {
                await page.GotoAsync(app.Client.BaseAddress + "submit");
                await page.GetByLabel("Member code from your union (optional)").FillAsync(memberCode);
                await page.Locator("#log0-platform").FillAsync("Annotatrix");
                await page.GetByLabel("Kind of work").SelectOptionAsync("rlhf_rating");
                await page.GetByLabel("Month you started").FillAsync("2025-03");
                await page.GetByLabel("Month it ended").FillAsync("2025-04");
                await page.GetByLabel("How it stands now").SelectOptionAsync("completed");
                await page.GetByLabel("How you were paid").SelectOptionAsync("hourly");
                await page.GetByLabel("Currency").FillAsync("USD");
                await page.GetByLabel("Total you actually received").FillAsync(gross.ToString(System.Globalization.CultureInfo.InvariantCulture));
                await page.GetByLabel("Hours the platform paid for").FillAsync("12");
                await page.GetByRole(AriaRole.Button, new() { Name = "Send my report" }).ClickAsync();
            }
            await Send(codes[0].ToLowerInvariant().Replace("-", " "), 201);   // typed loosely, as people do
            Assert.IsNotNull(LaborWatch.Contracts.ReceiptCode.Normalize(await page.Locator("#receipt-code").InnerTextAsync()));
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "submit-member-code.png"), FullPage = true });

            await Send(codes[0], 202);   // the same code again: used up, refused beside its field, nothing stored
            StringAssert.Contains(await page.Locator("#member-code-error").InnerTextAsync(), "used already");
            Assert.AreEqual("202", await page.GetByLabel("Total you actually received").InputValueAsync(), "what was typed is kept");
            await Send(codes[1], 203);   // a second member, from the same connection
        }

        using var db = LaborWatch.Data.Database.Open(app.DatabasePath);
        Assert.AreEqual((2L, 2L, 2L), Dapper.SqlMapper.QuerySingle<(long, long, long)>(db,
            "SELECT count(*), count(DISTINCT submitter_id), sum(member_code) FROM contracts WHERE receipt_id IS NOT NULL"),
            "two posts with two codes from one connection: two workers, each marked as coming with a code");
        Assert.AreEqual(1L, Dapper.SqlMapper.ExecuteScalar<long>(db, "SELECT count(*) FROM member_codes"), "the used codes are gone, the unused one is left");
        var status = LaborWatch.Tests.Cli.Cli.Run(app.DatabasePath, "codes", "status");
        StringAssert.Contains(status.Stdout, "3 member code(s) issued, 2 used, 1 unused");
        Directory.Delete(folder, recursive: true);
        // No byte of a code, in any spelling, is in the database or its WAL (SQLite's files; PostgreSQL keeps its own).
        foreach (var file in LaborWatch.Tests.TestStore.Postgres ? [] : new[] { app.DatabasePath, app.DatabasePath + "-wal" }.Where(File.Exists))
        {
            var bytes = System.Text.Encoding.Latin1.GetString(File.ReadAllBytes(file));
            foreach (var code in codes)
                foreach (var form in new[] { code, code.Replace("-", ""), code.ToLowerInvariant() })
                    Assert.IsFalse(bytes.Contains(form, StringComparison.Ordinal), $"{Path.GetFileName(file)} holds a code");
        }
    }

    [TestMethod]
    public async Task The_html_report_renders_and_prints_to_pdf_without_errors()
    {
        await using var app = await TestApp.StartAsync(SampleCsv());
        var (playwright, browser) = await Launch();
        using (playwright)
        await using (browser)
        {
            var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1100, Height = 900 } });
            var problems = new List<string>();
            page.Console += (_, message) => { if (message.Type is "error" or "warning") problems.Add(message.Text); };
            page.PageError += (_, error) => problems.Add(error);
            page.RequestFailed += (_, request) => problems.Add("failed request " + request.Url);
            var requests = new List<string>();
            page.Request += (_, request) => requests.Add(request.Url);

            var response = await page.GotoAsync(app.Client.BaseAddress + "reports/report.html?platform=Annotara,Evalwise");
            Assert.AreEqual(200, response!.Status);
            Assert.AreEqual(9, await page.Locator("figure svg").CountAsync());
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "report.png"), FullPage = false });
            var pdf = await page.PdfAsync(new PagePdfOptions { Path = Path.Combine(Screenshots, "report.pdf"), Format = "A4", PrintBackground = true });
            Assert.IsTrue(pdf.Length > 50_000, $"a PDF of {pdf.Length} bytes");
            Assert.AreEqual("%PDF", System.Text.Encoding.ASCII.GetString(pdf, 0, 4));
            Assert.AreEqual(0, problems.Count, string.Join("\n", problems));
            Assert.AreEqual(1, requests.Count, "the report loads nothing but itself: " + string.Join(", ", requests));
        }
    }

    /// <summary>
    /// WCAG 2.1 AA, measured in the rendered pages: every visible piece of text outside the charts has a contrast
    /// of at least 4.5:1 with the background it sits on, every form control has an accessible name, every table
    /// a caption and every image-like chart a label; and the keyboard reaches the main links and buttons.
    /// </summary>
    [TestMethod]
    public async Task Pages_pass_contrast_labels_and_keyboard_checks()
    {
        await using var app = await TestApp.StartAsync(SampleCsv());
        var (playwright, browser) = await Launch();
        using (playwright)
        await using (browser)
        {
            var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
            foreach (var path in new[] { "", "platform/annotara", "postings", "methodology", "reports", "submit", "receipt", "review" })
            {
                await page.GotoAsync(app.Client.BaseAddress + path);
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, $"page-{(path.Length == 0 ? "overview" : path.Replace('/', '-'))}.png"), FullPage = true });
                var problems = await page.EvaluateAsync<string[]>(AuditScript);
                Assert.AreEqual(0, problems.Length, $"/{path}:\n" + string.Join("\n", problems.Take(10)));
            }
            // The keyboard alone reaches the navigation and the first form's button.
            await page.GotoAsync(app.Client.BaseAddress!.ToString());
            var reached = new HashSet<string>();
            for (var i = 0; i < 40; i++)
            {
                await page.Keyboard.PressAsync("Tab");
                reached.Add(await page.EvaluateAsync<string>("document.activeElement.textContent.trim()"));
            }
            foreach (var name in new[] { "Overview", "Postings", "Methodology", "Reports", "Report a contract", "Apply" })
                Assert.IsTrue(reached.Contains(name), $"Tab never reaches '{name}'");
        }
    }

    /// <summary>axe-core 4.14.1 (npm, installed by scripts/test.sh into tests/LaborWatch.Web.Tests/axe).</summary>
    static string AxeScript()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var axe = Path.Combine(dir.FullName, "tests", "LaborWatch.Web.Tests", "axe", "node_modules", "axe-core", "axe.min.js");
            if (File.Exists(axe)) return axe;
        }
        throw new AssertFailedException("axe-core is not installed: scripts/test.sh runs npm install in tests/LaborWatch.Web.Tests/axe");
    }

    /// <summary>
    /// axe-core on every page at a desktop and a phone width: no violation of WCAG 2.0, 2.1 or 2.2 at levels A and
    /// AA. The pages forbid every script (CSP), so the browser context bypasses CSP for the audit script only.
    /// </summary>
    [TestMethod]
    public async Task Axe_finds_no_wcag_violation_on_any_page_at_either_width()
    {
        var axe = AxeScript();
        await using var app = await TestApp.StartAsync(SampleCsv(), setup: (connection, _) => LaborWatch.Sample.SamplePostings.Load(connection));
        var (playwright, browser) = await Launch();
        using (playwright)
        await using (browser)
        {
            var found = new List<string>();
            foreach (var width in new[] { 1280, 390 })
            {
                await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { BypassCSP = true, ViewportSize = new ViewportSize { Width = width, Height = 900 } });
                var page = await context.NewPageAsync();
                foreach (var path in new[] { "", "platform/annotara", "postings", "methodology", "reports", "submit", "receipt", "review", "reports/report.html" })
                {
                    await page.GotoAsync(app.Client.BaseAddress + path);
                    await page.AddScriptTagAsync(new PageAddScriptTagOptions { Path = axe });
                    var violations = await page.EvaluateAsync<string[]>("""
                        async () => (await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'] } }))
                          .violations.map(v => `${v.id} (${v.impact}): ${v.nodes.length} node(s), e.g. ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')}`)
                        """);
                    found.AddRange(violations.Select(v => $"/{path} at {width}px: {v}"));
                }
            }
            Assert.AreEqual(0, found.Count, string.Join("\n", found));
        }
    }

    const string AuditScript = """
        () => {
          const problems = [];
          const parse = c => { const m = c.match(/rgba?\(([^)]+)\)/); if (!m) return null; const p = m[1].split(',').map(Number); return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 }; };
          const lum = c => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }; return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); };
          const background = el => { for (let e = el; e; e = e.parentElement) { const c = parse(getComputedStyle(e).backgroundColor); if (c && c.a > 0.5) return c; } return { r: 255, g: 255, b: 255, a: 1 }; };
          for (const el of document.querySelectorAll('body *')) {
            if (el.closest('svg') || el.closest('.visually-hidden')) continue;
            const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim().length > 0);
            if (!own) continue;
            const style = getComputedStyle(el);
            if (style.visibility === 'hidden' || style.display === 'none' || el.getClientRects().length === 0) continue;
            const fg = parse(style.color), bg = background(el);
            const l1 = lum(fg), l2 = lum(bg);
            const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
            if (ratio < 4.5) problems.push(`contrast ${ratio.toFixed(2)} for <${el.tagName.toLowerCase()}> "${el.textContent.trim().slice(0, 40)}"`);
          }
          for (const el of document.querySelectorAll('input:not([type=hidden]), select, textarea, button')) {
            const named = (el.labels && el.labels.length > 0) || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby')
              || (el.tagName === 'BUTTON' && el.textContent.trim().length > 0) || (el.type === 'radio' && el.closest('label'));
            if (!named) problems.push(`no accessible name: <${el.tagName.toLowerCase()} name="${el.name}">`);
          }
          for (const t of document.querySelectorAll('table')) if (!t.querySelector('caption') && !t.closest('details')) problems.push('table without a caption');
          for (const f of document.querySelectorAll('figure')) if (!f.getAttribute('aria-labelledby') && !f.querySelector('figcaption')) problems.push('figure without a caption');
          for (const d of document.querySelectorAll('div[role=img]')) if (!d.getAttribute('aria-label')) problems.push('chart without a text alternative');
          if (!document.documentElement.lang) problems.push('no lang on <html>');
          if (document.querySelectorAll('h1').length !== 1) problems.push('not exactly one h1');
          return problems;
        }
        """;
}
