using Kommuntal.Application.Options;
using Kommuntal.Web.Assets;
using Kommuntal.Web.Pages.Public;
using Kommuntal.Web.Rendering;
using Microsoft.Extensions.Options;

namespace Kommuntal.Functions;

/// <summary>
/// The pages every site shares, and their assets: the stylesheet and scripts under fingerprinted
/// names, the accessibility statement and "Om webbplatsen och kakor". Anonymous; no cookies.
/// Pages are Razor components of Kommuntal.Web rendered on the server (docs/web.md); their strict
/// page CSP is set with the other security headers in <see cref="SecurityHeadersMiddleware"/>.
/// </summary>
public sealed class WebFunctions(PageRenderer pages, WebAssets assets, IOptions<WebOptions> web, IOptions<KommuntalOptions> options, ReferenceData reference)
{
    [Function("GetAsset")]
    public IActionResult Asset(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.AssetRoute)] HttpRequest request, string name) =>
        assets.Find(name)?.Result()
            ?? ProblemResults.Problem(request, 404, "Not found", "No asset by this name (names carry their fingerprint, e.g. site.1a2b3c4d.css).", "not-found");

    [Function("GetAccessibilityStatement")]
    public async Task<IActionResult> AccessibilityStatement(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Public.AccessibilityStatementRoute)] HttpRequest request)
    {
        var statement = Web.Pages.Public.AccessibilityStatement.From(web.Value, options.Value, reference);
        return await pages.PageAsync<AccessibilityStatementPage>(new Dictionary<string, object?> { [nameof(AccessibilityStatementPage.Statement)] = statement });
    }

    [Function("GetAboutSite")]
    public async Task<IActionResult> AboutSite(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Public.AboutSiteRoute)] HttpRequest request) =>
        await pages.PageAsync<AboutSitePage>(new Dictionary<string, object?> { [nameof(AboutSitePage.Operator)] = web.Value.Operator });
}
