using Kommuntal.Application.Caching;
using Kommuntal.Application.Ports;
using Kommuntal.Application.Services;
using Kommuntal.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Kommuntal.Testing.InMemory;

/// <summary>
/// The real composition root (<see cref="ServiceCollectionExtensions.AddKommuntal"/>) with the
/// storage ports in memory: the fast tier for application services, where Azurite adds nothing.
/// The county-year, quota, share, document and published-index stores are the in-memory fakes (each proven
/// against its Azure adapter by a shared contract); the indicators and recipients are the bundled
/// ones; e-mail is kept in memory; the PDF renderer is the real one. The caching decorators of the
/// read ports wrap the fakes as they wrap the adapters (<see cref="RunCache.AdapterKey"/>).
/// </summary>
public sealed class InMemoryHost : IAsyncDisposable
{
    public ServiceProvider Services { get; }
    public FakeTimeProvider Clock { get; }
    public InMemoryCountyYearStore CountyYears { get; } = new();
    public InMemoryQuotaStore Quotas { get; } = new();
    public InMemoryDocumentStore Documents { get; } = new();
    public InMemoryPublishedIndexStore Index { get; } = new();
    public RecordingEmailSender Email { get; } = new();
    public InMemoryShareStore Shares { get; } = new();
    /// <summary>The indicator source behind the caching decorator, counting its reads.</summary>
    public CountingIndicatorSource Indicators { get; }
    /// <summary>The recipient directory behind the caching decorator, counting its reads.</summary>
    public CountingRecipientDirectory Recipients { get; }

    public InMemoryHost(IDictionary<string, string?>? settings = null, DateTimeOffset? now = null)
    {
        var all = new Dictionary<string, string?>
        {
            // Never used: every storage port is in memory (the composition root registers the clients lazily).
            ["Storage:ConnectionString"] = "UseDevelopmentStorage=true",
            ["Email:Sender"] = "outbox",
        };
        foreach (var kv in settings ?? new Dictionary<string, string?>()) all[kv.Key] = kv.Value;
        var config = new ConfigurationBuilder().AddInMemoryCollection(all).Build();
        Clock = new FakeTimeProvider(now ?? TestHost.DefaultNow);
        Indicators = new CountingIndicatorSource(new BundledIndicatorSource());
        Recipients = new CountingRecipientDirectory(new ReferenceRecipientDirectory(Core.Reference.ReferenceData.Bundled));
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton<IConfiguration>(config);
        services.AddSingleton<ICountyYearStore>(CountyYears);
        services.AddSingleton<IOutboxStore>(CountyYears);
        services.AddKeyedSingleton<IQuotaStore>(RunCache.AdapterKey, Quotas);
        services.AddKeyedSingleton<IIndicatorSource>(RunCache.AdapterKey, Indicators);
        services.AddKeyedSingleton<IRecipientDirectory>(RunCache.AdapterKey, Recipients);
        services.AddSingleton<IDocumentStore>(Documents);
        services.AddSingleton<IPublishedIndexStore>(Index);
        services.AddSingleton<IEmailSender>(Email);
        services.AddSingleton<IShareStore>(Shares);
        services.AddKommuntal(config);
        Services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public ValueTask DisposeAsync() => Services.DisposeAsync();
}

/// <summary>An indicator source that counts the reads that reach it.</summary>
public sealed class CountingIndicatorSource(IIndicatorSource inner) : IIndicatorSource
{
    private int _reads;
    public int Reads => Volatile.Read(ref _reads);

    public Task<Core.Allocation.IndicatorSet> GetAsync(int year, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _reads);
        return inner.GetAsync(year, cancellationToken);
    }
}

/// <summary>A recipient directory that counts the reads that reach it.</summary>
public sealed class CountingRecipientDirectory(IRecipientDirectory inner) : IRecipientDirectory
{
    private int _reads;
    public int Reads => Volatile.Read(ref _reads);

    public Task<IReadOnlyList<Core.Reference.RecipientAddress>> GetAsync(string countyCode, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _reads);
        return inner.GetAsync(countyCode, cancellationToken);
    }

    public Task<IReadOnlyDictionary<string, IReadOnlyList<Core.Reference.RecipientAddress>>> GetAllAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _reads);
        return inner.GetAllAsync(cancellationToken);
    }
}
