using Kommuntal.Testing;

namespace Kommuntal.Infrastructure.Tests.Storage.Contracts;

/// <summary>
/// A store under a contract test: the Azure adapter from the real composition root on a fresh
/// storage prefix in Azurite, or its in-memory fake (tests/Kommuntal.Testing/InMemory). The same
/// facts run against both, so the fakes the fast tier uses cannot behave differently from storage.
/// </summary>
public abstract class StoreContract<TStore> : IAsyncLifetime where TStore : class
{
    private TestHost? _host;

    /// <summary>The store under test (a fresh one per test).</summary>
    protected TStore Store { get; private set; } = null!;

    /// <summary>Null: the in-memory fake; otherwise the Azurite host the adapter comes from.</summary>
    protected TestHost? Host => _host;

    /// <summary>The Azure adapter (from <paramref name="host"/>) or the fake (host null).</summary>
    protected abstract TStore Create(TestHost? host);

    /// <summary>Whether this subject is the Azure adapter (against Azurite).</summary>
    protected abstract bool OnAzurite { get; }

    public Task InitializeAsync()
    {
        if (OnAzurite) _host = new TestHost();
        Store = Create(_host);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
    }
}
