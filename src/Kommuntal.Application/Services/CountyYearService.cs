using Kommuntal.Core.Allocation;
using Kommuntal.Core.Documents;
using Kommuntal.Core.Validation;

namespace Kommuntal.Application.Services;

/// <summary>What publishing a decision did.</summary>
public sealed record PublicationOutcome(Decision Decision, StoredBlob Document, IReadOnlyList<OutboxMessage> Queued, IReadOnlyList<Municipality> WithoutAddress)
{
    /// <summary>The county-year's ETag after the publication (for the next If-Match).</summary>
    public string? ETag { get; init; }
    /// <summary>The county-year as the publication left it (for the published index).</summary>
    public CountyYearSnapshot? Snapshot { get; init; }
}

/// <summary>
/// The one writer of county-year state: compute a proposal (or what-if), record wishes, decide,
/// publish, send a proposal for consultation, apply a quota revision, and the unattended steps of
/// the demo run and the yearly cycle (CountyYearService.Unattended.cs). Each loads the county-year
/// once, lets <see cref="CountyYearRules"/> decide what changes, and commits it in one transaction
/// (<see cref="CommitAsync"/>, the only place that writes a county-year change).
/// </summary>
/// <remarks>
/// Quota, indicators and recipient lists come through their ports; a run over many counties opens
/// a <see cref="Caching.RunCache"/> scope so they are read once per run (the ports' caching decorators).
/// </remarks>
public sealed partial class CountyYearService(
    ReferenceData reference,
    IAllocationEngine engine,
    IQuotaStore quotas,
    IIndicatorSource indicators,
    IRecipientDirectory recipients,
    ShareImportService shares,
    ICountyYearStore store,
    DocumentService documentService,
    PublicIndexService index,
    IDocumentStore documents,
    TimeProvider clock,
    IOptions<KommuntalOptions> options,
    ILogger<CountyYearService> logger)
{
    /// <summary>The If-Match of a caller that read a county-year not stored yet (the portal's forms send it): any stored one is a conflict.</summary>
    public const string NotYetStored = "\"not-yet-stored\"";

    public Task<CountyYearSnapshot> LoadAsync(int year, string countyCode, CancellationToken cancellationToken) =>
        store.LoadAsync(year, reference.County(countyCode).Code, cancellationToken);

    /// <summary>Loads for a change; with <paramref name="ifMatch"/> (the ETag the caller read) a stale caller gets a conflict before anything is computed.</summary>
    private async Task<CountyYearSnapshot> LoadForChangeAsync(int year, string countyCode, string? ifMatch, CancellationToken cancellationToken)
    {
        var snapshot = await LoadAsync(year, countyCode, cancellationToken);
        // NotYetStored: the caller read a county-year that did not exist; its commit then creates the row (create-only), so a second such caller conflicts too.
        if (ifMatch == NotYetStored && snapshot.ETag is null) return snapshot;
        if (ifMatch is not null && ifMatch != "*" && ifMatch != snapshot.ETag)
            throw new ConcurrencyConflictException($"County-year {year}-{countyCode} has changed since it was read (If-Match {ifMatch}, now {snapshot.ETag ?? "none"}).");
        return snapshot;
    }

    /// <summary>
    /// Commits a change to the county-year it was computed from, in one transaction guarded by the
    /// snapshot's ETag: every county-year transition is written here.
    /// </summary>
    private Task<CountyYearSnapshot> CommitAsync(CountyYearSnapshot basis, CountyYearChange change, CancellationToken cancellationToken) =>
        store.CommitAsync(basis, change, cancellationToken);

    /// <summary>Computes a draft from the current quota, indicators and recorded wishes, and stores it.</summary>
    public Task<(CountyYearSnapshot Snapshot, Draft Draft)> ProposeAsync(int year, string countyCode, string actor,
        ModelParameters? parameters, DraftPurpose purpose, CancellationToken cancellationToken) =>
        ProposeAsync(year, countyCode, actor, parameters, purpose, null, cancellationToken);

    /// <summary>As <see cref="ProposeAsync(int, string, string, ModelParameters?, DraftPurpose, CancellationToken)"/>, only while the county-year still has ETag <paramref name="ifMatch"/> (null or "*": any).</summary>
    public async Task<(CountyYearSnapshot Snapshot, Draft Draft)> ProposeAsync(int year, string countyCode, string actor,
        ModelParameters? parameters, DraftPurpose purpose, string? ifMatch, CancellationToken cancellationToken)
    {
        var snapshot = await LoadForChangeAsync(year, countyCode, ifMatch, cancellationToken);
        var change = await DraftChangeAsync(snapshot, actor, parameters, purpose, cancellationToken);
        snapshot = await CommitAsync(snapshot, change, cancellationToken);
        return (snapshot, snapshot.LatestDraft!);
    }

    /// <summary>The change a new draft makes (with a quota revision first, when the current länstal differs from the county-year's).</summary>
    private async Task<CountyYearChange> DraftChangeAsync(CountyYearSnapshot snapshot, string actor, ModelParameters? parameters,
        DraftPurpose purpose, CancellationToken cancellationToken)
    {
        var year = snapshot.State.Year;
        var county = reference.County(snapshot.State.CountyCode);
        var (quota, lanstal) = await CurrentLanstalAsync(year, county.Code, cancellationToken);
        var now = clock.GetUtcNow();
        var change = new CountyYearChange(snapshot.State);
        if (snapshot.State.Status == CountyYearStatus.None)
            snapshot = snapshot with { State = CountyYearRules.Initial(year, county.Code, quota.Version, lanstal) with { AuditSequence = snapshot.State.AuditSequence, Wishes = snapshot.State.Wishes } };
        else if (snapshot.State.Lanstal != lanstal)
        {
            change = CountyYearRules.ApplyQuotaRevision(snapshot, quota.Version, lanstal, actor, now);
            snapshot = snapshot.Apply(change, snapshot.ETag);
        }
        var indicatorSet = await indicators.GetAsync(year, cancellationToken);
        var request = new AllocationRequest(year, county, lanstal, reference.MunicipalitiesIn(county.Code), indicatorSet,
            snapshot.State.Wishes, parameters ?? ModelParameters.Default);
        var result = engine.Allocate(request);
        var draft = new Draft
        {
            Number = 0,
            QuotaVersion = quota.Version,
            Lanstal = lanstal,
            Purpose = purpose,
            IndicatorsSource = string.Join(" | ", indicatorSet.Sources),
            Deviations = snapshot.State.Wishes,
            Result = result,
            CreatedBy = actor,
            CreatedAt = now,
            Shares = await shares.CountySharesAsync(year, county.Code, cancellationToken),
        };
        var draftChange = CountyYearRules.AddDraft(snapshot, draft, now);
        return change.Audit.Count == 0 ? draftChange : change.Then(draftChange);
    }

    /// <summary>The year's current quota version and the county's länstal in it; refused when there is none.</summary>
    private async Task<(QuotaVersion Quota, int Lanstal)> CurrentLanstalAsync(int year, string countyCode, CancellationToken cancellationToken)
    {
        var quota = await quotas.GetCurrentAsync(year, cancellationToken) ?? throw MissingQuota(year);
        var county = reference.County(countyCode);
        var lanstal = quota.Quota.For(county.Code)?.Lanstal
            ?? throw new MissingInputException("missing-lanstal", $"Länstal för {county.Name} saknas i kvotversion {quota.Version} för {year}. Importera en kvotfil med alla län.",
                $"There is no länstal for {county.Name} in quota version {quota.Version} of {year}. Import a quota file with every county.");
        return (quota, lanstal);
    }

    /// <summary>Records the municipalities' wishes and agreements for the year; the next draft applies them.</summary>
    public Task<CountyYearSnapshot> SetWishesAsync(int year, string countyCode, IReadOnlyList<Deviation> wishes, string actor, CancellationToken cancellationToken) =>
        SetWishesAsync(year, countyCode, wishes, actor, null, cancellationToken);

    /// <summary>As <see cref="SetWishesAsync(int, string, IReadOnlyList{Deviation}, string, CancellationToken)"/>, only while the county-year still has ETag <paramref name="ifMatch"/> (null or "*": any).</summary>
    public async Task<CountyYearSnapshot> SetWishesAsync(int year, string countyCode, IReadOnlyList<Deviation> wishes, string actor, string? ifMatch, CancellationToken cancellationToken)
    {
        var snapshot = await LoadForChangeAsync(year, countyCode, ifMatch, cancellationToken);
        if (snapshot.State.Status == CountyYearStatus.None)
        {
            var quota = await quotas.GetCurrentAsync(year, cancellationToken);
            var lanstal = quota?.Quota.For(snapshot.State.CountyCode)?.Lanstal ?? 0;
            snapshot = snapshot with { State = CountyYearRules.Initial(year, snapshot.State.CountyCode, quota?.Version ?? 0, lanstal) with { AuditSequence = snapshot.State.AuditSequence } };
        }
        return await CommitAsync(snapshot, CountyYearRules.SetWishes(snapshot, wishes, actor, clock.GetUtcNow()), cancellationToken);
    }

    /// <summary>Records the consultation's summary (empty: removes it); the next decision takes it (<see cref="CountyYearRules.RecordConsultationSummary"/>).</summary>
    public async Task<CountyYearSnapshot> RecordConsultationSummaryAsync(int year, string countyCode, string? summary, string actor, string? ifMatch,
        CancellationToken cancellationToken)
    {
        var snapshot = await LoadForChangeAsync(year, countyCode, ifMatch, cancellationToken);
        return await CommitAsync(snapshot, CountyYearRules.RecordConsultationSummary(snapshot, summary, actor, clock.GetUtcNow()), cancellationToken);
    }

    /// <summary>
    /// The refusal when a year has no quota (exit 2, HTTP 422). The demo run imports the bundled
    /// quota of a year it has one for; nothing else does.
    /// </summary>
    public static MissingInputException MissingQuota(int year) => new("missing-quota",
        $"Det finns inga länstal för {year}. Importera dem med `kommuntal quota import FIL --year {year}` (eller POST /api/quotas/{year}).",
        $"There is no quota for {year}. Import it with `kommuntal quota import FILE --year {year}` (or POST /api/quotas/{year}).");

    /// <summary>Decides the draft the request names, or the latest proposal (<see cref="CountyYearRules.DecidableDraft"/>).</summary>
    public Task<(CountyYearSnapshot Snapshot, Decision Decision)> DecideAsync(int year, string countyCode, DecisionRequest request, string actor, CancellationToken cancellationToken) =>
        DecideAsync(year, countyCode, request, actor, null, cancellationToken);

    /// <summary>As <see cref="DecideAsync(int, string, DecisionRequest, string, CancellationToken)"/>, only while the county-year still has ETag <paramref name="ifMatch"/> (null or "*": any).</summary>
    public async Task<(CountyYearSnapshot Snapshot, Decision Decision)> DecideAsync(int year, string countyCode, DecisionRequest request, string actor, string? ifMatch, CancellationToken cancellationToken)
    {
        var snapshot = await LoadForChangeAsync(year, countyCode, ifMatch, cancellationToken);
        var change = CountyYearRules.Decide(snapshot, request, actor, clock.GetUtcNow());
        snapshot = await CommitAsync(snapshot, change, cancellationToken);
        return (snapshot, snapshot.CurrentDecision!);
    }

    /// <summary>Publishes the current decision and brings the published index (and the public page) up to date.</summary>
    public Task<PublicationOutcome> PublishAsync(int year, string countyCode, string actor, CancellationToken cancellationToken) =>
        PublishAsync(year, countyCode, actor, null, cancellationToken);

    /// <summary>As <see cref="PublishAsync(int, string, string, CancellationToken)"/>, only while the county-year still has ETag <paramref name="ifMatch"/> (null or "*": any).</summary>
    public async Task<PublicationOutcome> PublishAsync(int year, string countyCode, string actor, string? ifMatch, CancellationToken cancellationToken)
    {
        var snapshot = await LoadForChangeAsync(year, countyCode, ifMatch, cancellationToken);
        var outcome = await PublishDecisionAsync(snapshot, actor, null, cancellationToken);
        await UpdateIndexAsync(outcome.Snapshot!, cancellationToken);
        return outcome;
    }

    /// <summary>
    /// After a publication's commit: the published index. The publication stands whatever happens
    /// here; an index left behind is repaired by the next update of the year (docs/storage.md).
    /// </summary>
    private async Task UpdateIndexAsync(CountyYearSnapshot snapshot, CancellationToken cancellationToken)
    {
        try
        {
            await index.UpdateAsync(snapshot.State.Year, [snapshot], cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Published index {Year}: not updated after the publication of {County} ({Message}); the next publication, the yearly run or the DispatchNotifications timer repairs it",
                snapshot.State.Year, snapshot.State.CountyCode, ex.Message);
        }
    }

    /// <summary>
    /// Renders the current decision, uploads it create-only, and records the publication with its
    /// notification outbox in one transaction. After a crash between upload and commit, the next
    /// attempt finds the uploaded blob and records that one: nothing is overwritten or lost.
    /// </summary>
    /// <param name="rendered">The current decision's PDF when it was already rendered from the same decided county-year (<see cref="CompleteDecisionAsync"/>); otherwise it is rendered here.</param>
    private async Task<PublicationOutcome> PublishDecisionAsync(CountyYearSnapshot snapshot, string actor, byte[]? rendered, CancellationToken cancellationToken)
    {
        var decision = snapshot.CurrentDecision;
        if (snapshot.State.Status != CountyYearStatus.Decided || decision is null)
            throw new InvalidTransitionException("Det finns inget fattat, opublicerat beslut att publicera.", "There is no decided, unpublished decision to publish.");
        var pdf = rendered ?? await documentService.RenderDecisionAsync(snapshot, decision, cancellationToken);
        var (published, blob) = await UploadAsync(snapshot, DocumentKind.Decision, decision.Version, pdf, actor, cancellationToken);
        var (outbox, withoutAddress) = await OutboxAsync(snapshot, DocumentKind.Decision, decision.Version, published.PublishedAt, cancellationToken);
        var change = CountyYearRules.Publish(snapshot, published, outbox, actor, published.PublishedAt);
        change = NoteWithoutAddress(change, withoutAddress);
        snapshot = await CommitAsync(snapshot, change, cancellationToken);
        return new PublicationOutcome(snapshot.Decisions.First(d => d.Version == decision.Version), blob, outbox, withoutAddress)
        {
            ETag = snapshot.ETag,
            Snapshot = snapshot,
        };
    }

    /// <summary>
    /// Sends a proposal for consultation (samråd): renders it with the answer deadline, uploads it
    /// create-only and queues one notification per municipality address, in one transaction.
    /// </summary>
    public Task<ProposalOutcome> PublishProposalAsync(int year, string countyCode, int? draftNumber, DateOnly? deadline, string actor, CancellationToken cancellationToken) =>
        PublishProposalAsync(year, countyCode, draftNumber, deadline, actor, null, cancellationToken);

    /// <summary>As <see cref="PublishProposalAsync(int, string, int?, DateOnly?, string, CancellationToken)"/>, only while the county-year still has ETag <paramref name="ifMatch"/> (null or "*": any).</summary>
    public async Task<ProposalOutcome> PublishProposalAsync(int year, string countyCode, int? draftNumber, DateOnly? deadline, string actor, string? ifMatch, CancellationToken cancellationToken)
    {
        var snapshot = await LoadForChangeAsync(year, countyCode, ifMatch, cancellationToken);
        var outcome = await PublishProposalAsync(snapshot, draftNumber, deadline, actor, cancellationToken);
        await UpdateIndexAsync(outcome.Snapshot, cancellationToken);
        return outcome;
    }

    private async Task<ProposalOutcome> PublishProposalAsync(CountyYearSnapshot snapshot, int? draftNumber, DateOnly? deadline, string actor,
        CancellationToken cancellationToken)
    {
        var draft = draftNumber is { } number
            ? snapshot.Draft(number) ?? throw CountyYearRules.DraftNotFound(number)
            : CountyYearRules.LatestProposal(snapshot)
              ?? throw new InvalidTransitionException("Det finns inget förslag att skicka på samråd. Beräkna ett förslag först.",
                  "There is no proposal to send for consultation. Compute a proposal first.", "no-proposal");
        var today = SwedishFormat.SwedishDate(clock.GetUtcNow());
        var due = deadline ?? today.AddDays(options.Value.Cycle.ConsultationDays);
        // Check the transition before rendering and uploading anything.
        CountyYearRules.PublishProposal(snapshot, draft.Number, new PublishedDocument(DocumentKind.Proposal, "", "", 0, clock.GetUtcNow()), due, [], actor, clock.GetUtcNow());
        var pdf = await documentService.RenderProposalAsync(snapshot, draft, new ProposalDetails(today, due), cancellationToken);
        var (published, blob) = await UploadAsync(snapshot, DocumentKind.Proposal, draft.Number, pdf, actor, cancellationToken);
        var (outbox, withoutAddress) = await OutboxAsync(snapshot, DocumentKind.Proposal, draft.Number, published.PublishedAt, cancellationToken);
        var change = NoteWithoutAddress(CountyYearRules.PublishProposal(snapshot, draft.Number, published, due, outbox, actor, published.PublishedAt), withoutAddress);
        snapshot = await CommitAsync(snapshot, change, cancellationToken);
        return new ProposalOutcome(snapshot, snapshot.Draft(draft.Number)!, blob, outbox, withoutAddress);
    }

    private async Task<(PublishedDocument Document, StoredBlob Blob)> UploadAsync(CountyYearSnapshot snapshot, DocumentKind kind, int version, byte[] pdf,
        string actor, CancellationToken cancellationToken)
    {
        var county = reference.County(snapshot.State.CountyCode);
        var year = snapshot.State.Year;
        var path = PublicationPaths.Document(year, county, kind, version);
        StoredBlob blob;
        try
        {
            blob = await documents.PublishAsync(path, pdf, "application/pdf", PublicationPaths.DownloadFileName(year, county, kind, version), cancellationToken);
        }
        catch (PublishedDocumentConflictException ex)
        {
            // Never adopted. Audited once per blob found (a timer retrying the step adds nothing), then refused.
            logger.LogError("{Kind} {Year}/{County} v{Version}: {Message}", kind, year, county.Code, version, ex.Message);
            await store.AppendAuditOnceAsync(year, county.Code, $"document-conflict-{path}-{ex.StoredSha256 ?? ex.StoredSize.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
                new AuditEntry(clock.GetUtcNow(), actor, "document.conflict", ex.MessageSv, ex.StoredSha256), cancellationToken);
            throw;
        }
        if (blob.AlreadyExisted)
            logger.LogWarning("{Kind} {Year}/{County} v{Version}: {Path} was already uploaded by an earlier attempt with the same bytes; recording that document",
                kind, year, county.Code, version, path);
        return (new PublishedDocument(kind, path, blob.Sha256, blob.Size, clock.GetUtcNow()), blob);
    }

    /// <summary>One outbox message per known municipality address; the municipalities without one are returned, not skipped silently.</summary>
    private async Task<(List<OutboxMessage> Outbox, List<Municipality> WithoutAddress)> OutboxAsync(CountyYearSnapshot snapshot, DocumentKind kind,
        int version, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var county = reference.County(snapshot.State.CountyCode);
        var year = snapshot.State.Year;
        var addresses = await recipients.GetAsync(county.Code, cancellationToken);
        var outbox = new List<OutboxMessage>();
        var withoutAddress = new List<Municipality>();
        var label = kind == DocumentKind.Proposal ? "forslag" : "beslut";
        foreach (var m in reference.MunicipalitiesIn(county.Code))
        {
            var mine = addresses.Where(a => a.MunicipalityCode == m.Code).ToList();
            if (mine.Count == 0) withoutAddress.Add(m);
            foreach (var a in mine)
            {
                var key = $"{year}-{county.Code}-{label}-v{version}-{m.Code}-{a.Email.ToLowerInvariant()}";
                outbox.Add(new OutboxMessage
                {
                    Id = DeterministicId.For(key).ToString(),
                    Type = kind == DocumentKind.Proposal ? MessageType.MunicipalProposal : MessageType.MunicipalDecision,
                    Kind = kind,
                    SourceVersion = version,
                    RecipientKey = m.Code,
                    RecipientEmail = a.Email,
                    RecipientName = $"{m.Name} kommun",
                    CreatedAt = now,
                });
            }
        }
        return (outbox, withoutAddress);
    }

    private static CountyYearChange NoteWithoutAddress(CountyYearChange change, List<Municipality> withoutAddress) =>
        withoutAddress.Count == 0
            ? change
            : change with { Audit = [.. change.Audit.Select(a => a with { Details = a.Details + "; utan känd e-postadress: " + string.Join(", ", withoutAddress.Select(m => m.Name)) })] };
}

/// <summary>What sending a proposal for consultation did.</summary>
public sealed record ProposalOutcome(CountyYearSnapshot Snapshot, Draft Draft, StoredBlob Document, IReadOnlyList<OutboxMessage> Queued, IReadOnlyList<Municipality> WithoutAddress);
