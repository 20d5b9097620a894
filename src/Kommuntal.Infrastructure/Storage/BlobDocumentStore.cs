using Azure;
using Azure.Storage.Blobs.Models;
using Kommuntal.Application.Options;
using Kommuntal.Application.Ports;
using Kommuntal.Core.Text;
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
        await clients.EnsureCreatedAsync();
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
            // Never overwrite a published document: report the one that is there.
            var props = await blob.GetPropertiesAsync(cancellationToken: cancellationToken);
            var existingSha = props.Value.Metadata.TryGetValue(Sha256Metadata, out var s) ? s : "";
            return new StoredBlob(path, existingSha, props.Value.ContentLength, AlreadyExisted: true);
        }
    }

    public async Task<byte[]?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        await clients.EnsureCreatedAsync();
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

    public async Task WritePageAsync(string path, string html, CancellationToken cancellationToken)
    {
        await clients.EnsureCreatedAsync();
        await clients.Published.GetBlobClient(path).UploadAsync(BinaryData.FromString(html), new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = "text/html; charset=utf-8", CacheControl = "no-cache" },
        }, cancellationToken);
    }

    public string PublicUrl(string path)
    {
        var baseUrl = options.Value.PublicBaseUrl;
        return string.IsNullOrWhiteSpace(baseUrl)
            ? clients.Published.GetBlobClient(path).Uri.ToString()
            : baseUrl.TrimEnd('/') + "/" + path;
    }
}
