using Microsoft.Playwright;

namespace Kommuntal.Web.Tests.Browser;

/// <summary>
/// One page server and one Chromium (Debian's /usr/bin/chromium, never a downloaded browser) for
/// the browser tests of a collection. Pages come from <see cref="NewPageAsync"/>: a fresh context
/// each, with the CSP enforced unless the test asks to bypass it for axe.
/// </summary>
public sealed class WebFixture : IAsyncLifetime
{
    public PageServer Server { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    private IPlaywright _playwright = null!;

    public async Task InitializeAsync()
    {
        Server = await PageServer.StartAsync(new Dictionary<string, string?>
        {
            // Example contacts (not real addresses: .example): the statement shows the default contact
            // and a table of the boards that have one.
            ["Kommuntal:DefaultContact:Email"] = "tillganglighet@lansstyrelsen.example",
            ["Kommuntal:Contacts:18:Title"] = "Integrationssamordnare",
            ["Kommuntal:Contacts:18:Email"] = "samordnare.orebro@lansstyrelsen.example",
        });
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
    }

    /// <param name="bypassCsp">Only for injecting axe-core; test the page's own behaviour under the CSP with a page that does not bypass it.</param>
    /// <param name="width">Viewport width in CSS pixels (320 for the narrow check).</param>
    /// <param name="zoom">Device scale factor: 2 with half the width is a 200 % browser zoom.</param>
    public async Task<IPage> NewPageAsync(bool bypassCsp = false, int width = 1280, int height = 900, float zoom = 1)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BypassCSP = bypassCsp,
            ViewportSize = new ViewportSize { Width = width, Height = height },
            DeviceScaleFactor = zoom,
            Locale = "sv-SE",
            JavaScriptEnabled = true,
        });
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
        await Server.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class WebCollection : ICollectionFixture<WebFixture>
{
    public const string Name = "Pages in Chromium";
}
