using Kommuntal.Application.Services;
using Kommuntal.Core.Lifecycle;
using Kommuntal.Web.Tests.Browser;

namespace Kommuntal.Web.Tests.Portal;

/// <summary>
/// The shares for unaccompanied children (andelstal) on the portal's county-year page: with the
/// year's shares and Örebro län's requests on record (the test variants of tests/data/andelstal:
/// Hallsberg gives 0,500 ‰ to Örebro, Laxå asks to lower), the proposal shows the redistribution it
/// proposes and every municipality's share before and after, as its PDF will. Chromium, axe (also at
/// 320 px and at 200 % zoom, with no sideways scroll), CSP.
/// Its own fixture, so the shares touch no other test's county-year.
/// </summary>
public class PortalAndelstalBrowserTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    [Fact]
    public async Task The_proposal_shows_the_proposed_redistribution_and_every_municipality_s_share()
    {
        await portal.ImportNationalInputsAsync();
        var shares = portal.Get<ShareImportService>();
        await shares.ImportSharesAsync(PortalFixture.Load("tests", "data", "andelstal", "andelstal-2022.csv"), 2022, "test", default);
        await shares.ImportRequestsAsync(PortalFixture.Load("tests", "data", "andelstal", "requests-2022-18-partial.csv"), 2022, "18", "test", default);
        var draft = await portal.Get<CountyYearService>().ProposeAsync(2022, "18", "test", null, DraftPurpose.Proposal, default);
        var recorded = (await portal.CountyYearAsync("18")).Drafts.Single(d => d.Number == draft.Draft.Number).Shares!;

        var page = await portal.NewPageAsync("Coordinator.18", bypassCsp: true);
        Assert.Equal(200, (await page.GotoAsync(portal.Url("api/portal/2022/lan/18")))!.Status);
        await PageChecks.AssertNoAxeViolationsAsync(page);
        Assert.Equal("Andelstal för mottagande av ensamkommande barn", (await page.Locator("#andelstal").InnerTextAsync()).Trim());
        var main = await page.Locator("main").InnerTextAsync();
        Assert.Contains("Migrationsverkets andelstal för 2022: kommunerna i Örebro län har tillsammans 29,352\u00A0‰.", main, StringComparison.Ordinal);
        Assert.Contains("Efter överenskommelse mellan kommunerna föreslår Länsstyrelsen att andelstal omfördelas inom länet enligt tabellen nedan.", main, StringComparison.Ordinal);
        Assert.Contains("Laxå har också aviserat att den önskar en minskning av sitt andelstal", main, StringComparison.Ordinal);

        var table = page.Locator($"table:has(caption:text('Andelstal för ensamkommande barn i förslag {draft.Draft.Number}'))");
        Assert.Equal(recorded.Rows.Count, await table.Locator("tbody tr").CountAsync());
        var hallsberg = await table.Locator("tbody tr").Filter(new() { HasText = "Hallsberg" }).InnerTextAsync();
        Assert.Contains("1,550\u00A0‰", hallsberg, StringComparison.Ordinal);
        Assert.Contains("\u22120,500\u00A0‰", hallsberg, StringComparison.Ordinal);
        Assert.Contains("1,050\u00A0‰", hallsberg, StringComparison.Ordinal);
        Assert.Contains("Överenskommelse om boende i Örebro (testvariant)", hallsberg, StringComparison.Ordinal);
        Assert.Contains("29,352\u00A0‰", await table.Locator("tfoot").InnerTextAsync(), StringComparison.Ordinal);
        await PageChecks.ScreenshotAsync(page, "portal-andelstal", page.Locator("#andelstal"), table);
        await page.Context.CloseAsync();

        // At 320 px and at 200 % zoom (as the portal's other pages are read): nothing but the tables scrolls sideways, and no axe violations.
        foreach (var (width, zoom) in new[] { (320, 1f), (640, 2f) })
        {
            var narrow = await portal.NewPageAsync("Coordinator.18", bypassCsp: true, width: width, zoom: zoom);
            Assert.Equal(200, (await narrow.GotoAsync(portal.Url("api/portal/2022/lan/18")))!.Status);
            await PageChecks.AssertNoHorizontalScrollAsync(narrow);
            await PageChecks.AssertNoAxeViolationsAsync(narrow);
            Assert.Equal(recorded.Rows.Count, await narrow.Locator($"table:has(caption:text('Andelstal för ensamkommande barn i förslag {draft.Draft.Number}')) tbody tr").CountAsync());
            await narrow.Context.CloseAsync();
        }

        var strict = await portal.NewPageAsync("Coordinator.18");
        var csp = await CspWatcher.AttachAsync(strict);
        Assert.Equal(200, (await strict.GotoAsync(portal.Url("api/portal/2022/lan/18")))!.Status);
        await csp.AssertNoneAsync();
        await strict.Context.CloseAsync();
    }
}
