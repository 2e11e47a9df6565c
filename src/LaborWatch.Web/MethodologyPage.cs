using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static LaborWatch.Web.Layout;

namespace LaborWatch.Web;

/// <summary>
/// How every published number is computed (DESIGN.md section 4 in plain words), with the constants taken from
/// the code that applies them, the legal tests with their dates and sources, and the disclosure rule.
/// </summary>
public static class MethodologyPage
{
    public static IEndpointRouteBuilder MapMethodologyPage(this IEndpointRouteBuilder routes)
    {
        var html = Page("Methodology: how every number is computed", Body());
        routes.MapGet("/methodology", () => Results.Content(html, "text/html; charset=utf-8"));
        return routes;
    }

    static string Body() => LaborWatch.Reports.Methodology.Html();
}
