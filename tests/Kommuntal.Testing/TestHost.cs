using Azure.Core;
using Azure.Core.Pipeline;
using Kommuntal.Infrastructure;
using Kommuntal.Infrastructure.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Kommuntal.Testing;

/// <summary>
/// The real composition root (<see cref="ServiceCollectionExtensions.AddKommuntal"/>) against
/// Azurite, with a fresh storage prefix, a fake clock and a temporary outbox directory. Like a host
/// at start-up, it creates the tables and containers (<see cref="StorageInitializer"/>) before it is
/// used, unless told not to (a test that injects faults into the start-up does it itself, with
/// <see cref="InitializeStorageAsync"/>).
/// </summary>
public sealed class TestHost : IAsyncDisposable
{
    public ServiceProvider Services { get; }
    public FakeTimeProvider Clock { get; }
    public string Prefix { get; }
    public string OutboxDirectory { get; }
    public IReadOnlyDictionary<string, string?> Settings { get; }

    /// <summary>Thursday 4 November 2021, 09:00 Swedish time: the week the 2022 decisions were taken.</summary>
    public static readonly DateTimeOffset DefaultNow = new(2021, 11, 4, 8, 0, 0, TimeSpan.Zero);

    public TestHost(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null,
        IEnumerable<HttpPipelinePolicy>? storagePolicies = null, string? prefix = null, DateTimeOffset? now = null, bool createStorage = true)
    {
        Prefix = prefix ?? TestStorage.NewPrefix();
        OutboxDirectory = Path.Combine(Path.GetTempPath(), "kommuntal-tests", Prefix, "email");
        var all = new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = TestStorage.ConnectionString,
            ["Storage:Prefix"] = Prefix,
            ["Storage:PublicContainerAccess"] = "true",
            ["Email:Sender"] = "outbox",
            ["Email:OutboxDirectory"] = OutboxDirectory,
        };
        foreach (var kv in settings ?? new Dictionary<string, string?>()) all[kv.Key] = kv.Value;
        Settings = all;
        var config = new ConfigurationBuilder().AddInMemoryCollection(all).Build();
        Clock = new FakeTimeProvider(now ?? DefaultNow);
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton<IConfiguration>(config);
        foreach (var p in storagePolicies ?? []) services.AddSingleton(new StoragePipelinePolicy(p, HttpPipelinePosition.PerRetry));
        configure?.Invoke(services);
        services.AddKommuntal(config);
        Services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        if (createStorage) Task.Run(() => InitializeStorageAsync()).GetAwaiter().GetResult();
    }

    /// <summary>What a host does at start-up: creates the tables and containers where they are missing.</summary>
    public Task InitializeStorageAsync(CancellationToken cancellationToken = default) => Get<StorageInitializer>().InitializeAsync(cancellationToken);

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
    }
}
