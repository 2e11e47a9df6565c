using LaborWatch.Contracts;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace LaborWatch.Web;

/// <summary>
/// The filters in a URL's query string, both ways: read from a request (every page, chart, JSON and export) and
/// written into the links a page makes (so a view shared is the same view). The parameters are the CLI's options:
/// by, platform, parent, task_type, country, from, to and k.
/// </summary>
public static class FilterQuery
{
    /// <summary>
    /// The request's query string as a filter for published figures, under the operator's k (a request may ask
    /// for more, never for less); the message names the parameter at fault.
    /// </summary>
    public static bool TryRead(HttpContext http, out StatsFilter? filter, out string? error) =>
        TryRead(http.Request.Query, http.RequestServices.GetRequiredService<Submissions.WebOptions>().PublicK, out filter, out error);

    public static bool TryRead(IQueryCollection query, int publicK, out StatsFilter? filter, out string? error)
    {
        filter = null;
        error = null;
        int? k = null;
        if (query.TryGetValue("k", out var kText))
        {
            if (!int.TryParse(kText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed))
            { error = $"k: '{kText}' is not a whole number"; return false; }
            k = parsed;
        }
        try
        {
            filter = StatsFilter.Parse(Value(query, "by"), Value(query, "platform"), Value(query, "from"), Value(query, "to"), k,
                Value(query, "parent"), Value(query, "task_type"), Value(query, "country"), publicK);
            return true;
        }
        catch (ArgumentException e)
        {
            error = e.Message.Replace("--", "", StringComparison.Ordinal);
            return false;
        }
    }

    static string? Value(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v) ? v.ToString() : null;

    /// <summary>The query string of the filters (without --by), for links to charts and JSON.</summary>
    public static string Of(StatsFilter filter)
    {
        var parts = new List<string>();
        if (filter.Platforms.Count > 0) parts.Add("platform=" + Uri.EscapeDataString(string.Join(",", filter.Platforms)));
        if (filter.Parents.Count > 0) parts.Add("parent=" + Uri.EscapeDataString(string.Join(",", filter.Parents)));
        if (filter.TaskTypes.Count > 0) parts.Add("task_type=" + Uri.EscapeDataString(string.Join(",", filter.TaskTypes)));
        if (filter.Countries.Count > 0) parts.Add("country=" + Uri.EscapeDataString(string.Join(",", filter.Countries)));
        if (filter.From is not null) parts.Add("from=" + filter.From);
        if (filter.To is not null) parts.Add("to=" + filter.To);
        if (filter.K != LaborWatch.Privacy.Disclosure.DefaultK) parts.Add("k=" + filter.K.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return parts.Count == 0 ? "" : "?" + string.Join("&", parts);
    }
}
