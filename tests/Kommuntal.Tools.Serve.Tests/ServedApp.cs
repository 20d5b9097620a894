using System.Net.Http.Headers;
using Kommuntal.Testing;
using Kommuntal.Tools.Serve.Tests.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kommuntal.Tools.Serve.Tests;

/// <summary>
/// The Functions app served by <see cref="ServeHost"/> in this process on a free port of 127.0.0.1,
/// against the test Azurite (<c>KOMMUNTAL_TEST_STORAGE</c>) with a fresh storage prefix and outbox
/// directory, the settings of local.settings.json.example, and keys of its own. Talk to it with
/// <see cref="Client"/> (no key) or <see cref="KeyedClient"/> (the function key in x-functions-key), or
/// <see cref="CreateClient"/>: every response of every client is checked against openapi.json.
/// </summary>
public sealed class ServedApp : IAsyncDisposable
{
    private ServedApp(ServeApp app, string prefix, string outbox)
    {
        Server = app;
        Prefix = prefix;
        OutboxDirectory = outbox;
        Client = CreateClient();
        KeyedClient = CreateClient(key: app.Keys.FunctionKey);
    }

    /// <summary>
    /// A client whose every response is checked against openapi.json (<see cref="OpenApiValidatingHandler"/>;
    /// a response that breaks it throws). Redirects are not followed unless asked, and then each hop is checked.
    /// </summary>
    public HttpClient CreateClient(string? key = null, bool followRedirects = false)
    {
        HttpMessageHandler handler = new OpenApiValidatingHandler(OpenApiContract.Document);
        if (followRedirects) handler = new FollowRedirectsHandler(handler);
        var client = new HttpClient(handler) { BaseAddress = Server.BaseAddress };
        if (key is not null) client.DefaultRequestHeaders.Add("x-functions-key", key);
        return client;
    }

    public ServeApp Server { get; }
    public string Prefix { get; }
    public string OutboxDirectory { get; }
    public HttpClient Client { get; }
    public HttpClient KeyedClient { get; }
    public Uri BaseAddress => Server.BaseAddress!;
    public string FunctionKey => Server.Keys.FunctionKey;
    public string MasterKey => Server.Keys.MasterKey;
    public TimerRunner Timers => Server.Timers;
    public T Get<T>() where T : notnull => Server.Services.GetRequiredService<T>();

    /// <param name="asRoles">The <c>--as</c> roles (none: requests without identity are anonymous).</param>
    /// <param name="timers">Run the timers on their schedules (<c>--timers</c>).</param>
    /// <param name="settings">Settings over the defaults.</param>
    public static async Task<ServedApp> StartAsync(IReadOnlyList<string>? asRoles = null, bool timers = false, IDictionary<string, string?>? settings = null)
    {
        var app = Create(asRoles, timers, settings, out var prefix, out var outbox);
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        return new ServedApp(app, prefix, outbox);
    }

    /// <summary>The server built but not started (for start-up refusals and settings); port 0 takes a free one when started.</summary>
    public static ServeApp Create(IReadOnlyList<string>? asRoles, bool timers, IDictionary<string, string?>? settings, out string prefix, out string outbox, int port = 0)
    {
        prefix = TestStorage.NewPrefix();
        outbox = Path.Combine(Path.GetTempPath(), "kommuntal-tests", prefix, "email");
        var all = new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = TestStorage.ConnectionString,
            ["Storage:Prefix"] = prefix,
            ["Storage:PublicContainerAccess"] = "true",
            ["Email:Sender"] = "outbox",
            ["Email:OutboxDirectory"] = outbox,
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>()) all[k] = v;
        return ServeHost.Create(new ServeOptions(
            Port: port,
            Roles: asRoles,
            Timers: timers,
            SettingsFile: Samples.Path("src", "Kommuntal.Functions", "local.settings.json.example"),
            FunctionKey: FunctionKeys.NewKey(),
            MasterKey: FunctionKeys.NewKey(),
            Settings: all,
            MinimumLogLevel: LogLevel.Warning));
    }

    /// <summary>POST /admin/functions/{name} with the master key (or the given key; "" for none).</summary>
    public Task<HttpResponseMessage> RunTimerAsync(string name, string? key = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"admin/functions/{name}")
        {
            Content = new StringContent("{\"input\":\"\"}", MediaTypeHeaderValue.Parse("application/json")),
        };
        var k = key ?? MasterKey;
        if (k.Length > 0) request.Headers.Add("x-functions-key", k);
        return Client.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        KeyedClient.Dispose();
        await Server.DisposeAsync();
        try
        {
            Directory.Delete(Path.Combine(Path.GetTempPath(), "kommuntal-tests", Prefix), recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // nothing was written
        }
    }
}
