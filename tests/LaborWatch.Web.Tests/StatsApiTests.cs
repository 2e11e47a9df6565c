using System.Net;
using System.Text.Json;
using LaborWatch.Data;
using LaborWatch.Reports;
using LaborWatch.Contracts;

namespace LaborWatch.Web.Tests;

[TestClass]
public sealed class StatsApiTests
{
    [TestMethod]
    public async Task Api_stats_answers_the_json_of_the_cli_for_the_same_filters()
    {
        // Two small platforms, so each suppressed cell has a suppressed partner and Alpha can be published.
        await using var app = await TestApp.StartAsync(CsvRows.Csv(
            CsvRows.Many("Alpha", 150), CsvRows.Workers("Beta", 3, prefix: "b"), CsvRows.Workers("Delta", 3, prefix: "d")));

        var response = await app.Client.GetAsync("/api/stats?by=platform");

        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.AreEqual("application/json", response.Content.Headers.ContentType!.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        using (var connection = Database.Open(app.DatabasePath))
        {
            var expected = new MemoryStream();
            // The command's JSON written compact: the same properties and values, without the indentation.
            StatsReport.Compute(connection, StatsFilter.Parse("platform", null, null, null, null)).WriteJson(expected, indented: false);
            Assert.AreEqual(System.Text.Encoding.UTF8.GetString(expected.ToArray()), body);
            Assert.IsFalse(body.Contains('\n'), "compact");
        }
        using var json = JsonDocument.Parse(body);
        var pay = json.RootElement.GetProperty("pay").EnumerateArray().ToList();
        Assert.AreEqual("Alpha", pay[0].GetProperty("platform").GetString());
        Assert.IsFalse(pay[0].GetProperty("suppressed").GetBoolean());
        // EHP = (200 + i mod 3) / 12 hours for i = 1..150: median 201 / 12 = 16.75
        Near.Magnitude(16.75, pay[0].GetProperty("ehpUsd").GetProperty("median").GetDouble());
        Assert.IsTrue(pay[1].GetProperty("suppressed").GetBoolean());
        Assert.AreEqual(JsonValueKind.Null, pay[1].GetProperty("ehpUsd").ValueKind);
        Near.Count(3, pay[1].GetProperty("logs").GetInt32());
    }

    [TestMethod]
    public async Task Filters_in_the_query_string_change_the_figures()
    {
        await using var app = await TestApp.StartAsync(CsvRows.Csv(CsvRows.Many("Alpha", 150), CsvRows.Many("Beta", 150, 400, "b")));
        async Task<double> Median(string query)
        {
            using var json = JsonDocument.Parse(await app.Client.GetStringAsync("/api/stats" + query));
            return json.RootElement.GetProperty("pay")[0].GetProperty("ehpUsd").GetProperty("median").GetDouble();
        }
        var all = await Median("");
        var beta = await Median("?platform=beta");
        Near.Magnitude(401.0 / 12, beta, "401 / 12 = 33.42: Alpha's logs are not mixed in");
        Assert.AreNotEqual(all, beta);
        using var k = JsonDocument.Parse(await app.Client.GetStringAsync("/api/stats?k=151&platform=beta"));
        Assert.IsTrue(k.RootElement.GetProperty("pay")[0].GetProperty("suppressed").GetBoolean());
    }

    [TestMethod]
    public async Task Survival_curves_come_on_request()
    {
        await using var app = await TestApp.StartAsync(CsvRows.Csv(CsvRows.Many("Alpha", 150)));
        using var without = JsonDocument.Parse(await app.Client.GetStringAsync("/api/stats"));
        Assert.IsFalse(without.RootElement.TryGetProperty("survival", out _));
        using var with = JsonDocument.Parse(await app.Client.GetStringAsync("/api/stats?survival=1"));
        var group = with.RootElement.GetProperty("survival")[0];
        Near.Count(150, group.GetProperty("logs").GetInt32());
        // All completed, so censored: the published events are noise on a cumulative count of 0, and the curve stays high.
        Near.Count(0, group.GetProperty("events").GetInt32(), "all completed: censored", nodes: 9);
        foreach (var step in group.GetProperty("curve").EnumerateArray())
            Assert.IsTrue(step.GetProperty("survival").GetDouble() >= 0.5, "no contract ended: the curve never falls past half");
    }

    [TestMethod]
    [DataRow("?by=employer", "by: unknown dimension 'employer'")]
    [DataRow("?from=last-year", "from: 'last-year' is not a month")]
    [DataRow("?k=lots", "k: 'lots' is not a whole number")]
    [DataRow("?k=1", "k: 1 is below the floor of 11")]
    public async Task A_bad_filter_is_a_400_naming_the_parameter(string query, string expected)
    {
        await using var app = await TestApp.StartAsync();
        var response = await app.Client.GetAsync("/api/stats" + query);
        Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode);
        StringAssert.Contains(await response.Content.ReadAsStringAsync(), expected);
    }
}
