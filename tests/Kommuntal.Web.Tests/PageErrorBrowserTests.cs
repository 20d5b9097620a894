using Kommuntal.Web.Tests.Browser;

namespace Kommuntal.Web.Tests;

/// <summary>
/// An error on a page route is an HTML error page (ProblemMiddleware decides, in the real local
/// server's worker pipeline), accessible and under the page CSP; the public API beside it keeps its
/// RFC 9457 problems.
/// </summary>
[Collection(PublicSiteCollection.Name)]
public class PageErrorBrowserTests(PublicSiteFixture site)
{
    [Theory]
    [InlineData("/api/portal/1999/lan/18")]      // a year outside 2016–2100: refused before the function runs
    [InlineData("/api/portal/2101/uppladdning")]
    public async Task An_error_on_a_page_route_is_the_HTML_error_page_with_no_axe_violations(string path)
    {
        var page = await site.NewPageAsync(bypassCsp: true);
        var response = await page.GotoAsync(site.Url(path));
        Assert.Equal(404, response!.Status);
        Assert.StartsWith("text/html", response.Headers["content-type"], StringComparison.Ordinal);
        Assert.Equal("no-store", response.Headers["cache-control"]);
        Assert.Equal("Sidan finns inte", await page.Locator("h1").InnerTextAsync());
        await PageChecks.AssertNoAxeViolationsAsync(page);
        await page.Context.CloseAsync();

        var strict = await site.NewPageAsync(width: 320, height: 640);
        var csp = await CspWatcher.AttachAsync(strict);
        await strict.GotoAsync(site.Url(path));
        Assert.Equal("Till huvudinnehållet", (await PageChecks.AssertKeyboardReachableAsync(strict))[0]);
        await PageChecks.AssertNoHorizontalScrollAsync(strict);
        await csp.AssertNoneAsync();
        await strict.Context.CloseAsync();
    }

    [Fact]
    public async Task The_public_API_beside_the_pages_keeps_its_problem_details()
    {
        var page = await site.NewPageAsync();
        var api = await page.APIRequest.GetAsync(site.Url("/api/public/decisions/1999/18/v1"));
        Assert.Equal(404, api.Status);
        Assert.Equal("application/problem+json", api.Headers["content-type"]);
        Assert.Contains("not-found", await api.TextAsync(), StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }
}
