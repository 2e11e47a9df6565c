using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using LaborWatch.Web.Shared;

namespace LaborWatch.Web.Submissions;

/// <summary>
/// What every form page of the submission side shares: never cached, an antiforgery token in every form,
/// and posts read within a size limit, with a page (not a 500) for an oversized, malformed or cross-site post.
/// </summary>
public static class FormPosts
{
    public static void NoStore(HttpContext http)
    {
        // Exactly the value antiforgery sets on a page with a token, so it has nothing to override.
        http.Response.Headers.CacheControl = "no-cache, no-store";
        http.Response.Headers.Pragma = "no-cache";
    }

    /// <summary>The hidden field every form carries (TokenField.razor); stored (its cookie set) before the page renders.</summary>
    public sealed record FormToken(string Name, string Value);

    public static FormToken Token(HttpContext http, IAntiforgery antiforgery)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        return new FormToken(tokens.FormFieldName, tokens.RequestToken!);
    }

    /// <summary>The posted form, or the error page to answer with instead.</summary>
    public static async Task<(IFormCollection? Form, IResult? Failure)> ReadAsync(HttpContext http, IAntiforgery antiforgery, WebOptions options)
    {
        NoStore(http);
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = options.MaxBodyBytes;
        if (!http.Request.HasFormContentType)
            return (null, Error(http, 415, "Not a form", "This address takes a form post (application/x-www-form-urlencoded)."));
        IFormCollection form;
        try
        {
            form = await http.Request.ReadFormAsync();
        }
        catch (Exception e) when (e is BadHttpRequestException or InvalidDataException or IOException)
        {
            var status = e is BadHttpRequestException bad ? bad.StatusCode : 413;
            return (null, status == 413
                ? Error(http, status, "Form not accepted", "The form was larger than this server accepts ({0} KB, and 16 KB a field). Shorten the notes and try again.", options.MaxBodyBytes / 1024)
                : Error(http, status, "Form not accepted", "The form could not be read. Reload the page and try again."));
        }
        try
        {
            await antiforgery.ValidateRequestAsync(http);
        }
        catch (AntiforgeryValidationException)
        {
            return (null, Error(http, 400, "Form expired",
                "This form was not sent from this site's own page, or it has expired (the server restarted). Open the form again and resend; nothing was stored."));
        }
        return (form, null);
    }

    /// <summary>
    /// An error page of a form post, in the worker's language on /submit and /receipt (English on /review), whose
    /// link leads back to the form that was posted.
    /// </summary>
    static IResult Error(HttpContext http, int status, string title, string message, params object[] values)
    {
        var back = FormPage(http);
        var words = back == "/review" ? Words.English : WorkerLanguage.For(http);
        return PageRenderer.Result<Message>(new { Title = words[title], Text = words.Format(message, values), Back = words.Link(back), BackText = words["Back to the form"], Words = words, Path = back }, status);
    }

    /// <summary>The page with the form behind a post path: /review/login is signed into from /review.</summary>
    static string FormPage(HttpContext http) =>
        http.Request.Path.StartsWithSegments("/review") ? "/review" : http.Request.Path.StartsWithSegments("/receipt") ? "/receipt" : "/submit";
}
