using Kommuntal.Application.Options;
using Kommuntal.Application.Services;
using Kommuntal.Testing;
using Kommuntal.Web.Tests.Browser;
using Microsoft.Extensions.Options;

namespace Kommuntal.Web.Tests.Portal;

/// <summary>
/// Carry-over on the portal's county-year page (issue 19, a policy choice): with
/// Kommuntal:Fulfilment:ShowCarryOver off (the default) the 2023 page of Örebro län shows nothing of 2022's
/// statistics; switched on, it lists each municipality's unfilled places of 2022 (the whole-year test
/// variant of tests/data/fulfilment) beside the model. Chromium, axe, CSP. Its own fixture, so the switch
/// touches no other test's server.
/// </summary>
public class PortalCarryOverBrowserTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    [Fact]
    public async Task Off_by_default_the_page_is_unchanged_and_on_it_shows_last_year_s_unfilled_places_beside_the_model()
    {
        var fulfilment = portal.Get<FulfilmentService>();
        await fulfilment.ImportAsync(FulfilmentSamples.WholeYearCsv, 2022, null, "test", default);
        var url = portal.Url("api/portal/2023/lan/18");

        var off = await portal.NewPageAsync("Coordinator.18");
        Assert.Equal(200, (await off.GotoAsync(url))!.Status);
        Assert.DoesNotContain("Platser som inte fylldes", await off.Locator("main").InnerTextAsync());
        Assert.Equal(0, await off.Locator("#ej-fyllda-platser").CountAsync());
        await off.Context.CloseAsync();

        // The policy switched on in this fixture's server (its options are read on every request).
        portal.Get<IOptions<FulfilmentOptions>>().Value.ShowCarryOver = true;
        var carry = await fulfilment.CarryOverAsync(2023, "18", default);
        Assert.NotNull(carry);
        Assert.Equal(2022, carry.FromYear);
        Assert.NotEmpty(carry.Lines);

        var page = await portal.NewPageAsync("Coordinator.18", bypassCsp: true);
        Assert.Equal(200, (await page.GotoAsync(url))!.Status);
        await PageChecks.AssertNoAxeViolationsAsync(page);
        Assert.Equal("Platser som inte fylldes 2022", (await page.Locator("#ej-fyllda-platser").InnerTextAsync()).Trim());
        Assert.Contains("inte en del av den", await page.Locator("main").InnerTextAsync());
        var rows = page.Locator("table:has(caption:text('Platser som inte fylldes 2022 i Örebro län')) tbody tr");
        Assert.Equal(carry.Lines.Count, await rows.CountAsync());
        foreach (var line in carry.Lines)
            Assert.Contains(line.Unfulfilled.ToString(System.Globalization.CultureInfo.InvariantCulture), await rows.Filter(new() { HasText = line.Name }).InnerTextAsync());
        var total = await page.Locator("table:has(caption:text('Platser som inte fylldes 2022 i Örebro län')) tfoot").InnerTextAsync();
        Assert.Contains(carry.Total.ToString(System.Globalization.CultureInfo.InvariantCulture), total);
        Assert.Equal(FulfilmentSamples.WholeYearKommuntal - FulfilmentSamples.WholeYearReceived + 1, carry.Total); // 201 − 177 = 24 net; Hällefors received one over its 0, which offsets no one else
        await page.Context.CloseAsync();

        var strict = await portal.NewPageAsync("Coordinator.18");
        var csp = await CspWatcher.AttachAsync(strict);
        Assert.Equal(200, (await strict.GotoAsync(url))!.Status);
        await csp.AssertNoneAsync();
        await strict.Context.CloseAsync();
    }
}
