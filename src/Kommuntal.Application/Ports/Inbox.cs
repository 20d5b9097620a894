namespace Kommuntal.Application.Ports;

/// <summary>A file waiting in the inbox: its path in the container, size and version tag.</summary>
public sealed record InboxItem(string Path, long Size, string ETag);

/// <summary>
/// The blob inbox the coordinators (or other systems) drop files into. A file is claimed before it
/// is read (a blob lease), so two runs never import it at the same time, and completed by moving
/// it to processed/ or rejected/ with a JSON sidecar.
/// </summary>
public interface IInbox
{
    /// <summary>Files waiting (everything outside processed/ and rejected/).</summary>
    Task<IReadOnlyList<InboxItem>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Claims a file for this run; null when another run holds it, or it changed or is gone since it was listed.</summary>
    Task<IInboxClaim?> TryClaimAsync(InboxItem item, TimeSpan lease, CancellationToken cancellationToken);
}

/// <summary>A claimed inbox file. Disposing without completing releases the claim (the file stays for the next run).</summary>
public interface IInboxClaim : IAsyncDisposable
{
    InboxItem Item { get; }
    Task<byte[]> ReadAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Moves the file to processed/ (accepted) or rejected/ under its path, writes the sidecar
    /// (path + ".result.json" or ".errors.json") and removes it from the inbox. Never overwrites a
    /// different earlier file of the same name (that one keeps its name; this one gets a suffix).
    /// Returns the new path.
    /// </summary>
    Task<string> CompleteAsync(bool accepted, string sidecarJson, CancellationToken cancellationToken);
}
