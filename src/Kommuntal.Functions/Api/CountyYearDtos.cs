using Kommuntal.Core.Allocation;
using Kommuntal.Core.Documents;
using Kommuntal.Core.Lifecycle;
using Kommuntal.Core.Unaccompanied;

namespace Kommuntal.Functions.Api;

// The JSON shapes of the coordinator API (see /api/openapi.json, components/schemas): one record per
// shape, property order as the JSON's. Each maps from the domain in its From.

/// <summary>Where a county's year stands (openapi: CountyYearState).</summary>
public sealed record CountyYearStateDto(int Year, string County, string CountyName, CountyYearStatus Status, int Lanstal, int QuotaVersion, int LatestDraft,
    int CurrentDecision, bool NeedsNewDecision, DateTimeOffset? UpdatedAt)
{
    public static CountyYearStateDto From(CountyYearState s, string countyName) => new(s.Year, s.CountyCode, countyName, s.Status, s.Lanstal,
        s.QuotaVersion, s.LatestDraft, s.CurrentDecision, s.NeedsNewDecision, s.UpdatedAt);

    public static IReadOnlyList<CountyYearStateDto> From(IReadOnlyList<CountyYearListing> listing) => [.. listing.Select(l => From(l.State, l.County.Name))];
}

/// <summary>GET .../countyyears/{year}/{county}: the state, the wishes, every draft, decision and message.</summary>
public sealed record CountyYearDto(CountyYearStateDto State, IReadOnlyList<Deviation> Wishes, IReadOnlyList<DraftSummaryDto> Drafts,
    IReadOnlyList<DecisionDto> Decisions, IReadOnlyList<NotificationDto> Notifications)
{
    public static CountyYearDto From(County county, CountyYearSnapshot s) => new(CountyYearStateDto.From(s.State, county.Name), s.State.Wishes,
        [.. s.Drafts.Select(DraftSummaryDto.From)], [.. s.Decisions.Select(DecisionDto.From)], [.. s.Outbox.Select(NotificationDto.From)]);
}

/// <summary>An outbox message as the coordinator sees it.</summary>
public sealed record NotificationDto(string Id, DocumentKind Kind, int Version, string Recipient, string Email, NotificationStatus Status, int Attempts,
    DateTimeOffset? SentAt, string? ProviderStatus, string? LastError)
{
    public static NotificationDto From(OutboxMessage o) =>
        new(o.Id, o.Kind, o.SourceVersion, o.RecipientKey, o.RecipientEmail, o.Status, o.Attempts, o.SentAt, o.ProviderStatus, o.LastError);
}

/// <summary>A draft without its full result (openapi: DraftSummary).</summary>
public sealed record DraftSummaryDto(int Number, string Purpose, int Lanstal, int QuotaVersion, string ModelVersion, ApportionmentMethod Method, int Deviations,
    string CreatedBy, DateTimeOffset CreatedAt, ConsultationDto? Consultation, IReadOnlyList<MunicipalNumberDto> Numbers)
{
    public static DraftSummaryDto From(Draft d) => new(d.Number, d.Purpose.Text(), d.Lanstal, d.QuotaVersion, d.Result.Parameters.Version, d.Result.Parameters.Method,
        d.Deviations.Count, d.CreatedBy, d.CreatedAt, d.Consultation is { } c ? new ConsultationDto(c.Document.Path, c.Document.Sha256, c.Deadline, c.SentBy) : null,
        [.. d.Result.Municipalities.Select(m => new MunicipalNumberDto(m.Code, m.Name, m.Kommuntal))]);
}

/// <summary>A draft sent for consultation: its document and the deadline.</summary>
public sealed record ConsultationDto(string Document, string Sha256, DateOnly Deadline, string SentBy);

/// <summary>A municipality's number in a draft.</summary>
public sealed record MunicipalNumberDto(string Code, string Name, int Kommuntal);

/// <summary>GET .../drafts/{number}: the summary, the inputs, the engine's full result with its explanations, and the andelstal it carries.</summary>
public sealed record DraftDto(DraftSummaryDto Summary, string IndicatorsSource, IReadOnlyList<Deviation> DeviationList, AllocationResult Result, SharesDto? Andelstal)
{
    public static DraftDto From(Draft d) => new(DraftSummaryDto.From(d), d.IndicatorsSource, d.Deviations, d.Result, SharesDto.From(d.Shares));
}

/// <summary>
/// The county's shares for unaccompanied children (andelstal) that a draft or decision carries
/// (openapi: Andelstal): each municipality's share before and after the transfers, and the requests
/// no transfer took up. Null when no shares were on record.
/// </summary>
public sealed record SharesDto(string Source, PerMille TotalBefore, PerMille TotalAfter, IReadOnlyList<SharesDto.Row> Municipalities, IReadOnlyList<SharesDto.NotAppliedRequest> NotApplied)
{
    public sealed record Row(string Code, string Name, PerMille Before, PerMille After, IReadOnlyList<string> Reasons);
    public sealed record NotAppliedRequest(string Municipality, string Request, string Reason);

    public static SharesDto? From(CountyShares? s) => s is null ? null : new(s.Source, s.TotalBefore, s.TotalAfter,
        [.. s.Rows.Select(r => new Row(r.MunicipalityCode, r.Name, r.Before, r.After, r.Reasons))],
        [.. s.NotApplied.Select(r => new NotAppliedRequest(r.MunicipalityCode, ShareRequest.KindName(r.Kind), r.Reason))]);
}

/// <summary>A decision (openapi: Decision).</summary>
public sealed record DecisionDto(int Version, DecisionStatus Status, int Draft, DateOnly DecisionDate, string Diarienummer, string DecidedBy, string PresentedBy,
    int Lanstal, int QuotaVersion, string ModelVersion, int? Supersedes, int? SupersededBy, DecisionTexts Texts, DocumentDto? Document,
    IReadOnlyList<DecidedNumberDto> Numbers, DateTimeOffset DecidedAt, string RecordedBy, SharesDto? Andelstal)
{
    public static DecisionDto From(Decision d) => new(d.Version, d.Status, d.DraftNumber, d.DecisionDate, d.Diarienummer, d.DecidedBy, d.PresentedBy,
        d.Lanstal, d.QuotaVersion, d.ModelVersion, d.Supersedes, d.SupersededBy, d.Texts,
        d.Document is { } doc ? new DocumentDto(doc.Path, doc.Sha256, doc.Size, doc.PublishedAt) : null,
        [.. d.Numbers.Select(n => new DecidedNumberDto(n.MunicipalityCode, n.Name, n.Kommuntal, n.Previous))], d.DecidedAt, d.RecordedBy, SharesDto.From(d.Shares));
}

/// <summary>A published document: where it is and its fingerprint.</summary>
public sealed record DocumentDto(string Path, string Sha256, long Size, DateTimeOffset PublishedAt);

/// <summary>A municipality's decided number and, in a revision, the number it replaces (openapi: Number).</summary>
public sealed record DecidedNumberDto(string Code, string Name, int Kommuntal, int? Previous);

/// <summary>A municipality by code and name (one without an e-mail address on file).</summary>
public sealed record MunicipalityDto(string Code, string Name)
{
    public static IReadOnlyList<MunicipalityDto> From(IEnumerable<Municipality> municipalities) => [.. municipalities.Select(m => new MunicipalityDto(m.Code, m.Name))];
}

/// <summary>POST .../consultation: the draft sent, how many messages were queued, who has no address.</summary>
public sealed record ConsultationOutcomeDto(DraftSummaryDto Draft, int Queued, IReadOnlyList<MunicipalityDto> WithoutAddress)
{
    public static ConsultationOutcomeDto From(ProposalOutcome o) => new(DraftSummaryDto.From(o.Draft), o.Queued.Count, MunicipalityDto.From(o.WithoutAddress));
}

/// <summary>POST .../publication: the decision published, how many messages were queued, who has no address.</summary>
public sealed record PublicationOutcomeDto(DecisionDto Decision, int Queued, IReadOnlyList<MunicipalityDto> WithoutAddress)
{
    public static PublicationOutcomeDto From(PublicationOutcome o) => new(DecisionDto.From(o.Decision), o.Queued.Count, MunicipalityDto.From(o.WithoutAddress));
}

/// <summary>PUT .../wishes: the wishes now recorded.</summary>
public sealed record WishesDto(IReadOnlyList<Deviation> Wishes);

/// <summary>One line of the audit trail, with its time in Swedish time as well (openapi: AuditEntry).</summary>
public sealed record AuditEntryDto(DateTimeOffset At, string AtSwedishTime, string Actor, string Action, string Details, string? ContentSha256)
{
    public static IReadOnlyList<AuditEntryDto> From(IReadOnlyList<AuditEntry> entries) => [.. entries.Select(e => new AuditEntryDto(e.At,
        Core.Text.SwedishFormat.SwedishTime(e.At).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture),
        e.Actor, e.Action, e.Details, e.ContentSha256))];
}
