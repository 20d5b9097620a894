using System.Collections.Concurrent;

namespace Kommuntal.Application.Caching;

/// <summary>
/// The reads a run shares. A run over many counties (<c>kommuntal run</c>, the yearly cycle) calls
/// <see cref="Begin"/>; until it disposes the scope, the caching decorators of the read ports
/// (<see cref="CachingQuotaStore"/>, <see cref="CachingIndicatorSource"/>,
/// <see cref="CachingRecipientDirectory"/>) answer each read from the first answer in that scope,
/// so the quota, the indicators and the recipient lists are read once per run and the services
/// take no extra parameters for it. Outside a scope the decorators pass every call through: a
/// single request of the API or the command line reads what is stored now.
/// </summary>
/// <remarks>
/// The scope flows with the async flow that began it (like <see cref="Correlation"/>), including
/// work that flow starts with <see cref="Task.Run(Func{Task})"/>; two runs in one process have two
/// scopes. A read that fails is not kept: the next call in the scope reads again.
/// </remarks>
public sealed class RunCache
{
    /// <summary>The service key under which the composition root registers the adapter a caching decorator wraps.</summary>
    public const string AdapterKey = "run-cache-adapter";

    private readonly AsyncLocal<Entries?> _current = new();

    /// <summary>Whether a run's scope is open in this async flow.</summary>
    public bool Active => _current.Value is not null;

    /// <summary>Opens a scope for the rest of this async flow; inside an open scope it is that scope (disposing does nothing).</summary>
    public IDisposable Begin()
    {
        if (_current.Value is not null) return Nothing.Instance;
        var entries = new Entries();
        _current.Value = entries;
        return new Scope(this, entries);
    }

    /// <summary>The value read for <paramref name="key"/> in this scope, reading it once; outside a scope, <paramref name="read"/> itself.</summary>
    internal Task<T> GetOrReadAsync<T>(object key, Func<Task<T>> read)
    {
        var entries = _current.Value;
        if (entries is null) return read();
        var entry = entries.GetOrAdd(key, _ => new Lazy<Task<object?>>(async () => (object?)await read()));
        return Unwrap<T>(entries, key, entry);
    }

    /// <summary>Changes what the scope holds for <paramref name="key"/> after a write through the same port (only a value already read).</summary>
    internal void Update<T>(object key, Func<T, T?> change) where T : class
    {
        var entries = _current.Value;
        if (entries is null || !entries.TryGetValue(key, out var entry)) return;
        var task = entry.Value;
        var updated = task.IsCompletedSuccessfully && task.Result is T value ? change(value) : null;
        if (updated is null) entries.TryRemove(key, out _);
        else entries[key] = new Lazy<Task<object?>>(Task.FromResult<object?>(updated));
    }

    private static async Task<T> Unwrap<T>(Entries entries, object key, Lazy<Task<object?>> entry)
    {
        try
        {
            return (T)(await entry.Value)!;
        }
        catch
        {
            entries.TryRemove(new KeyValuePair<object, Lazy<Task<object?>>>(key, entry));
            throw;
        }
    }

    private sealed class Entries : ConcurrentDictionary<object, Lazy<Task<object?>>>;

    private sealed class Scope(RunCache cache, Entries entries) : IDisposable
    {
        public void Dispose()
        {
            if (ReferenceEquals(cache._current.Value, entries)) cache._current.Value = null;
        }
    }

    private sealed class Nothing : IDisposable
    {
        public static readonly Nothing Instance = new();
        public void Dispose() { }
    }
}
