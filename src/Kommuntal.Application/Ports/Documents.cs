using Kommuntal.Core.Documents;
using Kommuntal.Core.Validation;

namespace Kommuntal.Application.Ports;

/// <summary>Lays out a decision document as PDF.</summary>
public interface IDocumentRenderer
{
    byte[] RenderPdf(DecisionDocument document);
}

/// <summary>A stored blob's fingerprint.</summary>
public sealed record StoredBlob(string Path, string Sha256, long Size, bool AlreadyExisted);

/// <summary>Published documents and the public page in Blob Storage.</summary>
public interface IDocumentStore
{
    /// <summary>
    /// Uploads with create-only semantics. If the path exists already, nothing is overwritten: the
    /// stored bytes are read and hashed; when they are the same as <paramref name="content"/> (an
    /// earlier, interrupted attempt at the same publication) that blob is returned with
    /// <see cref="StoredBlob.AlreadyExisted"/> set, otherwise
    /// <see cref="PublishedDocumentConflictException"/> (the blob's metadata is never trusted).
    /// </summary>
    Task<StoredBlob> PublishAsync(string path, byte[] content, string contentType, string downloadFileName, CancellationToken cancellationToken);
    Task<byte[]?> ReadAsync(string path, CancellationToken cancellationToken);
    /// <summary>The public URL of a path (for links in e-mails and pages).</summary>
    string PublicUrl(string path);
}

/// <summary>What a conditional read of an index blob found.</summary>
public enum IndexReadStatus { Found, NotModified, Missing }

/// <summary>An index blob read: its bytes and ETag (Found), only the ETag (NotModified), or nothing (Missing).</summary>
public sealed record IndexRead(IndexReadStatus Status, byte[]? Content, string? ETag);

/// <summary>
/// The published index blobs (<c>index/root.json</c>, <c>index/{year}.json</c> in the published
/// container), read and written conditionally so concurrent writers never lose each other's parts.
/// </summary>
public interface IPublishedIndexStore
{
    /// <summary>One request; with <paramref name="ifNoneMatch"/> an unchanged blob answers NotModified without its bytes.</summary>
    Task<IndexRead> ReadAsync(string name, string? ifNoneMatch, CancellationToken cancellationToken);
    /// <summary>
    /// Writes only if the blob still has ETag <paramref name="ifMatch"/> (null: only if it does not
    /// exist yet). Returns the new ETag, or null when someone else wrote first (read again and merge).
    /// </summary>
    Task<string?> WriteAsync(string name, byte[] content, string? ifMatch, CancellationToken cancellationToken);
}

/// <summary>
/// A publication found a different document already at its path (planted, altered, or rendered
/// from other content by an earlier attempt): it is never adopted. A conflict with what is stored
/// (exit 3, HTTP 409, problem type <c>document-conflict</c>). Carries both fingerprints; the stored
/// blob's hash is null when its size already differs (it is then not read).
/// </summary>
public sealed class PublishedDocumentConflictException(string path, string renderedSha256, long renderedSize, string? storedSha256, long storedSize,
    string? storedMetadataSha256)
    : KommuntalException("document-conflict",
        $"Det finns redan ett annat dokument på '{path}' ({storedSize} byte, SHA-256 {storedSha256 ?? "ej beräknad"}; publiceringen gav {renderedSize} byte, " +
        $"SHA-256 {renderedSha256}). Det har inte tagits över och inget har publicerats; se docs/operations.md, \"A different document at a publication's path\".",
        $"A different document is already stored at '{path}' ({storedSize} bytes, SHA-256 {storedSha256 ?? "not computed"}, its metadata says " +
        $"{storedMetadataSha256 ?? "nothing"}; this publication rendered {renderedSize} bytes, SHA-256 {renderedSha256}). " +
        "It was not adopted and nothing was published; see docs/operations.md, \"A different document at a publication's path\".")
{
    public override FailureKind Kind => FailureKind.Conflict;
    public string Path { get; } = path;
    public string RenderedSha256 { get; } = renderedSha256;
    public long RenderedSize { get; } = renderedSize;
    public string? StoredSha256 { get; } = storedSha256;
    public long StoredSize { get; } = storedSize;
    public string? StoredMetadataSha256 { get; } = storedMetadataSha256;
}
