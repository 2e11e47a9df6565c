using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace LaborWatch.Web.Tests;

/// <summary>
/// A browser-like client for the submission forms: keeps cookies, reads the antiforgery token from the page
/// it was served, and posts fields the way a browser does (application/x-www-form-urlencoded).
/// </summary>
public sealed class FormClient(HttpClient client)
{
    public HttpClient Http => client;

    public static IDocument Parse(string html) => new HtmlParser().ParseDocument(html);

    /// <summary>The page and the antiforgery token of its first form.</summary>
    public async Task<(IDocument Page, string Token)> Open(string path)
    {
        var html = await client.GetStringAsync(path);
        var page = Parse(html);
        var token = page.QuerySelector("input[name=form_token]")?.GetAttribute("value")
            ?? throw new AssertFailedException($"{path} has no antiforgery token");
        SessionCheck = page.QuerySelector("input[name=session_check]")?.GetAttribute("value") ?? SessionCheck;
        return (page, token);
    }

    /// <summary>The review session's hidden field, as the last review page opened carried it; a browser sends it back with the form.</summary>
    public string? SessionCheck { get; set; }

    public async Task<(HttpResponseMessage Response, IDocument Page)> Post(string path, IEnumerable<KeyValuePair<string, string>> fields, string? token)
    {
        var all = token is null ? fields : fields.Append(new("form_token", token));
        if (path == "/review" && SessionCheck is not null && !all.Any(f => f.Key == "session_check")) all = all.Append(new("session_check", SessionCheck));
        var content = new FormUrlEncodedContent(all);
        // A large body waits for "100 Continue" as browsers' uploads effectively do: a server that refuses it
        // early (413) can then answer instead of resetting a connection still being written to.
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        if (content.Headers.ContentLength > 64 * 1024) request.Headers.ExpectContinue = true;
        var response = await client.SendAsync(request);
        return (response, Parse(await response.Content.ReadAsStringAsync()));
    }

    /// <summary>A complete valid log as form fields of log <paramref name="index"/>.</summary>
    public static List<KeyValuePair<string, string>> Log(int index = 0, Dictionary<string, string>? overrides = null)
    {
        var values = new Dictionary<string, string>
        {
            ["platform"] = "Annotatrix", ["task_type"] = "rlhf_rating", ["country"] = "US-CA",
            ["started"] = "2025-03", ["ended"] = "2025-05", ["duration_weeks"] = "8", ["status"] = "cancelled_by_platform",
            ["notice_hours"] = "0", ["pay_basis"] = "hourly", ["advertised_rate"] = "21.00", ["advertised_unit"] = "hour",
            ["currency"] = "USD", ["gross_pay"] = "640.00", ["paid_hours"] = "32", ["unpaid_guidelines_hours"] = "6",
            ["unpaid_overrun_hours"] = "2", ["monitoring"] = "1", ["quotas"] = "0",
        };
        foreach (var (k, v) in overrides ?? []) values[k] = v;
        return [.. values.Select(kv => new KeyValuePair<string, string>($"log{index}.{kv.Key}", kv.Value)),
            new("count", (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)), new("action", "submit")];
    }
}
