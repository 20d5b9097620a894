using Kommuntal.Functions.Http;
using Kommuntal.Web.Pages.Public;
using Kommuntal.Web.Tests.Browser;
using Microsoft.Playwright;

namespace Kommuntal.Web.Tests;

/// <summary>The accessibility statement served by its function, in Chromium: the checks every page must pass.</summary>
[Collection(WebCollection.Name)]
public class AccessibilityStatementPageTests(WebFixture web)
{
    private string Url => web.Server.Url("/api/public/tillganglighet");

    [Fact]
    public async Task The_statement_has_no_axe_violations_on_a_desktop_and_at_320_px()
    {
        foreach (var width in new[] { 1280, 320 })
        {
            var page = await web.NewPageAsync(bypassCsp: true, width: width);
            Assert.Equal(200, (await page.GotoAsync(Url))!.Status);
            await PageChecks.AssertNoAxeViolationsAsync(page);
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task The_statement_says_what_the_law_asks_for_in_Swedish()
    {
        var page = await web.NewPageAsync();
        await page.GotoAsync(Url);
        Assert.Equal("sv", await page.GetAttributeAsync("html", "lang"));
        Assert.Equal("Tillgänglighetsredogörelse – Kommuntal", await page.TitleAsync());
        Assert.Equal(["Tillgänglighetsredogörelse för Kommuntal"], await page.Locator("h1").AllInnerTextsAsync());
        var headings = await page.Locator("main h2").AllInnerTextsAsync();
        Assert.Equal(["Hur tillgänglig är tjänsten?", "Innehåll som inte är tillgängligt", "Portalen för samordnare", "Kontakta oss om något inte fungerar", "Tillsyn", "Hur vi har testat tjänsten", "Om redogörelsen"], headings);
        var main = await page.Locator("main").InnerTextAsync();
        Assert.Contains("delvis förenlig med lagen (2018:1937)", main);
        Assert.Contains("WCAG 2.1 på nivå AA", main);
        Assert.Contains("inte i arkivformatet PDF/A", main);
        Assert.Contains($"axe-core (version {AccessibilityStatement.AxeCoreVersion})", main);
        Assert.Contains("320 pixlars bredd", main);
        Assert.Contains("200 procent", main);
        Assert.Contains("senast den 7 december 2026", main);
        // The portal is covered too: how it is tested, and what is known not to be accessible.
        Assert.Contains("Redogörelsen gäller den öppna webbplatsen, portalen för länsstyrelsernas samordnare", main);
        Assert.Contains("gör en samordnare ett helt år med bara tangentbordet", main);
        Assert.Contains("Inloggningen sker på Microsofts inloggningssida", main);
        Assert.Contains("den vanliga filväljaren och tangentbordet", main);
        // Reporting shortcomings and asking for an accessible version: the configured contacts.
        Assert.Equal("mailto:tillganglighet@lansstyrelsen.example", await page.GetByRole(AriaRole.Link, new() { Name = "tillganglighet@lansstyrelsen.example" }).GetAttributeAsync("href"));
        Assert.Contains("010-224 00 00", main);
        var contacts = page.Locator("table", new() { Has = page.Locator("caption", new() { HasText = "Kontakt per länsstyrelse" }) });
        Assert.Equal(["Länsstyrelsen i Örebro län"], await contacts.Locator("tbody th[scope=row]").AllInnerTextsAsync());
        // Digg's form for reporting a service that does not comply.
        Assert.Equal("https://www.digg.se/tdosanmalan", await page.GetByRole(AriaRole.Link, new() { Name = "Anmäl bristande tillgänglighet till Digg (digg.se)" }).GetAttributeAsync("href"));
        // Reachable from every page: the footer links it, and says the site sets no cookies.
        Assert.Equal(["Tillgänglighetsredogörelse", "Om webbplatsen och kakor"], await page.Locator("footer a").AllInnerTextsAsync());
        Assert.Contains("sätter inga kakor", await page.Locator("footer").InnerTextAsync());
        Assert.Empty(await page.Context.CookiesAsync());
    }

    [Fact]
    public async Task The_keyboard_reaches_the_skip_link_first_and_every_link_with_visible_focus()
    {
        var page = await web.NewPageAsync();
        await page.GotoAsync(Url);
        var reached = await PageChecks.AssertKeyboardReachableAsync(page);
        Assert.Equal("Till huvudinnehållet", reached[0]);
        Assert.Contains("Anmäl bristande tillgänglighet till Digg (digg.se)", reached);

        // The skip link is shown when focused and takes the focus to the main content.
        await page.ReloadAsync();
        await page.Keyboard.PressAsync("Tab");
        var box = await page.Locator(".skip-link").BoundingBoxAsync();
        Assert.True(box is { Y: >= 0, Height: > 10 }, "the skip link is not visible when focused");
        await page.Keyboard.PressAsync("Enter");
        Assert.Equal("innehall", await page.EvaluateAsync<string>("() => document.activeElement.id"));
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("Tillgänglighetsredogörelse för Kommuntal", await page.Locator("h1").InnerTextAsync());
        var next = await page.EvaluateAsync<string>("() => document.activeElement.closest('main') ? 'main' : 'outside'");
        Assert.Equal("main", next); // the next Tab after the skip lands in the content, not in the menu
    }

    [Fact]
    public async Task The_statement_reads_without_sideways_scrolling_at_320_px_at_200_percent_zoom_and_at_200_percent_text()
    {
        var narrow = await web.NewPageAsync(width: 320, height: 640);
        await narrow.GotoAsync(Url);
        await PageChecks.AssertNoHorizontalScrollAsync(narrow);

        // 200 % browser zoom of a 1280 px window: a 640 CSS px layout at device scale 2.
        var zoomed = await web.NewPageAsync(width: 640, height: 450, zoom: 2);
        await zoomed.GotoAsync(Url);
        await PageChecks.AssertNoHorizontalScrollAsync(zoomed);

        var bigText = await web.NewPageAsync(width: 1280);
        await bigText.GotoAsync(Url);
        var before = await bigText.EvaluateAsync<double>("() => parseFloat(getComputedStyle(document.querySelector('main p')).fontSize)");
        await PageChecks.DoubleTextSizeAsync(bigText);
        var after = await bigText.EvaluateAsync<double>("() => parseFloat(getComputedStyle(document.querySelector('main p')).fontSize)");
        Assert.Equal(before * 2, after, 1); // the stylesheet sizes text in rem, so it follows the user's text size
        await PageChecks.AssertNoHorizontalScrollAsync(bigText);
    }

    [Fact]
    public async Task The_page_works_under_its_strict_CSP_with_its_own_stylesheet()
    {
        var page = await web.NewPageAsync();
        var csp = await CspWatcher.AttachAsync(page);
        var response = await page.GotoAsync(Url);
        Assert.Equal(SecurityHeaders.PageContentSecurityPolicy, response!.Headers["content-security-policy"]);
        Assert.DoesNotContain("unsafe-inline", SecurityHeaders.PageContentSecurityPolicy);
        // The stylesheet loaded and applies (the header's dark blue), and no request broke the policy.
        Assert.Equal("rgb(11, 42, 74)", await page.EvaluateAsync<string>("() => getComputedStyle(document.querySelector('.site-header')).backgroundColor"));
        await csp.AssertNoneAsync();
    }

    [Fact]
    public async Task The_CSP_watcher_sees_an_inline_style_that_the_policy_blocks()
    {
        var page = await web.NewPageAsync();
        var csp = await CspWatcher.AttachAsync(page);
        await page.GotoAsync(web.Server.Url(PageServer.CspBreakerPath));
        await page.WaitForFunctionAsync("() => window.__cspViolations.length > 0");
        Assert.Contains(await csp.ViolationsAsync(), v => v.Contains("style-src", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_screenshot_of_the_statement()
    {
        var page = await web.NewPageAsync(width: 1280, height: 900);
        await page.GotoAsync(Url);
        var path = await PageChecks.ScreenshotAsync(page, "tillganglighet");
        Assert.True(new FileInfo(path).Length > 10_000);
    }
}
