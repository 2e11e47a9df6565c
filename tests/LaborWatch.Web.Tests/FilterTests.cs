using System.Net;
using System.Text;
using System.Text.Json;
using AngleSharp.Html.Parser;

namespace LaborWatch.Web.Tests;

/// <summary>The parent, task-type and country filters change the figures on the API, the pages and the exports alike.</summary>
[TestClass]
public sealed class FilterTests
{
    /// <summary>Outlier (a brand of Scale AI in the reference table): 100 coding workers in the US and 100 writing workers in GB; Indieco: 100 coding workers in the US (enough that the synopsis' noise, about 11 logs a cell, cannot hide which filter is which).</summary>
    static string Csv()
    {
        var sb = new StringBuilder("submitter,platform,task_type,country,started,ended,status,pay_basis,currency,gross_pay,paid_hours\n");
        for (var i = 1; i <= 100; i++)
        {
            sb.Append($"o{i},Outlier,coding,US,2025-03-10,2025-04-20,completed,hourly,USD,{300 + i},10\n");
            sb.Append($"g{i},Outlier,writing,GB,2025-03-10,2025-04-20,completed,hourly,GBP,{150 + i},10\n");
            sb.Append($"x{i},Indieco,coding,US,2025-03-10,2025-04-20,completed,hourly,USD,{100 + i},10\n");
        }
        return sb.ToString();
    }

    static async Task<int> Logs(HttpClient client, string query)
    {
        var response = await client.GetAsync("/api/stats" + query);
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, query + ": " + await response.Content.ReadAsStringAsync());
        var pay = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("pay");
        return pay.EnumerateArray().Sum(g => g.GetProperty("logs").GetInt32());
    }

    [TestMethod]
    public async Task Each_filter_selects_its_logs_on_the_api()
    {
        await using var app = await TestApp.StartAsync(Csv());
        Near.Count(300, await Logs(app.Client, ""), "");
        Near.Count(200, await Logs(app.Client, "?task_type=coding"), "?task_type=coding");
        Near.Count(100, await Logs(app.Client, "?country=GB"), "?country=GB");
        Near.Count(200, await Logs(app.Client, "?parent=Scale%20AI"), "?parent=Scale%20AI");
        Near.Count(100, await Logs(app.Client, "?parent=scale-ai&task_type=coding&country=us"), "?parent=scale-ai&task_type=coding&country=us");
        Near.Count(0, await Logs(app.Client, "?parent=Nobody%20Inc"), "?parent=Nobody%20Inc");
        var byParent = JsonDocument.Parse(await app.Client.GetStringAsync("/api/stats?by=parent&task_type=coding")).RootElement;
        CollectionAssert.AreEquivalent(new[] { "Scale AI", "Indieco" }, byParent.GetProperty("pay").EnumerateArray().Select(g => g.GetProperty("parent").GetString()).ToArray());
        Assert.AreEqual("coding", byParent.GetProperty("filters").GetProperty("taskType")[0].GetString());

        var bad = await app.Client.GetAsync("/api/stats?task_type=poetry");
        Assert.AreEqual(HttpStatusCode.BadRequest, bad.StatusCode);
        StringAssert.Contains(await bad.Content.ReadAsStringAsync(), "unknown task type 'poetry'");
        Assert.AreEqual(HttpStatusCode.BadRequest, (await app.Client.GetAsync("/api/stats?country=Narnia")).StatusCode);
    }

    [TestMethod]
    public async Task The_overview_form_keeps_the_filters_and_the_figures_follow_them()
    {
        await using var app = await TestApp.StartAsync(Csv());
        var all = new HtmlParser().ParseDocument(await app.Client.GetStringAsync("/"));
        var coding = new HtmlParser().ParseDocument(await app.Client.GetStringAsync("/?task_type=coding&country=US&parent=Scale+AI"));
        Assert.AreEqual("coding", coding.QuerySelector("select[name=task_type] option[selected]")!.TextContent);
        Assert.AreEqual("US", coding.QuerySelector("input[name=country]")!.GetAttribute("value"));
        Assert.AreEqual("Scale AI", coding.QuerySelector("input[name=parent]")!.GetAttribute("value"));
        Assert.AreNotEqual(all.QuerySelector(".headline")!.TextContent, coding.QuerySelector(".headline")!.TextContent);
        Near.CountIn(coding.QuerySelector(".headline")!.TextContent, "n = ", 100, " logs");
        // The export and the chart links carry the same filters.
        StringAssert.Contains(coding.QuerySelector("p.export a")!.GetAttribute("href"), "parent=Scale%20AI&task_type=coding&country=US");
        var json = JsonDocument.Parse(await app.Client.GetStringAsync(coding.QuerySelector("p.export a")!.GetAttribute("href")!.Replace("/reports?", "/reports/report.json?"))).RootElement;
        Near.Count(100, json.GetProperty("pay").EnumerateArray().Sum(g => g.GetProperty("logs").GetInt32()));
        StringAssert.Contains(json.GetProperty("report").GetProperty("command").GetString(), "--parent 'Scale AI' --task-type coding --country US");
    }
}
