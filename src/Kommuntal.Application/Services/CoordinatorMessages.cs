using Kommuntal.Core.Documents;
using Kommuntal.Core.Notifications;

namespace Kommuntal.Application.Services;

/// <summary>One publication of a county-year: a decision version or a proposal's draft number.</summary>
public readonly record struct PublicationKey(int Year, string CountyCode, DocumentKind Kind, int Version);

/// <summary>
/// The messages to the board's own coordinator, in one place: the summary of a publication's
/// messages, the report of a message that failed after it was handed over, the reminder to
/// decide and the monthly follow-up message. Each is an outbox row with a deterministic id,
/// inserted create-only (or in the transaction of the change it reports), so each exists and is sent
/// once; the dispatcher sends them like every other row, and <see cref="MessageComposer"/> writes them.
/// </summary>
public sealed class CoordinatorMessages(
    ReferenceData reference,
    ICountyYearStore countyYears,
    IOutboxStore outbox,
    TimeProvider clock,
    IOptions<KommuntalOptions> options,
    ILogger<CoordinatorMessages> logger)
{
    /// <summary><see cref="OutboxMessage.RecipientKey"/> of the messages to the board's own coordinator.</summary>
    public const string RecipientKey = "coordinator";

    /// <summary>Publications whose messages were queued longer ago than this get no (late) summary.</summary>
    public static readonly TimeSpan SummaryLookback = TimeSpan.FromDays(30);
    /// <summary>How long after a publication's messages completed the "no summary sent" note is still checked for.</summary>
    public static readonly TimeSpan SkipNoteWindow = TimeSpan.FromDays(1);

    /// <summary>How the board's coordinator is addressed in the messages to them.</summary>
    public static string Name(County county) => $"Samordnare, {county.BoardName}";

    /// <summary>The deterministic id of a publication's summary to the coordinator.</summary>
    public static string SummaryId(int year, string countyCode, DocumentKind kind, int version) =>
        DeterministicId.For($"{year}-{countyCode}-{KindKey(kind)}-v{version}-coordinator-summary").ToString();

    /// <summary>The deterministic id of the coordinator's report about one failed message.</summary>
    public static string FailureReportId(string failedMessageId) => DeterministicId.For($"coordinator-failure-{failedMessageId}").ToString();

    /// <summary>The deterministic id of a county's reminder to decide by a deadline.</summary>
    public static string ReminderId(int year, string countyCode, DateOnly deadline) =>
        DeterministicId.For($"{year}-{countyCode}-decision-reminder-{SwedishFormat.IsoDate(deadline)}").ToString();

    /// <summary>The deterministic id of a county's follow-up message for a period ("2022-06"; null: the whole year).</summary>
    public static string FulfilmentId(int year, string countyCode, string? period) =>
        DeterministicId.For($"{year}-{countyCode}-fulfilment-{FulfilmentMessageBuilder.Key(period)}").ToString();

    private static string KindKey(DocumentKind kind) => kind == DocumentKind.Proposal ? "forslag" : "beslut";

    /// <summary>The coordinator's configured address for a county, or null.</summary>
    public string? AddressFor(string countyCode) => options.Value.ContactFor(countyCode).CoordinatorAddress;

    private OutboxMessage ToCoordinator(string id, MessageType type, County county, string address, DocumentKind kind, int version) => new()
    {
        Id = id,
        Type = type,
        Kind = kind,
        SourceVersion = version,
        RecipientKey = RecipientKey,
        RecipientEmail = address,
        RecipientName = Name(county),
        CreatedAt = clock.GetUtcNow(),
    };

    /// <summary>
    /// The report about a message that failed after it was handed over (the provider reported it
    /// failed), to be added with the ledger update that marks it failed (one transaction, so the
    /// report exists once); the next dispatch sends it. None about a coordinator's message, and none
    /// without a coordinator address (then <c>NotReported</c> says why).
    /// </summary>
    public (OutboxMessage? Report, string? NotReported) FailureReport(string countyCode, OutboxMessage failedMessage)
    {
        if (failedMessage.Type.IsForCoordinator()) return (null, null); // never report about a report
        if (AddressFor(countyCode) is not { } address)
            return (null, $"felet rapporteras inte per e-post: ingen adress till samordnaren är konfigurerad (Kommuntal:Contacts:{countyCode}:CoordinatorEmail)");
        return (ToCoordinator(FailureReportId(failedMessage.Id), MessageType.FailureReport, reference.County(countyCode), address,
            failedMessage.Kind, failedMessage.SourceVersion) with { RelatesTo = failedMessage.Id }, null);
    }

    /// <summary>A county's reminder to decide by <paramref name="deadline"/>, or null without a coordinator address.</summary>
    public OutboxMessage? Reminder(int year, County county, DateOnly deadline) =>
        AddressFor(county.Code) is { } address
            ? ToCoordinator(ReminderId(year, county.Code, deadline), MessageType.Reminder, county, address, DocumentKind.Decision, 0) with { Deadline = deadline }
            : null;

    /// <summary>
    /// A county's message about its municipalities behind in the follow-up of <paramref name="period"/>
    /// (statistics version <paramref name="version"/>), or null without a coordinator address.
    /// </summary>
    public OutboxMessage? FulfilmentBehind(int year, County county, string? period, int version) =>
        AddressFor(county.Code) is { } address
            ? ToCoordinator(FulfilmentId(year, county.Code, period), MessageType.FulfilmentBehind, county, address, DocumentKind.Decision, version)
                with { Period = FulfilmentMessageBuilder.Key(period) }
            : null;

    /// <summary>
    /// Queues one summary per publication whose messages have all been sent or have failed. The row is
    /// inserted create-only under a deterministic id, so a repeated or concurrent pass adds nothing.
    /// Without a configured coordinator address nothing is queued; the audit trail says so (once: when
    /// the publication's last message completed in this pass, or within <see cref="SkipNoteWindow"/> of it).
    /// </summary>
    public async Task<int> QueueSummariesAsync(IReadOnlySet<PublicationKey> completedNow, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var rows = await outbox.FindCreatedSinceAsync(now - SummaryLookback, cancellationToken);
        var queued = 0;
        foreach (var g in rows.GroupBy(r => new PublicationKey(r.Year, r.CountyCode, r.Message.Kind, r.Message.SourceVersion)))
        {
            var municipal = g.Where(r => r.Message.Type.IsMunicipal()).ToList();
            if (municipal.Count == 0 || municipal.Any(r => r.Message.Status is NotificationStatus.Pending or NotificationStatus.Sending)) continue;
            if (g.Any(r => r.Message.Type == MessageType.CoordinatorSummary)) continue;
            var key = g.Key;
            var county = reference.County(key.CountyCode);
            if (AddressFor(key.CountyCode) is not { } address)
            {
                // Noted once (a marker in the same transaction): in the pass that completed the publication,
                // and for a day after, in case that pass stopped before writing the note.
                if (completedNow.Contains(key) || municipal.Max(r => r.Message.SentAt ?? r.Message.CreatedAt) > now - SkipNoteWindow)
                    await countyYears.AppendAuditOnceAsync(key.Year, key.CountyCode, $"summary-skipped-{key.Year}-{key.CountyCode}-{KindKey(key.Kind)}-v{key.Version}",
                        new AuditEntry(now, "dispatcher", "notification.summary-skipped",
                        $"Ingen sammanställning av utskicket (version {key.Version}) skickad: ingen adress till samordnaren är konfigurerad (Kommuntal:Contacts:{key.CountyCode}:CoordinatorEmail)."), cancellationToken);
                continue;
            }
            var message = ToCoordinator(SummaryId(key.Year, key.CountyCode, key.Kind, key.Version), MessageType.CoordinatorSummary, county, address, key.Kind, key.Version);
            if (await outbox.TryAddAsync(key.Year, key.CountyCode, message, null, cancellationToken))
            {
                queued++;
                logger.LogInformation("Queued the coordinator's summary {Id} for {County} {Year} v{Version}", message.Id, county.Name, key.Year, key.Version);
            }
        }
        return queued;
    }
}
