using System.Globalization;
using System.Net;
using System.Text.Json;
using Kommuntal.Functions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Kommuntal.Tools.Serve;

/// <summary>What to serve and how.</summary>
/// <param name="Port">TCP port on 127.0.0.1 (0: any free port).</param>
/// <param name="Roles">The roles of a request that carries no identity (<c>--as</c>); empty: none.</param>
/// <param name="Timers">Run the timers on their schedules (<c>--timers</c>).</param>
/// <param name="SettingsFile">A local.settings.json whose <c>Values</c> come first (environment variables override them).</param>
/// <param name="FunctionKey">The function key; null: a new one.</param>
/// <param name="MasterKey">The master key (admin API, Admin-level routes); null: a new one.</param>
/// <param name="Settings">Settings over everything else (tests: storage prefix, outbox directory).</param>
public sealed record ServeOptions(int Port = 7071, IReadOnlyList<string>? Roles = null, bool Timers = false, string? SettingsFile = null,
    string? FunctionKey = null, string? MasterKey = null, IReadOnlyDictionary<string, string?>? Settings = null, LogLevel MinimumLogLevel = LogLevel.Information)
{
    public IReadOnlyList<string> AsRoles => Roles ?? [];
}

/// <summary>
/// Builds the local server: configuration as the Functions host gives it to the worker
/// (local.settings.json <c>Values</c>, then environment variables, <c>__</c> read as <c>:</c>), the
/// app's services from its composition root (<see cref="FunctionsComposition.AddKommuntalFunctions"/>),
/// the worker middleware from <see cref="FunctionsComposition.UseKommuntalMiddleware"/>, every
/// function from its attributes, and Kestrel on 127.0.0.1 only.
/// </summary>
public static class ServeHost
{
    public static ServeApp Create(ServeOptions options)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Development,
        });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(LocalSettings.Read(options.SettingsFile));
        builder.Configuration.AddEnvironmentVariables();
        var forced = new Dictionary<string, string?>(options.Settings ?? new Dictionary<string, string?>())
        {
            ["Security:DevelopmentMode"] = "true",
        };
        builder.Configuration.AddInMemoryCollection(forced);
        var hostJson = HostJson.Read(Path.Combine(AppContext.BaseDirectory, "host.json"));
        // A municipality's e-mail links its page on this server, at the port it was given, unless a
        // public site (or the app's download route, which implies one) is configured.
        if (options.Port != 0 && string.IsNullOrWhiteSpace(builder.Configuration["Kommuntal:PublicSiteUrl"])
            && string.IsNullOrWhiteSpace(builder.Configuration["Kommuntal:PublicBaseUrl"]))
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Kommuntal:PublicSiteUrl"] = $"http://localhost:{options.Port.ToString(CultureInfo.InvariantCulture)}/{hostJson.RoutePrefix.Trim('/')}/public",
            });
        if (builder.Configuration["WEBSITE_HOSTNAME"] is { Length: > 0 } site)
            throw new ServeRefusedException(
                $"WEBSITE_HOSTNAME is set ({site}): this is an App Service or Functions host. The local server runs in development mode " +
                "(roles from --as or a header) and refuses to start there; deploy the Functions app instead.");

        ConfigureLogging(builder.Logging, hostJson, options.MinimumLogLevel);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, options.Port);
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = 100 * 1024 * 1024; // the Functions host's default limit
        });
        builder.Host.UseDefaultServiceProvider(o => { o.ValidateScopes = true; o.ValidateOnBuild = true; });

        var catalog = FunctionCatalog.Discover(typeof(FunctionsComposition).Assembly);
        var keys = new FunctionKeys(options.FunctionKey, options.MasterKey);
        builder.Services.AddKommuntalFunctions(builder.Configuration);
        builder.Services.AddMvcCore();
        WorkerPipeline.AddFunctionInvoker(builder.Services, catalog);
        builder.Services.AddSingleton(keys).AddSingleton(options)
            .AddSingleton(new LocalIdentity(options.AsRoles))
            .AddSingleton<TimerRunner>()
            .AddHostedService(sp => sp.GetRequiredService<TimerRunner>());

        var app = builder.Build();
        try
        {
            var invoker = app.Services.GetRequiredService<FunctionInvoker>(); // binds every parameter now, or says which cannot be
            ContextSelfCheck.Run(catalog, invoker, app.Services);
            var timers = app.Services.GetRequiredService<TimerRunner>();
            if (options.Timers && timers.Schedules.Where(s => s.Value.Schedule is null).Select(s => $"{s.Key}: {s.Value.Problem}").ToList() is { Count: > 0 } bad)
                throw new ServeRefusedException("--timers: these schedules cannot be read: " + string.Join("; ", bad));
            app.MapFunctions(catalog, hostJson.RoutePrefix);
            return new ServeApp(app, options, catalog, keys, timers, hostJson.RoutePrefix);
        }
        catch
        {
            ((IDisposable)app).Dispose();
            throw;
        }
    }

    private static void ConfigureLogging(ILoggingBuilder logging, HostJson hostJson, LogLevel minimum)
    {
        logging.ClearProviders();
        logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; });
        // Logs go to stderr; stdout carries the banner (keys, routes, "Listening on ...").
        logging.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        logging.SetMinimumLevel(Max(minimum, hostJson.DefaultLogLevel));
        foreach (var (category, level) in hostJson.LogLevels) logging.AddFilter(category, Max(minimum, level));
        logging.AddFilter("Microsoft.AspNetCore", Max(minimum, LogLevel.Warning));
        logging.AddFilter("Microsoft.Hosting", Max(minimum, LogLevel.Warning));
    }

    private static LogLevel Max(LogLevel a, LogLevel b) => a > b ? a : b;
}

/// <summary>A built server; <see cref="StartAsync"/> opens the port.</summary>
public sealed class ServeApp(WebApplication app, ServeOptions options, FunctionCatalog catalog, FunctionKeys keys, TimerRunner timers, string routePrefix)
    : IAsyncDisposable
{
    public WebApplication App { get; } = app;
    public ServeOptions Options { get; } = options;
    public FunctionCatalog Catalog { get; } = catalog;
    public FunctionKeys Keys { get; } = keys;
    public TimerRunner Timers { get; } = timers;
    public string RoutePrefix { get; } = routePrefix;
    public IServiceProvider Services => App.Services;

    /// <summary>http://127.0.0.1:PORT (the port Kestrel took), once started.</summary>
    public Uri? BaseAddress { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await App.StartAsync(cancellationToken);
        var address = App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal));
    }

    /// <summary>What <c>func start</c> would print: keys, identity, every function with its address.</summary>
    public IEnumerable<string> Banner()
    {
        var root = BaseAddress?.ToString().TrimEnd('/') ?? $"http://127.0.0.1:{Options.Port}";
        yield return "Kommuntal.Functions on the local server (tools/Kommuntal.Tools.Serve; development mode, not the Functions host)";
        yield return "Settings: " + (Options.SettingsFile ?? "(no local.settings.json)") + ", then environment variables";
        yield return "Function key: " + (Keys.FunctionKeyGenerated ? Keys.FunctionKey : $"(from {FunctionKeys.FunctionKeyVariable})");
        yield return "Master key: " + (Keys.MasterKeyGenerated ? Keys.MasterKey : $"(from {FunctionKeys.MasterKeyVariable})");
        yield return Options.AsRoles.Count > 0
            ? $"Identity: a request without one acts as {string.Join(",", Options.AsRoles)} (--as); an X-Kommuntal-Dev-Roles header overrides it"
            : "Identity: none added (anonymous, as in Azure); send X-Kommuntal-Dev-Roles to act as a coordinator";
        yield return "Functions:";
        foreach (var f in Catalog.Http)
        {
            var methods = f.Methods.Count == 0 ? "ALL" : string.Join(",", f.HttpMethods);
            var level = f.AuthLevel == AuthorizationLevel.Anonymous ? "anonymous" : f.AuthLevel == AuthorizationLevel.Function ? "function key" : "master key";
            yield return $"  {f.Name}: [{methods}] {root}/{HttpFunctionEndpoints.Pattern(RoutePrefix, f.Route!)} ({level})";
        }
        foreach (var t in Catalog.Timers)
        {
            var (schedule, problem) = Timers.Schedules[t.Name];
            var when = schedule is null ? $"{t.Schedule}: {problem}" : $"{schedule.Expression} (UTC)";
            var mode = Options.Timers && schedule is not null ? $"on its schedule, next {schedule.Next(DateTimeOffset.UtcNow):yyyy-MM-dd HH:mm:ss}Z" : "not scheduled (--timers)";
            yield return $"  {t.Name}: timer {when}; {mode}; on demand: POST {root}/admin/functions/{t.Name} with the master key";
        }
        foreach (var u in Catalog.Unsupported) yield return $"  {u}: not served (trigger not supported by the local server)";
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await App.StopAsync();
        }
        catch (ObjectDisposedException)
        {
            // not started
        }
        await App.DisposeAsync();
    }
}

/// <summary>The parts of host.json the server honours: the HTTP route prefix and the log levels.</summary>
public sealed record HostJson(string RoutePrefix, LogLevel DefaultLogLevel, IReadOnlyDictionary<string, LogLevel> LogLevels)
{
    public static HostJson Read(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var root = doc.RootElement;
        var prefix = root.TryGetProperty("extensions", out var ext) && ext.TryGetProperty("http", out var http) && http.TryGetProperty("routePrefix", out var rp)
            ? rp.GetString() ?? "" : "api";
        var levels = new Dictionary<string, LogLevel>(StringComparer.OrdinalIgnoreCase);
        var defaultLevel = LogLevel.Information;
        if (root.TryGetProperty("logging", out var logging) && logging.TryGetProperty("logLevel", out var ll))
            foreach (var p in ll.EnumerateObject())
            {
                if (!Enum.TryParse<LogLevel>(p.Value.GetString(), true, out var level)) continue;
                if (p.Name.Equals("default", StringComparison.OrdinalIgnoreCase)) defaultLevel = level;
                else if (!p.Name.Equals("Function", StringComparison.OrdinalIgnoreCase)) levels[p.Name] = level; // "Function" is the host's own category
            }
        return new HostJson(prefix, defaultLevel, levels);
    }
}

/// <summary>local.settings.json: <c>Values</c> (and <c>ConnectionStrings</c>) as the host hands them to the worker.</summary>
public static class LocalSettings
{
    public static IEnumerable<KeyValuePair<string, string?>> Read(string? path)
    {
        if (path is null) return [];
        using var doc = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var result = new List<KeyValuePair<string, string?>>();
        if (doc.RootElement.TryGetProperty("Values", out var values))
            foreach (var p in values.EnumerateObject())
                result.Add(new(p.Name.Replace("__", ":", StringComparison.Ordinal), p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : p.Value.GetRawText()));
        if (doc.RootElement.TryGetProperty("ConnectionStrings", out var cs))
            foreach (var p in cs.EnumerateObject())
                result.Add(new("ConnectionStrings:" + p.Name, p.Value.GetString()));
        return result;
    }
}

/// <summary>
/// Checks at start-up, with the worker's own extension methods, that a function context made here
/// looks to middleware as the ASP.NET Core integration's does: <c>GetHttpContext()</c> finds the
/// request and <c>GetInvocationResult()</c> reads and replaces the function's result. A worker
/// package that changed either stops the server with this message instead of silently skipping.
/// </summary>
public static class ContextSelfCheck
{
    public static void Run(FunctionCatalog catalog, FunctionInvoker invoker, IServiceProvider services)
    {
        if (catalog.Functions.FirstOrDefault() is not { } f) return;
        var http = new DefaultHttpContext();
        var context = new ServedFunctionContext(invoker.Definition(f), services, CancellationToken.None);
        context.Items[ServedFunctionContext.HttpContextKey] = http;
        if (!ReferenceEquals(context.GetHttpContext(), http))
            throw new InvalidOperationException("FunctionContext.GetHttpContext() does not find the request where ServedFunctionContext puts it: the ASP.NET Core integration changed.");
        context.InvocationResult = "probe";
        var result = context.GetInvocationResult();
        result.Value = "replaced";
        if (!Equals(context.InvocationResult, "replaced"))
            throw new InvalidOperationException("FunctionContext.GetInvocationResult() does not reach the function's result: the worker's bindings feature changed.");
    }
}
