using Kommuntal.Application.Ports;
using Kommuntal.Core.Text;

namespace Kommuntal.Testing.InMemory;

/// <summary>
/// <see cref="IDocumentStore"/> in memory, with the blob store's semantics (<c>BlobDocumentStore</c>;
/// the shared <c>DocumentStoreContract</c> runs against both): documents are created once and never
/// overwritten; a document already at the path is adopted only when its bytes are the same, otherwise
/// <see cref="PublishedDocumentConflictException"/> (its hash not computed when the size differs);
/// pages are replaced.
/// </summary>
public sealed class InMemoryDocumentStore(string publicBaseUrl = "https://kommuntal.example/api/public/files") : IDocumentStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (byte[] Content, string Sha256)> _blobs = new(StringComparer.Ordinal);

    /// <summary>Every path stored.</summary>
    public IReadOnlyCollection<string> Paths
    {
        get { lock (_gate) return [.. _blobs.Keys]; }
    }

    public Task<StoredBlob> PublishAsync(string path, byte[] content, string contentType, string downloadFileName, CancellationToken cancellationToken)
    {
        var sha = DeterministicId.Sha256Hex(content);
        lock (_gate)
        {
            if (!_blobs.TryGetValue(path, out var stored))
            {
                _blobs[path] = ([.. content], sha);
                return Task.FromResult(new StoredBlob(path, sha, content.Length, AlreadyExisted: false));
            }
            var storedSha = stored.Content.Length == content.Length ? DeterministicId.Sha256Hex(stored.Content) : null;
            if (storedSha == sha) return Task.FromResult(new StoredBlob(path, sha, content.Length, AlreadyExisted: true));
            throw new PublishedDocumentConflictException(path, sha, content.Length, storedSha, stored.Content.Length, stored.Sha256);
        }
    }

    /// <summary>Puts bytes at a path as something other than a publication would (a planted or altered blob), for tests of the refusal.</summary>
    public void Plant(string path, byte[] content, string? metadataSha256 = null)
    {
        lock (_gate) _blobs[path] = ([.. content], metadataSha256 ?? DeterministicId.Sha256Hex(content));
    }

    public Task<byte[]?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        lock (_gate) return Task.FromResult(_blobs.TryGetValue(path, out var blob) ? [.. blob.Content] : (byte[]?)null);
    }

    public Task WritePageAsync(string path, string html, CancellationToken cancellationToken)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(html);
        lock (_gate) _blobs[path] = (bytes, DeterministicId.Sha256Hex(bytes));
        return Task.CompletedTask;
    }

    public string PublicUrl(string path) => publicBaseUrl.TrimEnd('/') + "/" + path;
}

/// <summary>
/// <see cref="IPublishedIndexStore"/> in memory, with the blob store's semantics
/// (<c>BlobPublishedIndexStore</c>; the shared <c>PublishedIndexStoreContract</c> runs against both):
/// a read with the current ETag answers NotModified without bytes; a write succeeds only on the ETag
/// read (or, without one, only when the blob does not exist) and otherwise returns null.
/// </summary>
public sealed class InMemoryPublishedIndexStore : IPublishedIndexStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (byte[] Content, string ETag)> _blobs = new(StringComparer.Ordinal);
    private long _etag;

    public Task<IndexRead> ReadAsync(string name, string? ifNoneMatch, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_blobs.TryGetValue(name, out var blob)) return Task.FromResult(new IndexRead(IndexReadStatus.Missing, null, null));
            return Task.FromResult(ifNoneMatch == blob.ETag
                ? new IndexRead(IndexReadStatus.NotModified, null, ifNoneMatch)
                : new IndexRead(IndexReadStatus.Found, [.. blob.Content], blob.ETag));
        }
    }

    public Task<string?> WriteAsync(string name, byte[] content, string? ifMatch, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var exists = _blobs.TryGetValue(name, out var blob);
            if (ifMatch is null ? exists : !exists || blob.ETag != ifMatch) return Task.FromResult<string?>(null); // someone else wrote first
            var etag = $"\"0x{Interlocked.Increment(ref _etag):X8}\"";
            _blobs[name] = ([.. content], etag);
            return Task.FromResult<string?>(etag);
        }
    }
}
