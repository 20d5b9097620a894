using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using Kommuntal.Core.Documents;

namespace Kommuntal.Application.Services;

/// <summary>A pre-serialised public answer: its bytes, content type and strong ETag.</summary>
public sealed record PublicResponse(byte[] Body, string ContentType, string ETag)
{
    public static PublicResponse Of(byte[] body, string contentType) => new(body, contentType, $"\"{Convert.ToHexStringLower(SHA256.HashData(body))[..32]}\"");
}

/// <summary>
/// One version of an index blob in memory: the parsed index (null when the blob does not exist),
/// its ETag and the answers already serialised from it. Replaced as a whole when the blob changes,
/// so an answer can never outlive the index it was made from.
/// </summary>
public sealed class CachedIndex
{
    private readonly ConcurrentDictionary<string, PublicResponse> _responses = new(StringComparer.Ordinal);
    private readonly int _maxResponses;
    private long _validatedAtTicks;

    internal CachedIndex(object? value, byte[]? bytes, string? etag, DateTimeOffset validatedAt, int maxResponses)
    {
        Value = value;
        Bytes = bytes;
        ETag = etag;
        _validatedAtTicks = validatedAt.UtcTicks;
        _maxResponses = maxResponses;
    }

    /// <summary>A <see cref="PublishedRootIndex"/> or <see cref="PublishedYearIndex"/>; null when the blob does not exist.</summary>
    public object? Value { get; }
    public byte[]? Bytes { get; }
    public string? ETag { get; }
    public DateTimeOffset ValidatedAt => new(Interlocked.Read(ref _validatedAtTicks), TimeSpan.Zero);
    internal void Validated(DateTimeOffset at) => Interlocked.Exchange(ref _validatedAtTicks, at.UtcTicks);

    /// <summary>The answer for <paramref name="key"/>, serialised once per index version (at most the configured number are kept).</summary>
    public PublicResponse Response(string key, Func<PublicResponse> make)
    {
        if (_responses.TryGetValue(key, out var cached)) return cached;
        var made = make();
        return _responses.Count < _maxResponses ? _responses.GetOrAdd(key, made) : made;
    }
}

/// <summary>
/// The published index in memory, shared by every request of the process. A copy younger than
/// <see cref="PublicCacheOptions.IndexRevalidateAfter"/> is used as it is (no storage request); an
/// older one is revalidated with one conditional read (If-None-Match), which one request makes
/// while the others wait for it. The writer (<see cref="PublicIndexService"/>) puts what it wrote
/// at once, so the publishing instance never serves the index from before its publication.
/// </summary>
public sealed class PublishedIndexCache(IPublishedIndexStore store, TimeProvider clock, IOptions<KommuntalOptions> options)
{
    private sealed class Slot
    {
        public CachedIndex? Current;
        public Task<CachedIndex>? Refreshing;
    }

    private readonly ConcurrentDictionary<string, Slot> _slots = new(StringComparer.Ordinal);
    private PublicCacheOptions Settings => options.Value.PublicCache;

    public static PublishedRootIndex? Root(CachedIndex index) => index.Value as PublishedRootIndex;
    public static PublishedYearIndex? Year(CachedIndex index) => index.Value as PublishedYearIndex;

    /// <summary>The index blob as the public reads use it: from memory while young enough, else revalidated (one request).</summary>
    public Task<CachedIndex> GetAsync(string name, CancellationToken cancellationToken)
    {
        var slot = _slots.GetOrAdd(name, _ => new Slot());
        var current = Volatile.Read(ref slot.Current);
        if (current is not null && clock.GetUtcNow() - current.ValidatedAt < Settings.IndexRevalidateAfter) return Task.FromResult(current);
        return RefreshAsync(name, slot).WaitAsync(cancellationToken);
    }

    /// <summary>The index blob as a writer must see it: always revalidated (one conditional request).</summary>
    public Task<CachedIndex> GetFreshAsync(string name, CancellationToken cancellationToken) =>
        RefreshAsync(name, _slots.GetOrAdd(name, _ => new Slot())).WaitAsync(cancellationToken);

    /// <summary>What a writer has just stored: this process uses it from now on.</summary>
    public CachedIndex Put(string name, object value, byte[] bytes, string etag)
    {
        var slot = _slots.GetOrAdd(name, _ => new Slot());
        var entry = new CachedIndex(value, bytes, etag, clock.GetUtcNow(), Settings.MaxResponsesPerIndex);
        lock (slot) slot.Current = entry;
        return entry;
    }

    /// <summary>One conditional read at a time per blob; callers that arrive meanwhile share its result.</summary>
    private Task<CachedIndex> RefreshAsync(string name, Slot slot)
    {
        TaskCompletionSource<CachedIndex>? mine = null;
        Task<CachedIndex> refreshing;
        lock (slot)
        {
            if (slot.Refreshing is null)
            {
                mine = new TaskCompletionSource<CachedIndex>(TaskCreationOptions.RunContinuationsAsynchronously);
                slot.Refreshing = mine.Task;
            }
            refreshing = slot.Refreshing;
        }
        if (mine is not null) _ = ReadAsync(name, slot, mine);
        return refreshing;
    }

    private async Task ReadAsync(string name, Slot slot, TaskCompletionSource<CachedIndex> done)
    {
        try
        {
            CachedIndex? current;
            lock (slot) current = slot.Current;
            // Not cancelled by the request that happened to start it: others wait for it too.
            var read = await store.ReadAsync(name, current?.ETag, CancellationToken.None);
            var now = clock.GetUtcNow();
            CachedIndex entry;
            if (read.Status == IndexReadStatus.NotModified && current is not null)
            {
                current.Validated(now);
                entry = current;
            }
            else
                entry = read.Status == IndexReadStatus.Found
                    ? new CachedIndex(Parse(name, read.Content!), read.Content, read.ETag, now, Settings.MaxResponsesPerIndex)
                    : new CachedIndex(null, null, null, now, Settings.MaxResponsesPerIndex);
            CachedIndex result;
            lock (slot)
            {
                // A writer's Put that landed while this read was on its way is kept: it is what this process just wrote.
                if (ReferenceEquals(slot.Current, current)) slot.Current = entry;
                result = slot.Current ?? entry;
                slot.Refreshing = null;
            }
            done.SetResult(result);
        }
        catch (Exception ex)
        {
            lock (slot) slot.Refreshing = null;
            done.SetException(ex);
        }
    }

    private static object Parse(string name, byte[] content) => name == PublicationPaths.IndexRoot
        ? JsonSerializer.Deserialize<PublishedRootIndex>(content, KommuntalJson.Options) ?? throw new JsonException($"Empty index {name}.")
        : JsonSerializer.Deserialize<PublishedYearIndex>(content, KommuntalJson.Options) ?? throw new JsonException($"Empty index {name}.");
}
