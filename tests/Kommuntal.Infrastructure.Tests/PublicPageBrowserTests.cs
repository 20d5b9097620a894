using Kommuntal.Application.Ports;
using Kommuntal.Application.Services;
using Kommuntal.Core.Documents;
using Kommuntal.Testing;
using Microsoft.Playwright;

namespace Kommuntal.Infrastructure.Tests;

/// <summary>
/// A real browser (Debian's Chromium driven by Playwright) opens the public page from Azurite's
/// blob endpoint, follows the link for Örebro län 2022 and receives the PDF.
/// </summary>
public class PublicPageBrowserTests
{
    private static async Task<IBrowser> LaunchAsync(IPlaywright playwright) =>
        await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
        });

    [Fact]
    public async Task The_public_page_leads_a_municipality_to_its_decision_pdf_and_passes_a_basic_accessibility_check()
    {
        await using var host = new TestHost();
        await host.Get<DemoRunService>().RunAsync(2022, "test", default);
        var indexUrl = host.Get<IDocumentStore>().PublicUrl(PublicationPaths.IndexPage);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { AcceptDownloads = true });
        var page = await context.NewPageAsync();
        var response = await page.GotoAsync(indexUrl);
        Assert.Equal(200, response!.Status);

        // Accessibility basics: language, headings in order, table headers, self-explaining links.
        Assert.Equal("sv", await page.GetAttributeAsync("html", "lang"));
        var levels = await page.EvaluateAsync<int[]>("() => [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].map(h => +h.tagName[1])");
        Assert.Equal(1, levels[0]);
        Assert.Single(levels, l => l == 1);
        for (var i = 1; i < levels.Length; i++) Assert.True(levels[i] <= levels[i - 1] + 1, $"heading level jumps from h{levels[i - 1]} to h{levels[i]}");
        var tablesWithoutHeaders = await page.EvaluateAsync<int>("() => [...document.querySelectorAll('table')].filter(t => !t.querySelector('thead th[scope=col]') || !t.querySelector('caption')).length");
        Assert.Equal(0, tablesWithoutHeaders);
        Assert.Equal(21, await page.Locator("table").CountAsync());
        var linkTexts = await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('a')].map(a => a.textContent.trim())");
        Assert.Equal(21, linkTexts.Length);
        Assert.Equal(linkTexts.Length, linkTexts.Distinct().Count());
        Assert.All(linkTexts, t => Assert.Matches(@"^Gällande beslut om kommuntal 2022 för .+ län \(version \d+, PDF\)$", t));

        // Follow the link for Örebro län 2022.
        var link = page.GetByRole(AriaRole.Link, new() { Name = "Gällande beslut om kommuntal 2022 för Örebro län (version 1, PDF)" });
        var pdfResponse = await page.RunAndWaitForResponseAsync(async () =>
        {
            try { await link.ClickAsync(); }
            catch (PlaywrightException) { /* a PDF may end the navigation as a download; the response is what we check */ }
        }, r => r.Url.EndsWith("/2022/18-orebro-lan/beslut-v1.pdf", StringComparison.Ordinal));
        Assert.Equal(200, pdfResponse.Status);
        Assert.Equal("application/pdf", pdfResponse.Headers["content-type"]);
        // Chromium shows the PDF in its viewer; fetch the same URL with the browser context to check the bytes.
        var fetched = await context.APIRequest.GetAsync(pdfResponse.Url);
        var body = await fetched.BodyAsync();
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(body, 0, 4));
        var recorded = (await host.Get<ICountyYearStore>().LoadAsync(2022, "18", default)).CurrentDecision!.Document!.Sha256;
        Assert.Equal(recorded, Kommuntal.Core.Text.DeterministicId.Sha256Hex(body));
        await page.GotoAsync(indexUrl);
        Assert.Contains(recorded, await page.ContentAsync()); // the page shows the file's SHA-256
    }
}
