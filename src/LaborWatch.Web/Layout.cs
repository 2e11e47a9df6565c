using System.Net;
using LaborWatch.Reports;

namespace LaborWatch.Web;

/// <summary>The page frame every dashboard page shares: navigation, the filter form, styles readable on a phone.</summary>
public static class Layout
{
    public static string E(string? s) => WebUtility.HtmlEncode(s ?? "");

    /// <summary>Money as pages show it: to the cent, half away from zero, as the JSON rounds.</summary>
    public static string Dollars(double? v) => v is null ? "–" : "$" + Math.Round(v.Value, 2, MidpointRounding.AwayFromZero).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A share as a percentage to one decimal.</summary>
    public static string Percent(double? v) => v is null ? "–" : Math.Round(v.Value * 100, 1, MidpointRounding.AwayFromZero).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + "%";

    /// <param name="words">the worker side's language (<see cref="Submissions.WorkerLanguage"/>); null: English, no language links</param>
    /// <param name="path">with <paramref name="words"/>: the page the language links lead to</param>
    public static string Page(string title, string body, Submissions.Words? words = null, string? path = null)
    {
        var t = words ?? Submissions.Words.English;
        return $$$"""
        <!doctype html>
        <html lang="{{{t.Lang}}}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{{E(title)}}} · LaborWatch</title>
        <style>
        body{font-family:system-ui,sans-serif;margin:0 auto;max-width:72rem;padding:0 1rem 2rem;color:#111;line-height:1.45}
        header{display:flex;flex-wrap:wrap;gap:1rem;align-items:baseline;border-bottom:2px solid #222;margin-bottom:1rem}
        header a{color:#0b4f9c}nav{display:flex;flex-wrap:wrap;gap:.2rem 1rem;min-width:0}a:focus,button:focus,input:focus{outline:3px solid #f5a623;outline-offset:2px}
        table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums;margin:.5rem 0}
        th,td{padding:.3rem .5rem;border-bottom:1px solid #bbb;text-align:right}th[scope=row],thead th:first-child{text-align:left}
        caption{text-align:left;font-weight:600;margin:.5rem 0}.synthetic{background:#fff3cd;border:1px solid #8a6d00;padding:.5rem}
        .suppressed{color:#444;font-style:italic;text-align:center}figure{margin:1rem 0}figure svg{max-width:100%;height:auto}
        form.filters{display:flex;flex-wrap:wrap;gap:.5rem;align-items:end;margin:.5rem 0 1rem}form.filters label{display:flex;flex-direction:column;font-size:.9rem}
        .headline{display:flex;flex-wrap:wrap;gap:1rem}.headline div{border:1px solid #bbb;padding:.5rem 1rem}.headline strong{font-size:1.4rem;display:block}
        .scroll{overflow-x:auto}.sources a{display:inline-block;min-height:24px;min-width:24px;padding:.15rem .3rem}@media (max-width:40rem){table{font-size:.85rem}th,td{padding:.2rem}}
        fieldset{border:1px solid #bbb;margin:1rem 0;padding:.5rem 1rem;min-width:0}fieldset.log>legend{font-size:1.2rem;font-weight:700}fieldset.section>legend{font-weight:600}
        .field{margin:.75rem 0;display:flex;flex-direction:column;gap:.2rem;max-width:40rem}.field fieldset{margin:0;padding:.3rem .6rem}
        .field input[type=text],.field input[type=month],.field select,.field textarea,#code{font:inherit;padding:.35rem;border:1px solid #555;max-width:100%}
        .help{color:#333;font-size:.9rem}.req{color:#333;font-weight:400;font-size:.9rem}.choices{display:flex;flex-wrap:wrap;gap:1rem}
        .error{color:#a00000;font-weight:600}.invalid input,.invalid select,.invalid textarea{border:2px solid #a00000}
        .error-summary{border:3px solid #a00000;padding:.5rem 1rem;margin:1rem 0}.error-summary a{color:#a00000}
        button{font:inherit;padding:.45rem .9rem;border:1px solid #222;background:#f2f2f2;color:#111;border-radius:3px;cursor:pointer}
        button.primary{background:#0b4f9c;color:#fff;border-color:#0b4f9c}button.danger{background:#a00000;color:#fff;border-color:#a00000}
        .receipt .code{font-size:1.3rem;background:#eef3fa;border:2px dashed #0b4f9c;padding:.5rem;display:inline-block;word-break:break-all;user-select:all}
        td.notes{text-align:left;white-space:pre-wrap;max-width:24rem}.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
        </style></head>
        <body><header><h1><a href="/">LaborWatch</a></h1><nav aria-label="main"><a href="/">{{{E(t["Overview"])}}}</a><a href="/postings">{{{E(t["Postings"])}}}</a><a href="/methodology">{{{E(t["Methodology"])}}}</a><a href="/reports">{{{E(t["Reports"])}}}</a><a href="{{{E(t.Link("/submit"))}}}">{{{E(t["Report a contract"])}}}</a><a href="/api/stats">JSON</a></nav>{{{(words is null || path is null ? "" : Languages(t, path))}}}</header>
        <main><h2>{{{E(title)}}}</h2>{{{(t.Lang == "en" ? "" : $"<p class=\"translation\" role=\"note\">{E(t["Translated from English; a native speaker has not reviewed this translation yet."])}</p>")}}}{{{body}}}</main></body></html>
        """;
    }

    /// <summary>Links to the same worker page in each language, each named in its own language.</summary>
    static string Languages(Submissions.Words words, string path) =>
        $"<nav aria-label=\"{E(words["Language"])}\" class=\"languages\">" + string.Join(" ", Submissions.WorkerLanguage.Supported.Select(l =>
            $"<a href=\"{E(path)}?{Submissions.WorkerLanguage.QueryKey}={l.Code}\" lang=\"{l.Code}\" hreflang=\"{l.Code}\"{(l.Code == words.Lang ? " aria-current=\"true\"" : "")}>{E(l.Name)}</a>")) + "</nav>";

    /// <summary>Which release a page shows, and that its figures are protected: every page of figures says so.</summary>
    public static string ReleaseNote(LaborWatch.Privacy.Release? release) =>
        (release is null
            ? "<p class=\"release\" role=\"note\"><strong>No release yet:</strong> figures are published in releases, and none has been cut.</p>"
            : $"<p class=\"release\" role=\"note\">Figures from <strong>release {release.Id}</strong>, cut {E(release.CutAt)}. ")
        + (release is null ? "" : $"{E(StatsReport.ProtectionNote)} <a href=\"/methodology#privacy\">Why</a>.</p>");

    /// <summary>The filters as a GET form, so every view is a URL that can be shared.</summary>
    public static string FilterForm(StatsFilter filter, string action, string extraFields = "", bool exportLink = true) => $$"""
        <form class="filters" method="get" action="{{E(action)}}">
        <label>Platform(s) <input name="platform" value="{{E(string.Join(",", filter.Platforms))}}" placeholder="all"></label>
        <label>or parent company <input name="parent" value="{{E(string.Join(",", filter.Parents))}}" placeholder="all"></label>
        <label>Kind of work <select name="task_type"><option value="">all</option>{{string.Concat(LaborWatch.Contracts.ContractColumns.TaskTypes.Select(t => $"<option{(filter.TaskTypes.Contains(t) ? " selected" : "")}>{t}</option>"))}}</select></label>
        <label>Country <input name="country" value="{{E(string.Join(",", filter.Countries))}}" placeholder="all" size="6"></label>
        <label>From month <input name="from" value="{{E(filter.From)}}" placeholder="YYYY-MM" pattern="\d{4}-\d{2}"></label>
        <label>To month <input name="to" value="{{E(filter.To)}}" placeholder="YYYY-MM" pattern="\d{4}-\d{2}"></label>
        {{extraFields}}<button type="submit">Apply</button></form>
        {{(exportLink ? $"<p class=\"export\"><a href=\"/reports{E(Query(filter))}\">Export this view</a> (HTML, CSV, JSON or a ZIP bundle with the same filters)</p>" : "")}}
        """;

    /// <summary>The query string of the filters (without --by), for links to charts and JSON.</summary>
    public static string Query(StatsFilter filter)
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
