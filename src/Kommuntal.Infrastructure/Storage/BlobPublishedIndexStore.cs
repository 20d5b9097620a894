using Azure.Storage.Blobs.Models;

namespace Kommuntal.Infrastructure.Storage;

/// <summary>
/// The published index as JSON blobs in the "published" container (<c>index/root.json</c>,
/// <c>index/{year}.json</c>): conditional reads (If-None-Match: an unchanged blob costs one request
/// without a body) and conditional writes (If-Match on the ETag read, or create-only), so two
/// writers merge instead of overwriting each other. See docs/storage.md, "The published index".
/// </summary>
public sealed class BlobPublishedIndexStore(StorageClients clients) : IPublishedIndexStore
{
    public async Task<IndexRead> ReadAsync(string name, string? ifNoneMatch, CancellationToken cancellationToken)
    {
        try
        {
            var result = await clients.Published.GetBlobClient(name).DownloadContentAsync(new BlobDownloadOptions
            {
                Conditions = ifNoneMatch is null ? null : new BlobRequestConditions { IfNoneMatch = new ETag(ifNoneMatch) },
            }, cancellationToken);
            // An unchanged blob answers 304 without a body (the SDK returns a response without a value).
            if (!result.HasValue || result.GetRawResponse().Status == 304) return new IndexRead(IndexReadStatus.NotModified, null, ifNoneMatch);
            return new IndexRead(IndexReadStatus.Found, result.Value.Content.ToArray(), result.Value.Details.ETag.ToString());
        }
        catch (RequestFailedException ex) when (ex.Status == 304)
        {
            return new IndexRead(IndexReadStatus.NotModified, null, ifNoneMatch);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return new IndexRead(IndexReadStatus.Missing, null, null);
        }
    }

    public async Task<string?> WriteAsync(string name, byte[] content, string? ifMatch, CancellationToken cancellationToken)
    {
        try
        {
            var result = await clients.Published.GetBlobClient(name).UploadAsync(new BinaryData(content), new BlobUploadOptions
            {
                Conditions = ifMatch is null ? new BlobRequestConditions { IfNoneMatch = ETag.All } : new BlobRequestConditions { IfMatch = new ETag(ifMatch) },
                HttpHeaders = new BlobHttpHeaders { ContentType = "application/json; charset=utf-8", CacheControl = "no-cache" },
            }, cancellationToken);
            return result.Value.ETag.ToString();
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return null; // someone else wrote first
        }
    }
}
