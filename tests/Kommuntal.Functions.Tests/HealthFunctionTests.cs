using Kommuntal.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Kommuntal.Functions.Tests;

public class HealthFunctionTests
{
    [Fact]
    public async Task Health_is_200_when_storage_answers()
    {
        await using var host = FunctionsHost.Create();
        await host.Get<Kommuntal.Infrastructure.Storage.StorageClients>().EnsureCreatedAsync();
        var fn = ActivatorUtilities.CreateInstance<HealthFunction>(host.Services);
        var r = Http.Request("GET", "/api/health", asCoordinator: false);
        var res = Http.Read(r, await fn.Get(r, default));
        Assert.Equal(200, res.Status);
        Assert.Equal("healthy", res.Body.GetProperty("status").GetString());
        Assert.True(res.Body.GetProperty("checks").GetProperty("tables").GetProperty("healthy").GetBoolean());
        Assert.True(res.Body.GetProperty("checks").GetProperty("blobs").GetProperty("healthy").GetBoolean());
    }

    [Fact]
    public async Task Health_is_503_naming_the_failing_check_when_storage_is_unreachable_and_leaks_no_key()
    {
        // A closed port on loopback: nothing listens there.
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        const string key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
        await using var host = new TestHost(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={key};BlobEndpoint=http://127.0.0.1:{port}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1;",
        }, configure: s => s.AddKommuntalEdge());
        var fn = ActivatorUtilities.CreateInstance<HealthFunction>(host.Services);
        var r = Http.Request("GET", "/api/health", asCoordinator: false);
        var res = Http.Read(r, await fn.Get(r, default));
        Assert.Equal(503, res.Status);
        Assert.False(res.Body.GetProperty("checks").GetProperty("tables").GetProperty("healthy").GetBoolean());
        Assert.DoesNotContain(key, res.Body.ToString());
    }
}
