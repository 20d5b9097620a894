using System.Security.Cryptography;
using Kommuntal.Web.Tests.Browser;
using Microsoft.Playwright;

namespace Kommuntal.Web.Tests;

/// <summary>
/// The public site (issue 18) in Chromium through the real local server after the national 2022
/// run and a revision of Örebro län: the search by keyboard and without JavaScript, a
/// municipality's page and its PDF's SHA-256, axe-core on every page, keyboard, 320 px, 200 %, the
/// CSP and no cookies.
/// </summary>
[Collection(PublicSiteCollection.Name)]
public class PublicSiteBrowserTests(PublicSiteFixture site)
{
    /// <summary>Every kind of public page (and the 404 page).</summary>
    public static TheoryData<string> Pages() =>
    [
        "/api/public", "/api/public?q=laxa", "/api/public?q=xyzzy", "/api/public/kommuner/1880-orebro", "/api/public/kommuner/1860-laxa",
        "/api/public/lan/18-orebro-lan", "/api/public/riket", "/api/public/om-kommuntal", "/api/public/data", "/api/public/kommuner/finns-inte",
        "/api/public/uppfoljning/2022", "/api/public/uppfoljning/2023",
    ];

    [Fact]
    public async Task Typing_laxa_by_keyboard_finds_Laxå_whose_page_gives_the_PDF_with_the_SHA_256_it_shows()
    {
        var page = await site.NewPageAsync();
        await page.GotoAsync(site.Url("/api/public"));
        await TabToAsync(page, "document.activeElement.id === 'sok'");
        await page.Keyboard.TypeAsync("laxa");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(u => u.Contains("q=laxa", StringComparison.Ordinal));
        Assert.Equal("laxa", await page.InputValueAsync("#sok"));
        Assert.Equal(["Laxå"], await page.Locator(".hit-list a").AllInnerTextsAsync());
        await TabToAsync(page, "document.activeElement.textContent === 'Laxå'");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(site.Url("/api/public/kommuner/1860-laxa"));

        Assert.Equal("Kommuntal för Laxå – Kommuntal", await page.TitleAsync());
        var main = await page.Locator("main").InnerTextAsync();
        Assert.Contains("Örebro län, länstal 212", main);          // the revision's länstal
        Assert.Contains("Så räknades talet fram", main);
        Assert.Contains("av länets befolkning", main);              // the annex's explanation
        Assert.Contains("Ersatt av version 2", main);               // version 1, superseded
        Assert.Contains("8 november 2021", main);                   // the demo decision's date

        var rows = page.Locator("table:has(caption:text('Beslut om kommuntal 2022')) tbody tr");
        Assert.Equal(2, await rows.CountAsync());
        foreach (var row in await rows.AllAsync())
        {
            var href = await row.Locator("a.pdf-link").GetAttributeAsync("href");
            var shown = await row.Locator("code.hash").InnerTextAsync();
            var response = await page.Context.APIRequest.GetAsync(site.Url(href!));
            Assert.Equal(200, response.Status);
            Assert.Equal("application/pdf", response.Headers["content-type"]);
            var pdf = await response.BodyAsync();
            Assert.Equal(shown, Convert.ToHexStringLower(SHA256.HashData(pdf)));
        }
        Assert.Empty(await page.Context.CookiesAsync());
    }

    [Fact]
    public async Task The_search_works_without_JavaScript_and_ignores_case_and_diacritics()
    {
        var page = await site.NewPageAsync(javaScript: false);
        await page.GotoAsync(site.Url("/api/public"));
        await page.FocusAsync("#sok");
        await page.Keyboard.TypeAsync("OREBRO");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(u => u.Contains("q=OREBRO", StringComparison.Ordinal));
        var hits = await page.Locator(".hit-list a").AllInnerTextsAsync();
        Assert.Equal("Örebro", hits[0]);                           // the exact match first
        Assert.Contains("Örebro län", hits);
        await page.Locator(".hit-list a", new() { HasText = "Örebro län" }).ClickAsync();
        await page.WaitForURLAsync(site.Url("/api/public/lan/18-orebro-lan"));
        Assert.Contains("Tabell 1. Kommuntal 2022 för kommunerna i Örebro län", await page.Locator("main").InnerTextAsync());
        Assert.Equal("212", (await page.Locator("table:has(caption:text('Tabell 1')) tfoot td").First.InnerTextAsync()).Replace("\u00A0", ""));
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Every_page_has_no_axe_violations_at_1280_and_320_px(string path)
    {
        foreach (var width in new[] { 1280, 320 })
        {
            var page = await site.NewPageAsync(bypassCsp: true, width: width);
            await page.GotoAsync(site.Url(path));
            await PageChecks.AssertNoAxeViolationsAsync(page);
            await page.Context.CloseAsync();
        }
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Every_page_works_by_keyboard_at_320_px_and_200_percent_under_the_CSP_and_sets_no_cookie(string path)
    {
        var page = await site.NewPageAsync();
        var csp = await CspWatcher.AttachAsync(page);
        var cookies = new List<string>();
        page.Response += (_, r) => { if (r.Headers.ContainsKey("set-cookie")) lock (cookies) cookies.Add(r.Url); };
        var response = await page.GotoAsync(site.Url(path));
        Assert.Equal(path.Contains("finns-inte", StringComparison.Ordinal) ? 404 : 200, response!.Status);
        var focused = await PageChecks.AssertKeyboardReachableAsync(page);
        Assert.Equal("Till huvudinnehållet", focused[0]);
        Assert.Equal(1, await page.Locator("h1").CountAsync());
        Assert.Equal(1, await page.Locator("link[rel=alternate][type='application/atom+xml'][href='/api/public/beslut.atom']").CountAsync());
        await csp.AssertNoneAsync();
        foreach (var (width, zoom) in new[] { (320, 1f), (640, 2f) })
        {
            var narrow = await site.NewPageAsync(width: width, zoom: zoom);
            await narrow.GotoAsync(site.Url(path));
            await PageChecks.AssertNoHorizontalScrollAsync(narrow);
            await narrow.Context.CloseAsync();
        }
        var text = await site.NewPageAsync(width: 1280);
        await text.GotoAsync(site.Url(path));
        await PageChecks.DoubleTextSizeAsync(text);
        await PageChecks.AssertNoHorizontalScrollAsync(text);
        Assert.Empty(await page.Context.CookiesAsync());
        Assert.Empty(cookies);
    }

    [Fact]
    public async Task The_national_page_has_an_accessible_SVG_chart_beside_its_table()
    {
        var page = await site.NewPageAsync();
        await page.GotoAsync(site.Url("/api/public/riket"));
        var svg = page.Locator("svg.chart__svg");
        Assert.Equal(1, await svg.CountAsync());
        Assert.Equal("img", await svg.GetAttributeAsync("role"));
        Assert.Equal("Beslutade kommuntal 2022 per län", await page.Locator("svg title").TextContentAsync());
        Assert.Contains("21 län med beslut för 2022", await page.Locator("svg desc").TextContentAsync());
        Assert.Equal(21, await page.Locator("svg rect.chart__bar").CountAsync());
        Assert.Equal(0, await page.Locator("[style]").CountAsync());
        // The value is written beside each bar, so the chart says it without colour or length.
        Assert.Contains("212", (await page.Locator("svg text.chart__value").AllTextContentsAsync()).Select(t => t.Replace("\u00A0", "")));
        var table = page.Locator("table:has(caption:text('Länstal och beslut 2022'))");
        Assert.Equal(21, await table.Locator("tbody tr").CountAsync());
        Assert.Equal("7510", (await table.Locator("tfoot td").First.InnerTextAsync()).Replace("\u00A0", "")); // 7 500 + the test revision of Örebro län (+10)
        await PageChecks.ScreenshotAsync(page, "public-riket");
    }

    [Fact]
    public async Task The_follow_up_page_has_a_chart_over_the_months_beside_its_table_and_exact_county_sums()
    {
        var page = await site.NewPageAsync();
        await page.GotoAsync(site.Url("/api/public/uppfoljning/2022"));
        Assert.Equal("Uppföljning av anvisningar 2022 – Kommuntal", await page.TitleAsync());
        var svg = page.Locator("svg.chart__svg");
        Assert.Equal("img", await svg.GetAttributeAsync("role"));
        Assert.Equal("Mottagna 2022, sammanlagt till och med varje månad", await page.Locator("svg title").TextContentAsync());
        Assert.Contains("Till och med juni hade 83 av", await page.Locator("svg desc").TextContentAsync());
        Assert.Equal(["83"], await page.Locator("svg text.chart__value").AllTextContentsAsync());
        Assert.Equal(0, await page.Locator("[style]").CountAsync());
        var months = page.Locator("table:has(caption:text('Mottagna 2022 till och med varje månad')) tbody tr");
        Assert.Equal("juni", await months.First.Locator("th").InnerTextAsync());
        // The whole-year file (test variant) against the published decisions of the demo run: every county,
        // Örebro län with its revised 212; received only where the file has rows.
        var counties = page.Locator("table:has(caption:text('Kommuntal och mottagna 2022 per län')) tbody tr");
        Assert.Equal(21, await counties.CountAsync());
        var orebro = counties.Filter(new() { HasText = "Örebro län" });
        Assert.Equal(["212", "177"], (await orebro.Locator("td").AllInnerTextsAsync()).Take(2).Select(t => t.Replace("\u00A0", "")));
        var foot = (await page.Locator("table:has(caption:text('Kommuntal och mottagna 2022 per län')) tfoot td").AllInnerTextsAsync()).Select(t => t.Replace("\u00A0", "")).ToList();
        Assert.Equal(["7510", "177"], foot.Take(2));
        await PageChecks.ScreenshotAsync(page, "public-uppfoljning");
    }

    [Fact]
    public async Task A_screenshot_of_the_public_start_page_and_a_municipality()
    {
        var page = await site.NewPageAsync(height: 1000);
        await page.GotoAsync(site.Url("/api/public?q=laxa"));
        await PageChecks.ScreenshotAsync(page, "public-start");
        await page.GotoAsync(site.Url("/api/public/kommuner/1860-laxa"));
        await PageChecks.ScreenshotAsync(page, "public-kommun");
        Assert.Equal("Kommuntal för Laxå", await page.Locator("h1").InnerTextAsync());
    }

    /// <summary>Presses Tab until <paramref name="condition"/> (a JavaScript expression) holds, at most 60 times.</summary>
    private static async Task TabToAsync(IPage page, string condition)
    {
        for (var i = 0; i < 60; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await page.EvaluateAsync<bool>($"() => {condition}")) return;
        }
        Assert.Fail($"Tab never reached: {condition}");
    }
}
