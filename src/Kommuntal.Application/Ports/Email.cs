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
    IReadOnlyList<EmailAttachment> Attachments)
{
    /// <summary>Where replies go (the board's contact), when the sender address does not take replies.</summary>
    public EmailAddress? ReplyTo { get; init; }

    /// <summary>The correlation id of the run that sends it (header X-Kommuntal-Correlation-Id), to follow a message back to the logs.</summary>
    public string? CorrelationId { get; init; }
}

/// <summary>What a sender knows after handing a message over.</summary>
/// <param name="ProviderStatus">The provider's own status ("Written", "Accepted", "Running", "Succeeded"...).</param>
/// <param name="Final">True when the provider will report nothing further (no status polling needed).</param>
public sealed record SendOutcome(string ProviderStatus, bool Final)
{
    /// <summary>How long the provider asks us to wait before asking for the status (its Retry-After).</summary>
    public TimeSpan? RetryAfter { get; init; }
}

/// <summary>Sends e-mail: ACS REST (production), SMTP, or a local outbox of .eml files.</summary>
public interface IEmailSender
{
    /// <summary>"acs", "smtp" or "local-outbox": recorded on the ledger row.</summary>
    string Name { get; }
    /// <summary>
    /// Hands the message over. Sending the same <see cref="OutgoingEmail.OperationId"/> again must not
    /// deliver a second message where the provider can prevent it (ACS: Operation-Id; outbox: file name).
    /// Throws <see cref="EmailSendException"/> when the message was not accepted.
    /// </summary>
    Task<SendOutcome> SendAsync(OutgoingEmail email, CancellationToken cancellationToken);
}

/// <summary>Where a sent message stands at the provider.</summary>
public enum DeliveryState { InProgress, Delivered, Failed }

/// <param name="ProviderStatus">The provider's word (ACS: NotStarted, Running, Succeeded, Failed, Canceled).</param>
/// <param name="RetryAfter">When the provider asks to be asked again (its Retry-After).</param>
public sealed record DeliveryStatus(DeliveryState State, string ProviderStatus, string? Error, TimeSpan? RetryAfter);

/// <summary>A sender whose provider can say what became of a message after it was handed over (ACS).</summary>
public interface IDeliveryStatusSource
{
    Task<DeliveryStatus> GetStatusAsync(string operationId, CancellationToken cancellationToken);
}

/// <summary>The provider could not say how a message stands right now (unreachable, or it rate-limits status reads).</summary>
public sealed class DeliveryStatusUnavailableException(string message, bool rateLimited, TimeSpan? retryAfter, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The provider asked us to slow down: stop asking for this run.</summary>
    public bool RateLimited { get; } = rateLimited;
    public TimeSpan? RetryAfter { get; } = retryAfter;
}

/// <summary>A message was not accepted. <see cref="Permanent"/>: sending it again will not help (bad address, rejected content).</summary>
public sealed class EmailSendException(string message, bool permanent, Exception? inner = null) : Exception(message, inner)
{
    public bool Permanent { get; } = permanent;
}

/// <summary>An outbox row and the county-year whose partition holds it.</summary>
public sealed record OutboxEntry(int Year, string CountyCode, OutboxMessage Message);

/// <summary>
/// The notification outbox and sent-ledger: the rows in the county-year partitions (the
/// publication's own rows are written by <see cref="ICountyYearStore.CommitAsync"/>, in its
/// transaction). Every update is conditional on the row's ETag, so two dispatchers never both
/// claim or record one message (<see cref="ConcurrencyConflictException"/>), and a row and the audit
/// line that records it are one transaction (all or nothing).
/// </summary>
public interface IOutboxStore
{
    /// <summary>
    /// Updates one row under its ETag (unconditionally when it has none); with <paramref name="audit"/>
    /// the audit line that records the change, and with <paramref name="added"/> a new row of the same
    /// county-year (inserted create-only), in the same transaction.
    /// </summary>
    Task<OutboxMessage> UpdateAsync(int year, string countyCode, OutboxMessage message, AuditEntry? audit, OutboxMessage? added, CancellationToken cancellationToken);

    /// <summary>
    /// <see cref="UpdateAsync"/>, and in the same transaction the update of <paramref name="next"/>, another
    /// row of the same county-year under its own ETag (the dispatcher records one message and claims the
    /// next in one round trip). If <paramref name="next"/> was changed by someone else, the message is
    /// updated alone and <c>Next</c> is null; if the message itself was, <see cref="ConcurrencyConflictException"/>.
    /// </summary>
    Task<(OutboxMessage Updated, OutboxMessage? Next)> UpdateAndClaimAsync(int year, string countyCode, OutboxMessage message, AuditEntry? audit,
        OutboxMessage next, CancellationToken cancellationToken);

    /// <summary>
    /// Inserts a new row, with <paramref name="audit"/> in the same transaction; false (and nothing
    /// changed) when a row with its id exists.
    /// </summary>
    Task<bool> TryAddAsync(int year, string countyCode, OutboxMessage message, AuditEntry? audit, CancellationToken cancellationToken);

    /// <summary>Rows waiting to be sent or claimed by a dispatcher (Pending, Sending), across all county-years.</summary>
    Task<IReadOnlyList<OutboxEntry>> FindPendingAsync(CancellationToken cancellationToken);

    /// <summary>Sent messages whose delivery status is due to be asked for (<see cref="OutboxMessage.NextStatusCheckAt"/> ≤ <paramref name="dueBy"/>), the most overdue first.</summary>
    Task<IReadOnlyList<OutboxEntry>> FindAwaitingStatusAsync(DateTimeOffset dueBy, int max, CancellationToken cancellationToken);

    /// <summary>Rows created since <paramref name="since"/>, across all county-years.</summary>
    Task<IReadOnlyList<OutboxEntry>> FindCreatedSinceAsync(DateTimeOffset since, CancellationToken cancellationToken);
}

/// <summary>Where an imported recipient list came from.</summary>
public sealed record RecipientSource(string FileName, string ImportedBy, DateTimeOffset ImportedAt);

/// <summary>An immutable stored version of one county's recipient list.</summary>
public sealed record RecipientListVersion(string CountyCode, int Version, IReadOnlyList<RecipientAddress> Recipients, string Sha256, RecipientSource Source);

/// <summary>Imported recipient lists, versioned per county (Table Storage).</summary>
public interface IRecipientStore
{
    /// <summary>Stores a county's list as a new version unless it equals the current one (then returns that, Created = false).</summary>
    Task<(RecipientListVersion Version, bool Created)> SaveAsync(string countyCode, IReadOnlyList<RecipientAddress> recipients, RecipientSource source, CancellationToken cancellationToken);
    Task<RecipientListVersion?> GetCurrentAsync(string countyCode, CancellationToken cancellationToken);
    /// <summary>The current list of every county that has imported one, by county code.</summary>
    Task<IReadOnlyDictionary<string, RecipientListVersion>> GetAllCurrentAsync(CancellationToken cancellationToken);
}
