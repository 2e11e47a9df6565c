using System.Text;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Logging;

namespace LaborWatch.Web.Shared;

/// <summary>
/// Renders the pages' Razor components (static server rendering, no script): as an endpoint's result, or to
/// UTF-8 bytes for the render cache, which keeps a page until the data changes.
/// </summary>
public sealed class PageRenderer(IServiceProvider services, ILoggerFactory logs)
{
    /// <param name="parameters">the component's parameters, as an anonymous object</param>
    public static IResult Result<T>(object parameters, int status = 200) where T : IComponent =>
        new RazorComponentResult<T>(parameters) { StatusCode = status, ContentType = "text/html; charset=utf-8" };

    public byte[] Utf8<T>(object parameters) where T : IComponent
    {
        // A renderer of its own: renders of different pages on both cores do not queue on one dispatcher.
        using var renderer = new HtmlRenderer(services, logs);
        var view = ParameterView.FromDictionary(parameters.GetType().GetProperties().ToDictionary(p => p.Name, p => p.GetValue(parameters)));
        var html = renderer.Dispatcher.InvokeAsync(async () => (await renderer.RenderComponentAsync<T>(view)).ToHtmlString()).GetAwaiter().GetResult();
        return Encoding.UTF8.GetBytes(html);
    }
}
