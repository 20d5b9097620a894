using Kommuntal.Application.Options;
using Kommuntal.Application.Ports;
using Kommuntal.Application.Services;
using Kommuntal.Core.Documents;
using Kommuntal.Core.Lifecycle;
using Kommuntal.Core.Notifications;
using Kommuntal.Core.Reference;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MsOptions = Microsoft.Extensions.Options.Options;

namespace Kommuntal.Infrastructure.Tests.Notifications;

/// <summary>
/// The notification services wired to in-memory ports (no Azurite: the fast unit tier), with a
/// fake clock and Örebro län's decision v1 published to two municipalities. Test data, not real
/// figures: the numbers and addresses are made up.
/// </summary>
internal sealed class NotificationWorld
{
    public const int Year = 2022;
    public const string County = "18";
    public const string DocumentPath = "2022/18-orebro-lan/beslut-v1.pdf";

    public FakeTimeProvider Clock { get; }
    public InMemoryNotificationStore Store { get; } = new();
    public InMemoryDocuments Documents { get; } = new();
    public RecordingSender Sender { get; } = new();
    public KommuntalOptions Options { get; } = new();
    public ReferenceData Reference => ReferenceData.Bundled;

    public NotificationWorld(string? coordinatorEmail = "samordnare.orebro@lansstyrelsen.example", DateTimeOffset? now = null)
    {
        Clock = new FakeTimeProvider(now ?? new DateTimeOffset(2021, 11, 4, 8, 0, 0, TimeSpan.Zero));
        if (coordinatorEmail is not null) Options.Contacts[County] = new BoardContact { CoordinatorEmail = coordinatorEmail };
    }

    public CoordinatorMessages Coordinator => new(Reference, Store, Store, Clock, MsOptions.Create(Options), NullLogger<CoordinatorMessages>.Instance);

    public NotificationDispatcher Dispatcher => new(Store, Store, new NotificationComposer(Reference, Documents, Sender, MsOptions.Create(Options)),
        Coordinator, Sender, Clock, MsOptions.Create(Options), NullLogger<NotificationDispatcher>.Instance);

    public DeliveryStatusService DeliveryStatus => new(Store, Sender, Coordinator, Clock, MsOptions.Create(Options), NullLogger<DeliveryStatusService>.Instance);

    public NotificationResendService Resend => new(Store, Store, Clock, NullLogger<NotificationResendService>.Instance);

    public ReminderService Reminders(IQuotaStore? quotas = null) => new(quotas ?? new InMemoryQuotaStore(), Store, Store, Coordinator, Reference, Clock,
        MsOptions.Create(Options), NullLogger<ReminderService>.Instance);

    public IReadOnlyList<OutboxMessage> Rows => Store.Rows(Year, County);

    public IReadOnlyList<AuditEntry> Audit => Store.ReadAuditAsync(Year, County, default).Result;

    /// <summary>Örebro län's decision v1 (Örebro 50, Laxå 3), published, with a pending message to each municipality.</summary>
    public NotificationWorld WithPublishedDecision()
    {
        var at = Clock.GetUtcNow();
        var pdf = "%PDF-1.7 test document, not a real decision"u8.ToArray();
        Documents.Blobs[DocumentPath] = pdf;
        var decision = new Decision
        {
            Version = 1,
            DraftNumber = 1,
            Status = DecisionStatus.Published,
            DecisionDate = new DateOnly(2021, 11, 4),
            Diarienummer = "851-1-2021",
            DecidedBy = "Landshövdingen",
            PresentedBy = "Samordnaren",
            Lanstal = 53,
            QuotaVersion = 1,
            ModelVersion = "test",
            Numbers = [new DecidedNumber("1880", "Örebro", 50, null, null), new DecidedNumber("1860", "Laxå", 3, null, null)],
            Document = new PublishedDocument(DocumentKind.Decision, DocumentPath, "abc123", pdf.Length, at),
            DecidedAt = at,
            RecordedBy = "test",
        };
        var state = new CountyYearState(Year, County) { Status = CountyYearStatus.Published, Lanstal = 53, CurrentDecision = 1, QuotaVersion = 1 };
        Store.Seed(new CountyYearSnapshot(state, [], [decision], [ToMunicipality("1880", "Örebro kommun", "kommun@orebro.example"),
            ToMunicipality("1860", "Laxå kommun", "kommun@laxa.example")], "state-etag"));
        return this;
    }

    public OutboxMessage ToMunicipality(string code, string name, string email) => new()
    {
        Id = $"decision-v1-{code}",
        Type = MessageType.MunicipalDecision,
        Kind = DocumentKind.Decision,
        SourceVersion = 1,
        RecipientKey = code,
        RecipientEmail = email,
        RecipientName = name,
        CreatedAt = Clock.GetUtcNow(),
    };
}
