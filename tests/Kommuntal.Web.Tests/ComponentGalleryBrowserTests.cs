using Kommuntal.Web.Tests.Browser;

namespace Kommuntal.Web.Tests;

/// <summary>
/// Every shared component on one test page (Gallery/ComponentGallery.razor) in Chromium: axe, keyboard,
/// 320 px, 200 % and the CSP, with and without form errors, so the page issues start from components
/// that pass.
/// </summary>
[Collection(WebCollection.Name)]
public class ComponentGalleryBrowserTests(WebFixture web)
{
    private string Url(bool errors) => web.Server.Url(PageServer.GalleryPath + (errors ? "?fel=1" : ""));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_components_have_no_axe_violations(bool errors)
    {
        foreach (var width in new[] { 1280, 320 })
        {
            var page = await web.NewPageAsync(bypassCsp: true, width: width);
            await page.GotoAsync(Url(errors));
            await PageChecks.AssertNoAxeViolationsAsync(page);
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task Every_link_field_button_and_the_wide_table_are_reached_by_the_keyboard_with_visible_focus()
    {
        var page = await web.NewPageAsync();
        await page.GotoAsync(Url(errors: false));
        var reached = await PageChecks.AssertKeyboardReachableAsync(page);
        Assert.Equal("Till huvudinnehållet", reached[0]);
        Assert.Contains(reached, r => r.StartsWith("#dnr", StringComparison.Ordinal));
        Assert.Contains("Spara", reached);
        Assert.Contains(reached, r => r.StartsWith("Folkmängd per kommun", StringComparison.Ordinal)); // the scrolling table region
    }

    [Fact]
    public async Task With_errors_the_summary_takes_focus_under_the_CSP_and_its_links_move_focus_to_the_fields()
    {
        var page = await web.NewPageAsync();
        var csp = await CspWatcher.AttachAsync(page);
        await page.GotoAsync(Url(errors: true));
        // enhance.js (a 'self' script) ran: the summary has the focus.
        await page.WaitForFunctionAsync("() => document.activeElement?.classList.contains('error-summary')");
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("#dnr", await page.EvaluateAsync<string>("() => document.activeElement.getAttribute('href')"));
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Enter");
        Assert.Equal("antal", await page.EvaluateAsync<string>("() => document.activeElement.id"));
        await csp.AssertNoneAsync();
    }

    [Fact]
    public async Task Without_scripts_the_error_summary_is_still_first_and_its_links_lead_to_the_fields()
    {
        var context = await web.Browser.NewContextAsync(new() { JavaScriptEnabled = false, ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(Url(errors: true));
        Assert.StartsWith("Fel: ", await page.TitleAsync());
        await page.ClickAsync(".error-summary a[href='#antal']");
        Assert.EndsWith("#antal", page.Url);
        Assert.True(await page.Locator("#antal").IsVisibleAsync());
        await context.CloseAsync();
    }

    [Fact]
    public async Task The_page_does_not_scroll_sideways_at_320_px_or_200_percent_while_the_wide_table_scrolls_in_its_region()
    {
        foreach (var (width, zoom) in new[] { (320, 1f), (640, 2f) })
        {
            var page = await web.NewPageAsync(width: width, height: 700, zoom: zoom);
            await page.GotoAsync(Url(errors: true));
            await PageChecks.AssertNoHorizontalScrollAsync(page);
            if (width == 320)
                Assert.True(await page.EvaluateAsync<bool>("() => { const w = document.querySelector('.table-wrap'); return w.scrollWidth > w.clientWidth; }"),
                    "at 320 px the table is wider than the screen and scrolls inside its region");
            await PageChecks.ScreenshotAsync(page, $"komponenter-{width}px");
            await page.Context.CloseAsync();
        }
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(403)]
    [InlineData(404)]
    [InlineData(500)]
    public async Task Error_pages_in_both_layouts_have_no_axe_violations_and_answer_with_their_status(int status)
    {
        var page = await web.NewPageAsync(bypassCsp: true);
        var response = await page.GotoAsync(web.Server.Url(PageServer.ErrorPagePath + status));
        Assert.Equal(status, response!.Status);
        Assert.Equal("no-store", response.Headers["cache-control"]);
        await PageChecks.AssertNoAxeViolationsAsync(page);
        if (status == 403) Assert.Equal("Logga ut", await page.Locator(".user-box a").InnerTextAsync()); // the portal's layout
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_portal_layout_is_keyboard_reachable_and_reads_at_320_px()
    {
        var page = await web.NewPageAsync(width: 320, height: 640);
        var csp = await CspWatcher.AttachAsync(page);
        await page.GotoAsync(web.Server.Url(PageServer.ErrorPagePath + 403));
        await PageChecks.AssertNoHorizontalScrollAsync(page);
        var reached = await PageChecks.AssertKeyboardReachableAsync(page);
        Assert.Equal(["Till huvudinnehållet", "Kommuntal", "Logga ut", "Översikt"], reached.Take(4));
        await csp.AssertNoneAsync();
    }
}
