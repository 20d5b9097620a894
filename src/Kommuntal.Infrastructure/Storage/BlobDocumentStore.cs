using System.Security.Cryptography;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Kommuntal.Application.Options;
using Microsoft.Extensions.Options;

namespace Kommuntal.Infrastructure.Storage;

/// <summary>
/// Published documents in the "published" container. Documents are uploaded create-only
/// (If-None-Match: *), with Content-Type, a readable Content-Disposition, immutable cache headers
/// and their SHA-256 in the blob's metadata; the public page is the one blob that is replaced.
/// </summary>
public sealed class BlobDocumentStore(StorageClients clients, IOptions<KommuntalOptions> options) : IDocumentStore
{
    public const string Sha256Metadata = "sha256";

    public async Task<StoredBlob> PublishAsync(string path, byte[] content, string contentType, string downloadFileName, CancellationToken cancellationToken)
    {
        var blob = clients.Published.GetBlobClient(path);
        var sha = DeterministicId.Sha256Hex(content);
        try
        {
            await blob.UploadAsync(new BinaryData(content), new BlobUploadOptions
            {
                Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                HttpHeaders = new BlobHttpHeaders
                {
                    ContentType = contentType,
                    ContentDisposition = $"inline; filename=\"{downloadFileName}\"",
                    CacheControl = "public, max-age=31536000, immutable",
                },
                Metadata = new Dictionary<string, string> { [Sha256Metadata] = sha },
            }, cancellationToken);
            return new StoredBlob(path, sha, content.Length, AlreadyExisted: false);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            // Never overwrite a published document, and never trust what its metadata says: compare
            // the bytes. Rendering is deterministic (Pdf/PdfDeterminism), so an earlier attempt at the
            // same publication left exactly these bytes; anything else is not adopted.
            var (storedSha, storedSize, metadataSha) = await HashStoredAsync(blob, content.Length, cancellationToken);
            if (storedSha == sha) return new StoredBlob(path, sha, content.Length, AlreadyExisted: true);
            throw new PublishedDocumentConflictException(path, sha, content.Length, storedSha, storedSize, metadataSha);
        }
    }

    /// <summary>
    /// The SHA-256 of a stored blob's bytes, hashed while streaming (one read). A blob whose size
    /// differs from <paramref name="expectedSize"/> cannot be the same document and is not read
    /// (hash null), so a huge planted blob costs neither memory nor transfer.
    /// </summary>
    private static async Task<(string? Sha256, long Size, string? MetadataSha256)> HashStoredAsync(BlobClient blob, long expectedSize,
        CancellationToken cancellationToken)
    {
        var download = await blob.DownloadStreamingAsync(cancellationToken: cancellationToken);
        await using var stream = download.Value.Content;
        var details = download.Value.Details;
        var metadata = details.Metadata.TryGetValue(Sha256Metadata, out var m) ? m : null;
        if (details.ContentLength != expectedSize) return (null, details.ContentLength, metadata);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0) hash.AppendData(buffer, 0, read);
        return (Convert.ToHexStringLower(hash.GetHashAndReset()), details.ContentLength, metadata);
    }

    public async Task<byte[]?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            var result = await clients.Published.GetBlobClient(path).DownloadContentAsync(cancellationToken);
            return result.Value.Content.ToArray();
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    public string PublicUrl(string path)
    {
        var baseUrl = options.Value.PublicBaseUrl;
        return string.IsNullOrWhiteSpace(baseUrl)
            ? clients.Published.GetBlobClient(path).Uri.ToString()
            : baseUrl.TrimEnd('/') + "/" + path;
    }
}
