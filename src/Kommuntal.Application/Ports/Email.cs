namespace Kommuntal.Application.Ports;

public sealed record EmailAddress(string Address, string DisplayName);

public sealed record EmailAttachment(string FileName, string ContentType, byte[] Content);

/// <summary>A message ready to send. <see cref="OperationId"/> is deterministic per (source, version, recipient).</summary>
public sealed record OutgoingEmail(
    string OperationId,
    EmailAddress From,
    IReadOnlyList<EmailAddress> To,
    string Subject,
    string PlainText,
    string Html,
    IReadOnlyList<EmailAttachment> Attachments);

/// <summary>What a sender knows after handing a message over.</summary>
/// <param name="ProviderStatus">The provider's own status ("Written", "Queued", "Running", "Succeeded"...).</param>
/// <param name="Final">True when the provider will report nothing further (no status polling needed).</param>
public sealed record SendOutcome(string ProviderStatus, bool Final);

/// <summary>Sends e-mail: ACS REST (production), SMTP, or a local outbox of .eml files.</summary>
public interface IEmailSender
{
    string Name { get; }
    Task<SendOutcome> SendAsync(OutgoingEmail email, CancellationToken cancellationToken);
}
