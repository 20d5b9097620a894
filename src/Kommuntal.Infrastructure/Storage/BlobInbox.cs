using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Kommuntal.Core.Ingestion;

namespace Kommuntal.Infrastructure.Storage;

/// <summary>
/// The inbox container (see docs/storage.md). A file is claimed with a finite blob lease taken on
/// the ETag it was listed with (a second run gets 409 and skips it; a file replaced since it was
/// listed gets 412 and waits for the next run), read under the lease, copied create-only to
/// processed/ or rejected/ with the same path, given a JSON sidecar, and deleted under the lease.
/// A run that dies midway leaves the file in the inbox; the lease expires and the next run imports
/// it again, which the content-hash idempotency of every store turns into "already stored".
/// </summary>
public sealed class BlobInbox(StorageClients clients) : IInbox
{
    public const string Sha256Metadata = "sha256";
    public const string SourcePathMetadata = "sourcepath";
    public const string SourceETagMetadata = "sourceetag";

    public async Task<IReadOnlyList<InboxItem>> ListAsync(CancellationToken cancellationToken)
    {
        var items = new List<InboxItem>();
        await foreach (var blob in clients.Inbox.GetBlobsAsync(cancellationToken: cancellationToken))
            if (!InboxPaths.IsDone(blob.Name))
                items.Add(new InboxItem(blob.Name, blob.Properties.ContentLength ?? 0, blob.Properties.ETag?.ToString() ?? ""));
        return items;
    }

    public async Task<IInboxClaim?> TryClaimAsync(InboxItem item, TimeSpan lease, CancellationToken cancellationToken)
    {
        var blob = clients.Inbox.GetBlobClient(item.Path);
        var leases = blob.GetBlobLeaseClient();
        try
        {
            await leases.AcquireAsync(lease, new RequestConditions { IfMatch = new ETag(item.ETag) }, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 409 or 412)
        {
            return null; // gone (another run finished it), leased by another run, or replaced since listed
        }
        return new Claim(clients.Inbox, blob, leases, item);
    }

    private sealed class Claim(BlobContainerClient container, BlobClient blob, BlobLeaseClient leases, InboxItem item) : IInboxClaim
    {
        private byte[]? _content;
        private bool _done;

        public InboxItem Item => item;
        private BlobRequestConditions UnderLease => new() { LeaseId = leases.LeaseId };

        public async Task<byte[]> ReadAsync(CancellationToken cancellationToken)
        {
            var download = await blob.DownloadContentAsync(new BlobDownloadOptions { Conditions = UnderLease }, cancellationToken);
            return _content = download.Value.Content.ToArray();
        }

        public async Task<string> CompleteAsync(bool accepted, string sidecarJson, CancellationToken cancellationToken)
        {
            var prefix = accepted ? InboxPaths.Processed : InboxPaths.Rejected;
            var sha = _content is null ? null : DeterministicId.Sha256Hex(_content);
            var destination = prefix + item.Path;
            if (!await CopyCreateOnlyAsync(destination, sha, cancellationToken))
            {
                // An earlier, different file of the same name keeps its name; this one gets a suffix.
                destination = WithSuffix(destination, sha?[..12] ?? new string(item.ETag.Where(char.IsAsciiLetterOrDigit).TakeLast(12).ToArray()));
                await CopyCreateOnlyAsync(destination, sha, cancellationToken);
            }
            var sidecar = container.GetBlobClient(destination + (accepted ? InboxPaths.ResultSuffix : InboxPaths.ErrorsSuffix));
            await sidecar.UploadAsync(BinaryData.FromString(sidecarJson), new BlobUploadOptions
            {
                HttpHeaders = new BlobHttpHeaders { ContentType = "application/json; charset=utf-8" },
            }, cancellationToken);
            try
            {
                await blob.DeleteAsync(DeleteSnapshotsOption.IncludeSnapshots, UnderLease, cancellationToken);
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                // already gone
            }
            _done = true;
            return destination;
        }

        /// <summary>
        /// Copies the file to <paramref name="path"/> unless a blob is there. True when the copy is
        /// there now (new, or left by an earlier attempt for this same file), false when another file holds the name.
        /// </summary>
        private async Task<bool> CopyCreateOnlyAsync(string path, string? sha, CancellationToken cancellationToken)
        {
            var target = container.GetBlobClient(path);
            var metadata = new Dictionary<string, string> { [SourcePathMetadata] = Uri.EscapeDataString(item.Path), [SourceETagMetadata] = item.ETag.Trim('"') };
            if (sha is not null) metadata[Sha256Metadata] = sha;
            var upload = new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All }, Metadata = metadata };
            try
            {
                if (_content is not null)
                    await target.UploadAsync(new BinaryData(_content), upload, cancellationToken);
                else
                {
                    // Not read (over the size limit): stream it across without holding it in memory.
                    await using var source = await blob.OpenReadAsync(new BlobOpenReadOptions(allowModifications: false) { Conditions = UnderLease }, cancellationToken);
                    await target.UploadAsync(source, upload, cancellationToken);
                }
                return true;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                var existing = (await target.GetPropertiesAsync(cancellationToken: cancellationToken)).Value.Metadata;
                return (sha is not null && existing.TryGetValue(Sha256Metadata, out var s) && s == sha)
                    || (existing.TryGetValue(SourceETagMetadata, out var e) && e == item.ETag.Trim('"'));
            }
        }

        private static string WithSuffix(string path, string suffix)
        {
            var slash = path.LastIndexOf('/');
            var dot = path.LastIndexOf('.');
            return dot > slash + 1 ? $"{path[..dot]}.{suffix}{path[dot..]}" : $"{path}.{suffix}";
        }

        public async ValueTask DisposeAsync()
        {
            if (_done) return;
            try
            {
                await leases.ReleaseAsync();
            }
            catch (RequestFailedException)
            {
                // expired or gone: nothing to release
            }
        }
    }
}
