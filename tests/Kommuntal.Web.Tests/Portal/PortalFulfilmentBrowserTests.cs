using Kommuntal.Application.Services;
using Kommuntal.Testing;
using Kommuntal.Web.Tests.Browser;

namespace Kommuntal.Web.Tests.Portal;

/// <summary>The portal's follow-up page (issue 19) in Chromium: the June statistics (test variant) of Örebro län; axe, CSP, 320 px; another county's coordinator is refused.</summary>
public class PortalFulfilmentBrowserTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    [Fact]
    public async Task The_coordinator_sees_each_municipality_against_pro_rata_and_who_is_behind()
    {
        await portal.Get<FulfilmentService>().ImportAsync(FulfilmentSamples.JuneCp1252Csv, 2022, null, "test", default);
        var url = portal.Url("api/portal/2022/lan/18/uppfoljning");
        var page = await portal.NewPageAsync("Coordinator.18", bypassCsp: true);
        Assert.Equal(200, (await page.GotoAsync(url))!.Status);
        Assert.Equal(1, await page.Locator("h1").CountAsync());
        await PageChecks.AssertNoAxeViolationsAsync(page);
        var main = await page.Locator("main").InnerTextAsync();
        Assert.Contains("januari–juni 2022 har länet tagit emot 83 av 202", main.Replace("\u00A0", " "));
        var rows = page.Locator("table:has(caption:text('Mottagna och kommuntal i Örebro län')) tbody tr");
        Assert.Equal(12, await rows.CountAsync());
        Assert.Contains("Efter", await rows.Filter(new() { HasText = "Karlskoga" }).InnerTextAsync());
        Assert.Contains("I fas", await rows.Filter(new() { HasText = "Kumla" }).InnerTextAsync());
        Assert.Equal(4, await page.Locator("tbody .tag").CountAsync());
        await PageChecks.ScreenshotAsync(page, "portal-uppfoljning");
        await page.Context.CloseAsync();

        foreach (var (width, zoom) in new[] { (1280, 1f), (320, 1f), (640, 2f) })
        {
            var p = await portal.NewPageAsync("Coordinator.18", width: width, zoom: zoom);
            var csp = await CspWatcher.AttachAsync(p);
            Assert.Equal(200, (await p.GotoAsync(url))!.Status);
            await csp.AssertNoneAsync();
            if (width < 1280) await PageChecks.AssertNoHorizontalScrollAsync(p);
            await p.Context.CloseAsync();
        }

        var other = await portal.NewPageAsync("Coordinator.03");
        Assert.Equal(403, (await other.GotoAsync(url))!.Status);
        await other.Context.CloseAsync();
    }
}
