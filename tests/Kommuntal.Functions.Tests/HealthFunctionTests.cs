using System.Collections.Concurrent;
using Kommuntal.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kommuntal.Functions.Tests;

/// <summary>
/// <c>GET /api/health</c>: anonymous callers learn only healthy or unhealthy (issue 14, item 8); the
/// details go to the log, and to a caller with the national role.
/// </summary>
public class HealthFunctionTests
{
    private static readonly Dictionary<string, string> National = new() { ["X-Kommuntal-Dev-Roles"] = "Coordinator.All" };

    private sealed class Warnings : ILoggerProvider, ILogger
    {
        public ConcurrentQueue<string> Lines { get; } = new();
        public ILogger CreateLogger(string categoryName) => this;
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) Lines.Enqueue(formatter(state, exception));
        }
        public void Dispose() { }
    }

    [Fact]
    public async Task Health_is_200_healthy_and_nothing_else_for_anyone_and_the_checks_for_the_national_role()
    {
        await using var host = FunctionsHost.Create();
        var fn = ActivatorUtilities.CreateInstance<HealthFunction>(host.Services);

        var r = Http.Request("GET", "/api/health", asCoordinator: false);
        var res = Http.Read(r, await fn.Get(r, default));
        Assert.Equal(200, res.Status);
        Assert.Equal("""{"status":"healthy"}""", res.Body.GetRawText());
        Assert.Equal("no-store", r.HttpContext.Response.Headers.CacheControl.ToString());

        r = Http.Request("GET", "/api/health", headers: National, asCoordinator: false);
        res = Http.Read(r, await fn.Get(r, default));
        Assert.Equal("healthy", res.Body.GetProperty("status").GetString());
        Assert.True(res.Body.GetProperty("checks").GetProperty("tables").GetProperty("healthy").GetBoolean());
        Assert.True(res.Body.GetProperty("checks").GetProperty("blobs").GetProperty("healthy").GetBoolean());
        Assert.False(string.IsNullOrEmpty(res.Body.GetProperty("version").GetString()));
    }

    [Fact]
    public async Task Health_is_503_unhealthy_for_anyone_the_failing_check_is_logged_and_no_key_is_shown()
    {
        // A closed port on loopback: nothing listens there.
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        const string key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
        var warnings = new Warnings();
        await using var host = new TestHost(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={key};BlobEndpoint=http://127.0.0.1:{port}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1;",
            ["Security:DevelopmentMode"] = "true",
        }, configure: s => { s.AddInProcessFunctions(); s.AddSingleton<ILoggerProvider>(warnings); });
        var fn = ActivatorUtilities.CreateInstance<HealthFunction>(host.Services);

        var r = Http.Request("GET", "/api/health", asCoordinator: false);
        var res = Http.Read(r, await fn.Get(r, default));
        Assert.Equal(503, res.Status);
        Assert.Equal("""{"status":"unhealthy"}""", res.Body.GetRawText());
        Assert.Contains(warnings.Lines, l => l.StartsWith("Health check tables failed after", StringComparison.Ordinal));
        Assert.Contains(warnings.Lines, l => l.StartsWith("Health check blobs failed after", StringComparison.Ordinal));
        Assert.All(warnings.Lines, l => Assert.DoesNotContain(key, l));

        r = Http.Request("GET", "/api/health", headers: National, asCoordinator: false);
        res = Http.Read(r, await fn.Get(r, default));
        Assert.Equal(503, res.Status);
        Assert.False(res.Body.GetProperty("checks").GetProperty("tables").GetProperty("healthy").GetBoolean());
        Assert.DoesNotContain(key, res.Body.ToString());
    }
}
