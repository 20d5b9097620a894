using Kommuntal.Core.Documents;

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
    /// existing blob's fingerprint is returned with <see cref="StoredBlob.AlreadyExisted"/> set.
    /// </summary>
    Task<StoredBlob> PublishAsync(string path, byte[] content, string contentType, string downloadFileName, CancellationToken cancellationToken);
    Task<byte[]?> ReadAsync(string path, CancellationToken cancellationToken);
    /// <summary>Writes (or replaces) a generated page such as the public index.</summary>
    Task WritePageAsync(string path, string html, CancellationToken cancellationToken);
    /// <summary>The public URL of a path (for links in e-mails and pages).</summary>
    string PublicUrl(string path);
}
