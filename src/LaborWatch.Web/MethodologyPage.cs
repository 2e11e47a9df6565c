using LaborWatch.Web.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace LaborWatch.Web;

/// <summary>
/// How every published number is computed (docs/methodology.md, in plain words), with the constants taken from
/// the code that applies them, the legal tests with their dates and sources, and the disclosure rule. The same
/// for every request: rendered once.
/// </summary>
public static class MethodologyPage
{
    public static IEndpointRouteBuilder MapMethodologyPage(this IEndpointRouteBuilder routes)
    {
        byte[]? html = null;
        routes.MapGet("/methodology", (PageRenderer pages) => Results.Bytes(html ??= pages.Utf8<MethodologyView>(new { }), "text/html; charset=utf-8"));
        return routes;
    }
}
