using Kommuntal.Web.Tests.Browser;
using Microsoft.Playwright;
using static Kommuntal.Web.Tests.Portal.Keyboard;

namespace Kommuntal.Web.Tests.Portal;

/// <summary>
/// Two browsers on the same county, and a double click: the forms carry the county-year's ETag, so
/// a change made from a page that is no longer current is refused with a clear message and a link
/// to read the page again; nothing is overwritten, no draft is made twice, nothing decided twice.
/// </summary>
public class PortalConflictBrowserTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    [Fact]
    public async Task Two_browsers_edit_the_same_county_and_the_second_gets_the_conflict_message()
    {
        await portal.ImportNationalInputsAsync();
        var first = await portal.NewPageAsync("Coordinator.17");
        var second = await portal.NewPageAsync("Coordinator.All", bypassCsp: true);
        await first.GotoAsync(portal.Url("api/portal/2022/lan/17"));
        await second.GotoAsync(portal.Url("api/portal/2022/lan/17"));

        // The first records a wish.
        await first.SelectOptionAsync("#w1-kommun", new SelectOptionValue { Label = "Karlstad" });
        await first.SelectOptionAsync("#w1-typ", "agreement");
        await first.FillAsync("#w1-antal", "40");
        await first.FillAsync("#w1-skal", "Överenskommelse med kommunen (testvariant)");
        await NavigateAsync(first, () => first.ClickAsync("text=Spara önskemålen"));
        Assert.Contains("Önskemålen är sparade", await first.Locator("main").InnerTextAsync());

        // The second, from the page it read before, records other wishes: refused, the first's stand.
        await second.SelectOptionAsync("#w1-kommun", new SelectOptionValue { Label = "Arvika" });
        await second.SelectOptionAsync("#w1-typ", "housing");
        await second.FillAsync("#w1-antal", "5");
        await second.FillAsync("#w1-skal", "Brist på bostäder (testvariant)");
        var refused = await NavigateAsync(second, () => second.ClickAsync("text=Spara önskemålen"));
        Assert.Equal(409, refused!.Status);
        Assert.Equal("Någon annan har ändrat länets uppgifter", await second.Locator("h1").InnerTextAsync());
        Assert.Contains("Ingenting av det du skickade har sparats", await second.Locator("main").InnerTextAsync());
        await PageChecks.AssertNoAxeViolationsAsync(second);
        await PageChecks.ScreenshotAsync(second, "portal-konflikt");
        var wishes = (await portal.CountyYearAsync("17")).State.Wishes;
        Assert.Equal(["1780"], wishes.Select(w => w.MunicipalityCode));

        // Its link reads the page again, which now shows the first's wish; from there the change can be made.
        await NavigateAsync(second, () => Link(second, "Läs in sidan igen").ClickAsync());
        Assert.Equal("1780", await second.Locator("#w1-kommun").InputValueAsync());
        await first.Context.CloseAsync();
        await second.Context.CloseAsync();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_double_click_computes_one_draft_and_decides_once(bool javaScript)
    {
        await portal.ImportNationalInputsAsync();
        var county = javaScript ? "19" : "20";
        var page = await portal.NewPageAsync($"Coordinator.{county}", javaScript: javaScript);
        await page.GotoAsync(portal.Url($"api/portal/2022/lan/{county}"));
        await DoubleClickAsync(page, "text=Beräkna ett nytt förslag");
        Assert.Single((await portal.CountyYearAsync(county)).Drafts);
        // With the script the form is sent once and the page says the draft is made; without it the
        // second request meets the new ETag and the page says the county changed (nothing made twice).
        var heading = await page.Locator("main").InnerTextAsync();
        if (javaScript) Assert.Contains("Ett nytt förslag är beräknat", heading);
        else Assert.True(heading.Contains("Ett nytt förslag är beräknat") || heading.Contains("Någon annan har ändrat länets uppgifter"), heading);

        await page.GotoAsync(portal.Url($"api/portal/2022/lan/{county}/beslut"));
        await page.FillAsync("#beslutsdatum", "2021-11-08");
        await page.FillAsync("#dnr", "851-1-2021");
        await page.FillAsync("#beslutsfattare", "landshövding Test Testsson");
        await page.FillAsync("#foredragande", "samordnare Test Testsson");
        await NavigateAsync(page, () => page.ClickAsync("text=Fortsätt till bekräftelse"));
        await DoubleClickAsync(page, "text=Bekräfta beslutet");
        var year = await portal.CountyYearAsync(county);
        Assert.Single(year.Decisions);
        Assert.Equal(1, year.State.CurrentDecision);
        await page.Context.CloseAsync();
    }

    /// <summary>A double click on a submit button, and the page it ends on.</summary>
    private static async Task DoubleClickAsync(IPage page, string selector)
    {
        try
        {
            await NavigateAsync(page, () => page.DblClickAsync(selector));
        }
        catch (PlaywrightException)
        {
            // Without the script the second submission aborts the first navigation; the second's page follows.
        }
        await Task.Delay(1500); // a second request, if the browser sent one, has been answered
        await page.WaitForLoadStateAsync(LoadState.Load);
    }
}
