using Kommuntal.Core.Allocation;
using Kommuntal.Core.Documents;
using Kommuntal.Core.Unaccompanied;

namespace Kommuntal.Core.Lifecycle;

/// <summary>Where a county's year stands.</summary>
public enum CountyYearStatus
{
    /// <summary>Nothing computed yet.</summary>
    None,
    /// <summary>One or more drafts (förslag) exist; nothing decided.</summary>
    Proposal,
    /// <summary>The current decision is taken (numbers frozen) but not yet published.</summary>
    Decided,
    /// <summary>The current decision is published: document in Blob Storage, notifications queued.</summary>
    Published,
}

/// <summary>The head of a county-year: one row that every change in the partition updates (its ETag guards concurrency).</summary>
public sealed record CountyYearState(int Year, string CountyCode)
{
    public CountyYearStatus Status { get; init; } = CountyYearStatus.None;
    /// <summary>The quota version and länstal the county-year currently works from.</summary>
    public int QuotaVersion { get; init; }
    public int Lanstal { get; init; }
    public int LatestDraft { get; init; }
    /// <summary>Version of the current (latest, not superseded) decision; 0 when none.</summary>
    public int CurrentDecision { get; init; }
    /// <summary>Set when a quota revision changed this county's länstal after a decision: a new decision is needed.</summary>
    public bool NeedsNewDecision { get; init; }
    /// <summary>The municipalities' wishes and agreements recorded for the year (applied to the next draft).</summary>
    public IReadOnlyList<Deviation> Wishes { get; init; } = [];
    /// <summary>
    /// The consultation's summary (what the municipalities answered), recorded on the consultation
    /// page; the next decision takes it as its <see cref="DecisionTexts.ConsultationSummary"/> unless
    /// the decision request gives its own. Cleared by that decision.
    /// </summary>
    public string? ConsultationSummary { get; init; }
    public long AuditSequence { get; init; }
    public DateTimeOffset? UpdatedAt { get; init; }
}

/// <summary>A computed proposal or what-if: its inputs, parameters and result, immutable once stored.</summary>
public sealed record Draft
{
    public required int Number { get; init; }
    public required int QuotaVersion { get; init; }
    public required int Lanstal { get; init; }
    /// <summary>The board's proposal, or a coordinator's parameter experiment (what-if).</summary>
    public required DraftPurpose Purpose { get; init; }
    public required string IndicatorsSource { get; init; }
    public required IReadOnlyList<Deviation> Deviations { get; init; }
    public required AllocationResult Result { get; init; }
    public required string CreatedBy { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    /// <summary>Set when the draft was sent to the municipalities for consultation (samråd).</summary>
    public Consultation? Consultation { get; init; }
    /// <summary>The county's shares for unaccompanied children before and after its requests; null when none were on record for the year.</summary>
    public CountyShares? Shares { get; init; }
}

/// <summary>A proposal sent for consultation: the published document and the deadline for answers.</summary>
public sealed record Consultation(PublishedDocument Document, DateOnly Deadline, string SentBy);

public enum DecisionStatus { Decided, Published, Superseded }

/// <summary>A municipality's decided number (and, in a revision, the number it replaces).</summary>
public sealed record DecidedNumber(string MunicipalityCode, string Name, int Kommuntal, int? Previous, MunicipalExplanation? Explanation);

/// <summary>A published document: where it is and its fingerprint.</summary>
public sealed record PublishedDocument(DocumentKind Kind, string Path, string Sha256, long Size, DateTimeOffset PublishedAt);

/// <summary>Optional texts a decision-maker adds (background, reasons, appeal paragraph override).</summary>
public sealed record DecisionTexts
{
    public string? Background { get; init; }
    public string? Reasons { get; init; }
    public string? Appeal { get; init; }
    public string? ConsultationSummary { get; init; }
}

/// <summary>A decision of the county board: frozen numbers and who decided them.</summary>
public sealed record Decision
{
    public required int Version { get; init; }
    public required int DraftNumber { get; init; }
    public required DecisionStatus Status { get; init; }
    public required DateOnly DecisionDate { get; init; }
    public required string Diarienummer { get; init; }
    public required string DecidedBy { get; init; }
    public required string PresentedBy { get; init; }
    public required int Lanstal { get; init; }
    public required int QuotaVersion { get; init; }
    public required string ModelVersion { get; init; }
    public int? Supersedes { get; init; }
    public int? SupersededBy { get; init; }
    public DecisionTexts Texts { get; init; } = new();
    public required IReadOnlyList<DecidedNumber> Numbers { get; init; }
    public PublishedDocument? Document { get; init; }
    /// <summary>The county's shares for unaccompanied children as decided (from the draft); null when none were on record.</summary>
    public CountyShares? Shares { get; init; }
    /// <summary>In a revision: the shares of the decision it replaces (shown beside the new ones).</summary>
    public CountyShares? PreviousShares { get; init; }
    public required DateTimeOffset DecidedAt { get; init; }
    public required string RecordedBy { get; init; }
}

/// <summary>Pending → Sending (claimed by one dispatcher until <see cref="OutboxMessage.NextAttemptAt"/>) → Sent → Delivered, or Failed after the last attempt.</summary>
public enum NotificationStatus { Pending, Sending, Sent, Delivered, Failed }

/// <summary>What an outbox message is: a municipality's decision or proposal, or one of the coordinator's messages.</summary>
public enum MessageType { MunicipalDecision, MunicipalProposal, CoordinatorSummary, FailureReport, Reminder, FulfilmentBehind }

/// <summary>
/// A notification waiting to be (or already) sent: written in the same transaction as the
/// publication; its deterministic <see cref="Id"/> is the ACS Operation-Id and the ledger key.
/// </summary>
public sealed record OutboxMessage
{
    public required string Id { get; init; }
    /// <summary>What the message is (stored on the row; rows written before it was are read by the old rule, see docs/storage.md).</summary>
    public required MessageType Type { get; init; }
    public required DocumentKind Kind { get; init; }
    /// <summary>Decision version (for a decision) or draft number (for a proposal).</summary>
    public required int SourceVersion { get; init; }
    /// <summary>Municipality code, or "coordinator" / "migrationsverket" for the other recipients.</summary>
    public required string RecipientKey { get; init; }
    public required string RecipientEmail { get; init; }
    public required string RecipientName { get; init; }
    public NotificationStatus Status { get; init; } = NotificationStatus.Pending;
    public int Attempts { get; init; }
    public DateTimeOffset? NextAttemptAt { get; init; }
    public DateTimeOffset? SentAt { get; init; }
    public string? ProviderStatus { get; init; }
    public string? LastError { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    /// <summary>Which sender handed the message over ("acs", "smtp", "local-outbox"); delivery status is asked of that one only.</summary>
    public string? Sender { get; init; }
    /// <summary>When to ask the provider for the delivery status next; null when there is nothing (more) to ask.</summary>
    public DateTimeOffset? NextStatusCheckAt { get; init; }
    /// <summary>How many times the delivery status was asked for.</summary>
    public int StatusChecks { get; init; }
    /// <summary>When the provider's final delivery status (Delivered, or Failed after sending) was recorded.</summary>
    public DateTimeOffset? DeliveryStatusAt { get; init; }
    /// <summary>For a report to the coordinator about one failed message, and for a re-sent message: the id of the message it is about; null otherwise.</summary>
    public string? RelatesTo { get; init; }
    /// <summary>For a reminder: the decision deadline it reminds of.</summary>
    public DateOnly? Deadline { get; init; }
    /// <summary>For the monthly fulfilment message (issue 19): the statistics' period ("2022-06", or "year" for the whole year).</summary>
    public string? Period { get; init; }
    /// <summary>The stored row's ETag (set by the store when read; used for conditional updates).</summary>
    public string? ETag { get; init; }
}

/// <summary>One line of the audit trail: who did what, when, with the content hash of any document.</summary>
public sealed record AuditEntry(DateTimeOffset At, string Actor, string Action, string Details, string? ContentSha256 = null)
{
    /// <summary>The request or run that made the change (see Kommuntal.Application.Correlation).</summary>
    public string? CorrelationId { get; init; }
}
