using Kommuntal.Application.Services;
using Kommuntal.Core.Ingestion;
using Kommuntal.Core.Lifecycle;
using Kommuntal.Testing;
using Kommuntal.Tools.Serve;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Kommuntal.Web.Tests.Browser;

/// <summary>
/// The public site as a visitor meets it: the real local server (<see cref="ServeHost"/>, what
/// <c>scripts/local.sh serve</c> runs) on a free port of 127.0.0.1 against the test Azurite with a
/// fresh storage prefix, after the national 2022 run (the bundled demo) and a revision of Örebro län
/// (test variant of the quota, not real figures), so one county has a superseded decision. One
/// Chromium (/usr/bin/chromium) for the collection.
/// </summary>
public sealed class PublicSiteFixture : IAsyncLifetime
{
    private IPlaywright _playwright = null!;
    private string _outbox = "";

    public ServeApp Server { get; private set; } = null!;
    /// <summary>The .eml files the run's e-mails were written to (the local outbox).</summary>
    public string Outbox => _outbox;
    public IBrowser Browser { get; private set; } = null!;
    public string BaseUrl { get; private set; } = "";
    public string Url(string path) => BaseUrl + path;
    public T Get<T>() where T : notnull => Server.Services.GetRequiredService<T>();

    public async Task InitializeAsync()
    {
        var prefix = TestStorage.NewPrefix();
        _outbox = Path.Combine(Path.GetTempPath(), "kommuntal-tests", prefix, "email");
        Server = TestServers.Create(prefix, new Dictionary<string, string?>
        {
            ["Email:Sender"] = "outbox",
            ["Email:OutboxDirectory"] = _outbox,
        });
        await Server.StartAsync();
        BaseUrl = Server.BaseAddress!.ToString().TrimEnd('/');
        await Get<DemoRunService>().RunAsync(2022, "test", default);
        await Get<QuotaImportService>().ImportAsync(
            InputFile.FromText("lanstal-2022-revision.csv", File.ReadAllText(Samples.Path("tests", "data", "quotas", "revision", "lanstal-2022-revision-test-variant.csv"))),
            2022, "test", default);
        var counties = Get<CountyYearService>();
        await counties.ProposeAsync(2022, "18", "test", null, DraftPurpose.Proposal, default);
        await counties.DecideAsync(2022, "18", new DecisionRequest(new DateOnly(2022, 3, 15), "TEST-2022-18-2", "landshövdingen", "integrationssamordnaren"), "test", default);
        await counties.PublishAsync(2022, "18", "test", default);
        // Issue 19: statistics in Migrationsverket's layout (test variants; tests/data/fulfilment/README.md), June and the whole year.
        var fulfilment = Get<FulfilmentService>();
        await fulfilment.ImportAsync(FulfilmentSamples.JuneCp1252Csv, 2022, null, "test", default);
        await fulfilment.ImportAsync(FulfilmentSamples.WholeYearCsv, 2022, null, "test", default);

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
    }

    /// <param name="bypassCsp">Only for injecting axe-core.</param>
    public async Task<IPage> NewPageAsync(bool bypassCsp = false, int width = 1280, int height = 900, float zoom = 1, bool javaScript = true)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BypassCSP = bypassCsp,
            ViewportSize = new ViewportSize { Width = width, Height = height },
            DeviceScaleFactor = zoom,
            Locale = "sv-SE",
            JavaScriptEnabled = javaScript,
            AcceptDownloads = true,
        });
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
        await Server.DisposeAsync();
        try { Directory.Delete(Path.GetDirectoryName(_outbox)!, recursive: true); }
        catch (DirectoryNotFoundException) { /* nothing was written */ }
    }
}

[CollectionDefinition(Name)]
public sealed class PublicSiteCollection : ICollectionFixture<PublicSiteFixture>
{
    public const string Name = "The public site in Chromium";
}
