using Kommuntal.Functions;
using Kommuntal.Functions.Http;
using Kommuntal.Testing;
using Kommuntal.Web.Rendering;
using Kommuntal.Web.Tests.Gallery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kommuntal.Web.Tests.Browser;

/// <summary>
/// REPLACEABLE FIXTURE. A minimal Kestrel on 127.0.0.1 (free port) that serves the page routes of
/// this branch by calling the <b>function methods</b> themselves (WebFunctions) with the app's real
/// composition (FunctionsComposition.AddKommuntalFunctions), plus two test-only pages. It exists
/// only until the local host of every HTTP function (<c>scripts/local.sh serve</c>, issue 14) can be
/// started from a test; then switch <see cref="StartAsync"/> to that host and delete the route table
/// below. Nothing else in the harness depends on how the pages are served.
/// </summary>
public sealed class PageServer : IAsyncDisposable
{
    /// <summary>Test-only routes (not functions): the component gallery and a page that breaks the CSP on purpose.</summary>
    public const string GalleryPath = "/test/komponenter";
    public const string CspBreakerPath = "/test/inline-style";
    /// <summary>An error page: <c>/test/fel/403</c> in the portal's layout (signed in as an example coordinator), the others public.</summary>
    public const string ErrorPagePath = "/test/fel/";

    private readonly WebApplication _app;

    private PageServer(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }
    public IServiceProvider Services => _app.Services;
    public string Url(string path) => BaseUrl + path;

    public static async Task<PageServer> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var all = new Dictionary<string, string?>
        {
            // The run's Azurite: these pages read no storage, but the host's start-up creates the tables
            // (StorageStartup). It was "UseDevelopmentStorage=true", which worked only while some Azurite
            // happened to hold the default ports 10000-10002.
            ["Storage:ConnectionString"] = TestStorage.ConnectionString,
            ["Email:Sender"] = "outbox",
            ["Email:OutboxDirectory"] = Path.Combine(Path.GetTempPath(), "kommuntal-web-tests"),
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>()) all[k] = v;
        builder.Configuration.AddInMemoryCollection(all);
        builder.Services.AddKommuntalFunctions(builder.Configuration);
        builder.Services.AddMvcCore(); // executes the ContentResult of a problem (the Functions worker brings its own)

        var app = builder.Build();
        Map(app, "/api/assets/{name}", (WebFunctions f, HttpContext c) => Task.FromResult(f.Asset(c.Request, (string)c.GetRouteValue("name")!)));
        Map(app, "/api/public/tillganglighet", (WebFunctions f, HttpContext c) => f.AccessibilityStatement(c.Request));
        Map(app, "/api/public/om-webbplatsen", (WebFunctions f, HttpContext c) => f.AboutSite(c.Request));
        Map(app, GalleryPath, async (WebFunctions _, HttpContext c) =>
        {
            SecurityHeaders.ApplyPage(c.Response);
            var pages = c.RequestServices.GetRequiredService<PageRenderer>();
            return await pages.PageAsync<ComponentGallery>(new Dictionary<string, object?> { [nameof(ComponentGallery.WithErrors)] = c.Request.Query.ContainsKey("fel") });
        });
        Map(app, ErrorPagePath + "{status:int}", async (WebFunctions _, HttpContext c) =>
        {
            SecurityHeaders.ApplyPage(c.Response);
            var status = int.Parse((string)c.GetRouteValue("status")!, System.Globalization.CultureInfo.InvariantCulture);
            var user = status == 403 ? new PortalUser("Exempel Exempelsson", ["Coordinator.03"]) : null;
            return await c.RequestServices.GetRequiredService<PageRenderer>().ErrorAsync(status, user, returnUrl: "/api/portal");
        });
        Map(app, CspBreakerPath, (WebFunctions _, HttpContext c) =>
        {
            SecurityHeaders.ApplyPage(c.Response);
            // A page that breaks the CSP on purpose (an inline style element): the CSP watcher must see it.
            var html = "<!DOCTYPE html><html lang=\"sv\"><head><title>CSP</title><style>body{color:red}</style></head><body><p>x</p></body></html>"u8.ToArray();
            return Task.FromResult<IActionResult>(new HtmlPageResult(html));
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new PageServer(app, address.TrimEnd('/'));
    }

    private static void Map(WebApplication app, string pattern, Func<WebFunctions, HttpContext, Task<IActionResult>> call) =>
        app.MapMethods(pattern, ["GET", "HEAD"], async context =>
        {
            var functions = ActivatorUtilities.CreateInstance<WebFunctions>(context.RequestServices);
            var result = await call(functions, context);
            // The app sets the security headers in its worker middleware (SecurityHeadersMiddleware), which
            // this fixture does not run: the same headers here, the page CSP for a rendered page.
            if (result is HtmlPageResult) SecurityHeaders.ApplyPage(context.Response);
            else SecurityHeaders.Apply(context.Response, html: false);
            await result.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()));
        });

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
