using System.Net.Http.Headers;
using Kommuntal.Application.Ports;
using Kommuntal.Application.Services;
using Kommuntal.Core.Ingestion;
using Kommuntal.Core.Lifecycle;
using Kommuntal.Functions.Http;
using Kommuntal.Testing;
using Kommuntal.Tools.Serve;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Kommuntal.Web.Tests.Portal;

/// <summary>
/// The real local server (<see cref="ServeHost"/>, what <c>scripts/local.sh serve</c> runs: the app's
/// composition root, its worker middleware, Kestrel on a free port of 127.0.0.1) against the test
/// Azurite with a storage prefix of its own, and Debian's Chromium. No <c>--as</c>: each browser
/// context says who it is with the development-roles header (as App Service authentication's
/// cookie would), so one server serves an Örebro coordinator, an Uppsala one and the national one.
/// </summary>
public sealed class PortalFixture : IAsyncLifetime
{
    public ServeApp Server { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    public string OutboxDirectory { get; private set; } = "";
    private IPlaywright _playwright = null!;
    private string _prefix = "";

    public Uri BaseAddress => Server.BaseAddress!;
    public string Url(string path) => new Uri(BaseAddress, path).ToString();
    public T Get<T>() where T : notnull => Server.Services.GetRequiredService<T>();

    public async Task InitializeAsync()
    {
        _prefix = TestStorage.NewPrefix();
        OutboxDirectory = Path.Combine(Path.GetTempPath(), "kommuntal-tests", _prefix, "email");
        Server = TestServers.Create(_prefix, new Dictionary<string, string?>
        {
            ["Storage:PublicContainerAccess"] = "true",
            ["Email:Sender"] = "outbox",
            ["Email:OutboxDirectory"] = OutboxDirectory,
        });
        await Server.StartAsync();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
    }

    /// <summary>A page in a fresh context whose every request carries <paramref name="roles"/> (null: anonymous).</summary>
    public async Task<IPage> NewPageAsync(string? roles, bool bypassCsp = false, int width = 1280, int height = 900, float zoom = 1, bool javaScript = true)
    {
        var options = new BrowserNewContextOptions
        {
            BypassCSP = bypassCsp,
            ViewportSize = new ViewportSize { Width = width, Height = height },
            DeviceScaleFactor = zoom,
            Locale = "sv-SE",
            JavaScriptEnabled = javaScript,
        };
        if (roles is not null) options.ExtraHTTPHeaders = new Dictionary<string, string> { [CoordinatorAccess.DevelopmentRolesHeader] = roles };
        var context = await Browser.NewContextAsync(options);
        return await context.NewPageAsync();
    }

    /// <summary>The national inputs of 2022 as the national administrator's uploads leave them (for tests that start later in the year).</summary>
    public async Task ImportNationalInputsAsync()
    {
        await Get<QuotaImportService>().ImportAsync(Load("samples", "2022", "lanstal-2022.csv"), 2022, "test", default);
        await Get<IndicatorImportService>().ImportAsync(Load("tests", "data", "indicators", "good", "indicators-2022.csv"), 2022, "test", default);
    }

    public static InputFile Load(params string[] path) => new(Path.GetFileName(path[^1]), File.ReadAllBytes(Samples.Path(path)));

    public Task<CountyYearSnapshot> CountyYearAsync(string county, int year = 2022) => Get<ICountyYearStore>().LoadAsync(year, county, default);

    /// <summary>Runs the e-mail timer once through the admin API (master key), as an operator would, and waits for it.</summary>
    public async Task DispatchNotificationsAsync()
    {
        using var client = new HttpClient { BaseAddress = BaseAddress };
        var request = new HttpRequestMessage(HttpMethod.Post, "admin/functions/DispatchNotifications")
        {
            Content = new StringContent("{\"input\":\"\"}", MediaTypeHeaderValue.Parse("application/json")),
        };
        request.Headers.Add("x-functions-key", Server.Keys.MasterKey);
        (await client.SendAsync(request)).EnsureSuccessStatusCode();
        await Server.Timers.LastRun("DispatchNotifications")!.WaitAsync(TimeSpan.FromSeconds(120));
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
        await Server.DisposeAsync();
        try
        {
            Directory.Delete(Path.Combine(Path.GetTempPath(), "kommuntal-tests", _prefix), recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // nothing was written
        }
    }
}
