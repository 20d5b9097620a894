using Kommuntal.Core.Lifecycle;
using Kommuntal.Testing;
using Kommuntal.Web.Tests.Browser;
using Microsoft.Playwright;
using static Kommuntal.Web.Tests.Portal.Keyboard;

namespace Kommuntal.Web.Tests.Portal;

/// <summary>
/// The whole 2022 year for Örebro län in Chromium, through the real local server, with the keyboard
/// alone: the national administrator uploads the quota and the indicators (files through the upload
/// page), the Örebro coordinator uploads the wishes, computes the proposal, tries a what-if, sends
/// the proposal for consultation, decides (with the confirmation step), publishes, and sees the 12
/// e-mails of the decision in the ledger. axe-core runs on every page reached; afterwards every page
/// is read again under the CSP, at 320 px and at 200 %.
/// </summary>
public class PortalYearBrowserTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    private const string Orebro = "Coordinator.18";
    private const string National = "Coordinator.All";
    private readonly List<string> _pages = [];

    private async Task CheckAsync(IPage page, string? screenshot = null)
    {
        Assert.Equal("sv", await page.GetAttributeAsync("html", "lang"));
        Assert.Equal(1, await page.Locator("h1").CountAsync());
        await PageChecks.AssertNoAxeViolationsAsync(page);
        if (!_pages.Contains(page.Url)) _pages.Add(page.Url);
        if (screenshot is not null) await PageChecks.ScreenshotAsync(page, screenshot);
    }

    [Fact]
    public async Task Orebro_takes_2022_from_the_quota_upload_to_the_published_decision_with_the_keyboard_alone()
    {
        // The national administrator: the quota file and the indicators through the upload page.
        var admin = await portal.NewPageAsync(National, bypassCsp: true);
        Assert.Equal(200, (await admin.GotoAsync(portal.Url("api/portal?ar=2022")))!.Status);
        await CheckAsync(admin);
        Assert.Contains("Länstalen för 2022 saknas", await admin.Locator("main").InnerTextAsync());
        await ActivateAsync(admin, Link(admin, "Ladda upp filer"));
        await CheckAsync(admin);
        await TabToAsync(admin, admin.Locator("#kvotfil"));
        await admin.Locator("#kvotfil").SetInputFilesAsync(Samples.Path("samples", "2022", "lanstal-2022.csv")); // the file chooser's stand-in
        var stored = await ActivateAsync(admin, Button(admin, "Ladda upp länstalen"));
        Assert.Equal(200, stored!.Status);
        Assert.Contains("länstalen för 2022 är sparade som version 1 (riket 7\u00A0500 platser)", await admin.Locator(".notice--success").InnerTextAsync());
        await CheckAsync(admin, "portal-uppladdning");
        await TabToAsync(admin, admin.Locator("#indikatorfil"));
        await admin.Locator("#indikatorfil").SetInputFilesAsync(Samples.Path("tests", "data", "indicators", "good", "indicators-2022.csv"));
        await ActivateAsync(admin, Button(admin, "Ladda upp indikatorerna"));
        Assert.Contains("indikatorerna för 2022 är sparade som version 1", await admin.Locator(".notice--success").InnerTextAsync());
        await admin.Context.CloseAsync();

        // The Örebro coordinator: own county first on the start page.
        var page = await portal.NewPageAsync(Orebro, bypassCsp: true);
        await page.GotoAsync(portal.Url("api/portal"));
        Assert.Equal("Översikt 2022", await page.Locator("h1").InnerTextAsync());
        Assert.Equal(21, await page.Locator("#lanen").Locator("xpath=..").Locator("tbody tr").CountAsync());
        Assert.StartsWith("Örebro län", await page.Locator("table tbody tr").First.Locator("th").InnerTextAsync());
        await CheckAsync(page, "portal-oversikt");

        // The wishes as a file.
        await ActivateAsync(page, Link(page, "Ladda upp filer"));
        Assert.Equal(0, await page.Locator("#kvotfil").CountAsync()); // national uploads are not offered to a county
        await TabToAsync(page, page.Locator("#onskemalsfil"));
        await page.Locator("#onskemalsfil").SetInputFilesAsync(Samples.Path("tests", "data", "wishes", "good", "wishes-2022-18.csv"));
        await ActivateAsync(page, Button(page, "Ladda upp önskemålen"));
        Assert.Contains("önskemålen för Örebro län 2022 är sparade som version 1 (3 önskemål)", await page.Locator(".notice--success").InnerTextAsync());
        await CheckAsync(page);

        // The county-year: compute the proposal.
        await ActivateAsync(page, Link(page, "Översikt"));
        await ActivateAsync(page, Link(page, "Örebro län"));
        Assert.Equal("Örebro län 2022", await page.Locator("h1").InnerTextAsync());
        Assert.Equal(3, await page.Locator("fieldset.wish-row").CountAsync() - 2); // the three recorded wishes and two blank rows
        await ActivateAsync(page, Button(page, "Beräkna ett nytt förslag"));
        Assert.Contains("Ett nytt förslag är beräknat", await page.Locator(".notice--success").InnerTextAsync());
        var table1 = page.Locator("#tabell-1").Locator("xpath=..");
        Assert.Equal(12, await table1.Locator("tbody tr").CountAsync());
        Assert.Equal("91", (await table1.Locator("tbody tr", new() { HasText = "Örebro" }).Locator("td").First.InnerTextAsync()).Trim());
        Assert.Equal("202", (await table1.Locator("tfoot td").First.InnerTextAsync()).Trim());
        Assert.Contains("Skäl", await page.Locator("main").InnerTextAsync());
        await CheckAsync(page, "portal-lan");

        // The draft's PDF preview, rendered by the document service, inline.
        var href = await page.GetByRole(AriaRole.Link, new() { Name = "Förhandsgranska förslaget som PDF (förslag 1)" }).GetAttributeAsync("href");
        var pdf = await page.Context.APIRequest.GetAsync(portal.Url(href!.TrimStart('/')));
        Assert.Equal(200, pdf.Status);
        Assert.Equal("application/pdf", pdf.Headers["content-type"]);
        Assert.StartsWith("inline", pdf.Headers["content-disposition"]);
        Assert.Equal("%PDF-"u8.ToArray(), (await pdf.BodyAsync())[..5]);

        // What-if: another rounding method, beside the proposal.
        await ActivateAsync(page, Link(page, "Pröva andra val"));
        await CheckAsync(page);
        await TabToAsync(page, page.Locator("#metod-largest-remainder"));
        await page.Keyboard.PressAsync("ArrowDown"); // the next method in the group: Sainte-Laguë
        Assert.True(await page.Locator("#metod-sainte-lague").IsCheckedAsync());
        await ActivateAsync(page, Button(page, "Räkna"));
        var result = page.Locator("#resultat").Locator("xpath=..");
        Assert.Equal(["Kommun", "Förslaget", "Prövat", "Skillnad"], await result.Locator("thead th").AllInnerTextsAsync());
        Assert.Equal(12, await result.Locator("tbody tr").CountAsync());
        await CheckAsync(page, "portal-provning");
        Assert.Single((await portal.CountyYearAsync("18")).Drafts); // a what-if is not stored

        // Consultation with a deadline.
        await ActivateAsync(page, Link(page, "Samråd"));
        await CheckAsync(page);
        var deadline = DateOnly.ParseExact(await page.Locator("#sista-dag").InputValueAsync(), "yyyy-MM-dd"); // suggested: three weeks from today
        await ActivateAsync(page, Button(page, "Skicka förslaget på samråd"));
        Assert.Contains("Förslaget är skickat på samråd", await page.Locator("main").InnerTextAsync());
        Assert.Contains($"svara senast {Format.Date(deadline)}", await page.Locator("main").InnerTextAsync());
        await CheckAsync(page);

        // The consultation's summary, recorded on the consultation page (the decision takes it).
        await TypeAsync(page, page.Locator("#samrad"), "Tre kommuner svarade. Örebro kommun bekräftade överenskommelsen.");
        await ActivateAsync(page, Button(page, "Spara sammanfattningen"));
        Assert.Contains("Sammanfattningen är sparad", await page.Locator("main").InnerTextAsync());
        Assert.Equal("Tre kommuner svarade. Örebro kommun bekräftade överenskommelsen.", await page.Locator("#samrad").InputValueAsync());
        Assert.Equal("Tre kommuner svarade. Örebro kommun bekräftade överenskommelsen.", (await portal.CountyYearAsync("18")).State.ConsultationSummary);
        await CheckAsync(page, "portal-samrad");

        // The decision: the form, then the confirmation of exactly what will be decided.
        await ActivateAsync(page, Link(page, "Beslut"));
        await CheckAsync(page);
        // The summary is shown read-only here: no field for it on the decision form.
        Assert.Equal("Tre kommuner svarade. Örebro kommun bekräftade överenskommelsen.", await page.Locator("#samradets-sammanfattning").InnerTextAsync());
        Assert.Equal(0, await page.Locator("form #samrad").CountAsync());
        await TypeAsync(page, page.Locator("#beslutsdatum"), "2021-11-08");
        await TypeAsync(page, page.Locator("#dnr"), "851-1234-2021");
        await TypeAsync(page, page.Locator("#beslutsfattare"), "landshövding Maria Larsson");
        await TypeAsync(page, page.Locator("#foredragande"), "integrationssamordnare Ingela Fredriksson");
        await ActivateAsync(page, Button(page, "Fortsätt till bekräftelse"));
        Assert.Equal("Bekräfta beslut för Örebro län 2022", await page.Locator("h1").InnerTextAsync());
        var confirm = await page.Locator("main").InnerTextAsync();
        Assert.Contains("851-1234-2021", confirm);
        Assert.Contains("8 november 2021", confirm);
        Assert.Contains("Tre kommuner svarade.", confirm);
        Assert.Equal(12, await page.Locator("#beslutas").Locator("xpath=..").Locator("tbody tr").CountAsync());
        Assert.Equal(CountyYearStatus.Proposal, (await portal.CountyYearAsync("18")).State.Status); // nothing decided yet
        await CheckAsync(page, "portal-bekrafta-beslut");
        await ActivateAsync(page, Button(page, "Bekräfta beslutet"));
        Assert.Contains("Beslutet är registrerat", await page.Locator("main").InnerTextAsync());
        await CheckAsync(page);

        // Publication.
        await ActivateAsync(page, Button(page, "Publicera beslutet"));
        Assert.Contains("Beslutet är publicerat", await page.Locator("main").InnerTextAsync());
        await CheckAsync(page, "portal-publicering");
        var year = await portal.CountyYearAsync("18");
        Assert.Equal(CountyYearStatus.Published, year.State.Status);
        Assert.Equal("Tre kommuner svarade. Örebro kommun bekräftade överenskommelsen.", year.CurrentDecision!.Texts.ConsultationSummary);

        // The e-mail timer runs; the ledger shows the 12 e-mails of the decision as sent.
        await portal.DispatchNotificationsAsync();
        await ActivateAsync(page, Link(page, "Utskick"));
        var ledger = page.Locator("#utskick").Locator("xpath=..");
        var decisionRows = ledger.Locator("tbody tr", new() { HasText = "Beslut 1" });
        Assert.Equal(12, await decisionRows.CountAsync());
        foreach (var row in await decisionRows.AllAsync()) Assert.Contains("Skickat", await row.InnerTextAsync());
        await CheckAsync(page, "portal-utskick");

        // The audit trail.
        await ActivateAsync(page, Link(page, "Händelselogg"));
        var trail = await page.Locator("main").InnerTextAsync();
        Assert.Contains("developer (development)", trail);
        await CheckAsync(page, "portal-handelser");

        // The start page now says where Örebro stands.
        await ActivateAsync(page, Link(page, "Översikt"));
        var orebro = await page.Locator("table tbody tr").First.InnerTextAsync();
        Assert.Contains("Publicerat", orebro);
        Assert.Contains("851-1234-2021", orebro);
        await CheckAsync(page);
        await page.Context.CloseAsync();

        // A revised quota changes Örebro's länstal after the decision: a banner on the start page and on the county's pages.
        admin = await portal.NewPageAsync(National, bypassCsp: true);
        await admin.GotoAsync(portal.Url("api/portal/2022/uppladdning"));
        await TabToAsync(admin, admin.Locator("#kvotfil"));
        await admin.Locator("#kvotfil").SetInputFilesAsync(Samples.Path("tests", "data", "quotas", "revision", "lanstal-2022-revision-test-variant.csv"));
        await ActivateAsync(admin, Button(admin, "Ladda upp länstalen"));
        Assert.Contains("version 2", await admin.Locator(".notice--success").InnerTextAsync());
        Assert.Contains("Nytt beslut behövs i 1 län", await admin.Locator(".notice--success").InnerTextAsync());
        await admin.Context.CloseAsync();
        page = await portal.NewPageAsync(Orebro, bypassCsp: true);
        await page.GotoAsync(portal.Url("api/portal?ar=2022"));
        Assert.Contains("Örebro län: länstalet har ändrats efter beslutet", await page.Locator("main").InnerTextAsync());
        await ActivateAsync(page, Link(page, "Gå till Örebro län"));
        Assert.Contains("Länstalet har ändrats efter beslutet", await page.Locator("main").InnerTextAsync());
        Assert.Contains("212", await page.Locator(".notice--warning").InnerTextAsync());
        await CheckAsync(page, "portal-revision");
        await page.Context.CloseAsync();

        // Every page reached, again under the CSP (no violation), at 320 px (nothing but tables scrolls) and at 200 %.
        foreach (var url in _pages.Where(u => !u.Contains("/uppladdning/", StringComparison.Ordinal) && !u.EndsWith("/bekrafta", StringComparison.Ordinal)))
        {
            foreach (var (width, zoom) in new[] { (1280, 1f), (320, 1f), (640, 2f) })
            {
                var p = await portal.NewPageAsync(Orebro, width: width, zoom: zoom);
                var csp = await CspWatcher.AttachAsync(p);
                Assert.Equal(200, (await p.GotoAsync(url))!.Status);
                await csp.AssertNoneAsync();
                if (width < 1280) await PageChecks.AssertNoHorizontalScrollAsync(p);
                await p.Context.CloseAsync();
            }
        }
    }
}
