using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace LaborWatch.Web.Submissions;

/// <summary>The resources of the worker side (Resources/Submissions/WorkerText.LANG.resx): keys are the English words.</summary>
public sealed class WorkerText;

/// <summary>
/// The languages of the worker side (/submit, /receipt): English, Spanish, Filipino and Swahili, for the people who
/// do this work in Latin America, the Philippines and East Africa. Chosen by <c>?lang=</c>, else the browser's
/// Accept-Language (Tagalog, tl, is answered in Filipino), else English. The dashboard stays in English.
/// </summary>
public sealed class WorkerLanguage : RequestCultureProvider
{
    public static readonly (string Code, string Name)[] Supported = [("en", "English"), ("es", "Español"), ("fil", "Filipino"), ("sw", "Kiswahili")];

    public const string QueryKey = "lang";

    public static string? Normalize(string? code)
    {
        var primary = (code ?? "").Trim().Split('-', '_')[0].ToLowerInvariant();
        if (primary == "tl") primary = "fil";
        return Supported.Any(s => s.Code == primary) ? primary : null;
    }

    public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext http)
    {
        var chosen = Normalize(http.Request.Query[QueryKey]);
        if (chosen is null)
        {
            var accepted = http.Request.GetTypedHeaders().AcceptLanguage
                .Where(a => a.Quality is null or > 0)
                .OrderByDescending(a => a.Quality ?? 1);   // stable: the browser's order among equal weights
            chosen = accepted.Select(a => Normalize(a.Value.Value)).FirstOrDefault(c => c is not null);
        }
        return Task.FromResult<ProviderCultureResult?>(new ProviderCultureResult(chosen ?? "en"));
    }

    /// <summary>The language this request is answered in.</summary>
    public static string Of(HttpContext http) => Normalize(http.Features.Get<IRequestCultureFeature>()?.RequestCulture.UICulture.Name) ?? "en";

    /// <summary>The words of this request's language: the English given, translated where the resources have it.</summary>
    public static Words For(HttpContext http) =>
        new(http.RequestServices.GetRequiredService<IStringLocalizer<WorkerText>>(), Of(http), http.Request.Query.ContainsKey(QueryKey));
}

/// <summary>
/// The worker side's words in one language. <see cref="this[string]"/> translates an English text (the resource
/// key; English itself has no resource file, so it shows as written); <see cref="Format"/> fills in values.
/// </summary>
public sealed class Words(IStringLocalizer? localizer, string lang, bool chosenInUrl)
{
    public static readonly Words English = new(null, "en", false);

    public string Lang => lang;

    public string this[string english] => localizer is null ? english : localizer[english].Value;

    public string Format(string english, params object[] values) => string.Format(CultureInfo.InvariantCulture, this[english], values);

    /// <summary>A worker-side path that keeps a language chosen in the URL (a form posted back answers in it too).</summary>
    public string Link(string path) => chosenInUrl || lang != "en" ? $"{path}?{WorkerLanguage.QueryKey}={lang}" : path;

    /// <summary>A number as this language writes it: a decimal comma in Spanish, a point in Filipino and Swahili.</summary>
    public string Number(string? invariant) => invariant is null ? "–" : lang == "es" ? invariant.Replace('.', ',') : invariant;

    /// <summary>
    /// A text in this language with raw HTML put in its placeholders: the translated words are encoded, the
    /// pieces of markup (a link's tags, a code) are the caller's and go in as they are.
    /// </summary>
    public string Html(string english, params string[] markup)
    {
        var text = System.Net.WebUtility.HtmlEncode(this[english]);
        for (var i = 0; i < markup.Length; i++) text = text.Replace("{" + i + "}", markup[i]);
        return text;
    }

    /// <summary>
    /// A validation message of the import's validator (English, from the library) in this language: matched against
    /// the validator's message templates, translated, and filled with the values it named. A message no template
    /// matches stays in English.
    /// </summary>
    public string Error(string message)
    {
        if (lang == "en") return message;
        foreach (var (template, pattern) in ErrorPatterns)
            if (pattern.Match(message) is { Success: true } m)
                return Format(template, m.Groups.Cast<System.Text.RegularExpressions.Group>().Skip(1).Select(g => (object)g.Value).ToArray());
        return message;
    }

    /// <summary>The messages of Contracts/ContractValidator.cs and of the form itself, with their values as {0}, {1}...</summary>
    public static readonly string[] ErrorTemplates =
    [
        "is required", "is longer than {0} characters", "contains control or text-direction characters", "'{0}' has no letters or digits",
        "unknown currency '{0}' (expected an ISO 4217 code such as USD, EUR, GBP, INR, KES)",
        "is required when advertised_rate is given (hour, task or project)", "is required when advertised_unit is given",
        "{0} is before started ({1})", "must be empty while status is active", "is required when status is {0}", "'{0}' is not one of: {1}",
        "'{0}' is not a number (write digits with a '.' decimal point and no symbols, e.g. 1234.50)", "{0} is negative",
        "{0} is implausibly large", "{0} has more decimals than {1} has ({2})", "'{0}' is not a number of hours (e.g. 12.5)",
        "{0} is negative: hours cannot be below 0", "{0} is more than {1} hours", "'{0}' is not a whole number", "{0} is outside {1}..{2}",
        "'{0}' is not 1, 0 or empty (yes/no and true/false are accepted too)", "'{0}' is not a date (YYYY-MM-DD or YYYY-MM)",
        "{0} is before 2000", "{0} is in the future",
        "'{0}' is not an ISO 3166-1 alpha-2 country code (US, GB, KE) or an ISO 3166-2 region (US-CA)",
        "leave empty while the contract is still active (it is counted up to today)", "{0} weeks does not fit between {1} and {2}",
        "'{0}' is not a whole number of weeks between 0 and 1040",
    ];

    // Longest first: "{0} is negative: hours cannot be below 0" before "{0} is negative".
    static readonly (string Template, System.Text.RegularExpressions.Regex Pattern)[] ErrorPatterns = ErrorTemplates
        .OrderByDescending(t => t.Length)
        .Select(t => (t, new System.Text.RegularExpressions.Regex(
            "^" + System.Text.RegularExpressions.Regex.Replace(System.Text.RegularExpressions.Regex.Escape(t), @"\\\{(\d)}", "(.*?)") + "$",
            System.Text.RegularExpressions.RegexOptions.Singleline)))
        .ToArray();
}
