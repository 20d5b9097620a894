using Kommuntal.Core.Documents;
using Kommuntal.Core.Notifications;
using Kommuntal.Core.Validation;

namespace Kommuntal.Application.Services;

/// <summary>What a proposal document says beyond its draft: when it is sent, the answer deadline and the case number.</summary>
/// <param name="Date">The proposal's date; default the draft's creation date (Swedish time).</param>
/// <param name="Deadline">The last day to answer; default <see cref="CycleOptions.ConsultationDays"/> after the date.</param>
public sealed record ProposalDetails(DateOnly? Date = null, DateOnly? Deadline = null, string? Diarienummer = null);

/// <summary>
/// Turns stored facts (a county-year's decision or draft, the quota) into a decision or proposal
/// document and renders it. Used by publication and by <c>kommuntal render</c>, so both produce the
/// same document. The quota is read through <see cref="IQuotaStore"/>, once per run inside a run's
/// <see cref="Caching.RunCache"/> scope.
/// </summary>
public sealed class DocumentService(
    ReferenceData reference,
    IQuotaStore quotas,
    IDocumentRenderer renderer,
    IOptions<DocumentOptions> documentOptions,
    IOptions<KommuntalOptions> options)
{
    public async Task<DecisionContent> DecisionContentAsync(CountyYearSnapshot snapshot, Decision decision, CancellationToken cancellationToken)
    {
        var draft = snapshot.Draft(decision.DraftNumber)
            ?? throw new InvalidOperationException($"Draft {decision.DraftNumber} of decision {decision.Version} is missing.");
        var texts = decision.Texts;
        var settings = documentOptions.Value;
        return await ContentAsync(DocumentKind.Decision, snapshot, decision.Lanstal, decision.QuotaVersion, decision.Version, draft, cancellationToken) with
        {
            DecisionDate = decision.DecisionDate,
            Diarienummer = decision.Diarienummer,
            DecidedBy = decision.DecidedBy,
            PresentedBy = decision.PresentedBy,
            Replaces = Replaced(snapshot, decision),
            Background = texts.Background,
            Reasons = texts.Reasons,
            ConsultationSummary = string.IsNullOrWhiteSpace(texts.ConsultationSummary) ? ConsultationHeld(snapshot, decision) : texts.ConsultationSummary,
            AppealHeading = settings.AppealHeading,
            AppealText = string.IsNullOrWhiteSpace(texts.Appeal) ? settings.AppealText : texts.Appeal,
            SignatureNote = settings.SignatureNote,
            Shares = decision.Shares,
            PreviousShares = decision.PreviousShares,
            CreatedAt = decision.DecidedAt, // the same decision renders to the same bytes (docs/storage.md)
        };
    }

    public async Task<byte[]> RenderDecisionAsync(CountyYearSnapshot snapshot, Decision decision, CancellationToken cancellationToken) =>
        renderer.RenderPdf(DecisionDocumentBuilder.Build(await DecisionContentAsync(snapshot, decision, cancellationToken)));

    /// <summary>The content of the proposal (förslag) a draft is sent out as for consultation.</summary>
    public async Task<DecisionContent> ProposalContentAsync(CountyYearSnapshot snapshot, Draft draft, ProposalDetails? details, CancellationToken cancellationToken)
    {
        var date = details?.Date ?? SwedishFormat.SwedishDate(draft.CreatedAt);
        var deadline = details?.Deadline ?? date.AddDays(options.Value.Cycle.ConsultationDays);
        if (deadline < date)
            throw new ValidationFailedException([new ValidationProblem("proposal", null, "deadline", "deadline-before-date",
                $"Svarsdagen {SwedishFormat.IsoDate(deadline)} ligger före förslagets datum {SwedishFormat.IsoDate(date)}.",
                $"The answer deadline {SwedishFormat.IsoDate(deadline)} is before the proposal's date {SwedishFormat.IsoDate(date)}.")]);
        return await ContentAsync(DocumentKind.Proposal, snapshot, draft.Lanstal, draft.QuotaVersion, draft.Number, draft, cancellationToken) with
        {
            DecisionDate = date,
            Diarienummer = details?.Diarienummer,
            ConsultationDeadline = deadline,
            Shares = draft.Shares,
            CreatedAt = draft.CreatedAt,
        };
    }

    /// <summary>What a decision and a proposal document share: the county, the year, the numbers and the quota they were computed from, the board's contact.</summary>
    private async Task<DecisionContent> ContentAsync(DocumentKind kind, CountyYearSnapshot snapshot, int lanstal, int quotaVersion, int version, Draft draft,
        CancellationToken cancellationToken)
    {
        var county = reference.County(snapshot.State.CountyCode);
        var quota = await QuotaAsync(snapshot.State.Year, quotaVersion, cancellationToken);
        return new DecisionContent
        {
            Kind = kind,
            County = county,
            Year = snapshot.State.Year,
            Lanstal = lanstal,
            NationalTotal = quota?.Quota.Total ?? 0,
            StatuteReference = quota?.Quota.StatuteReference,
            Version = version,
            Allocation = draft.Result,
            Contact = ContactOf(county.Code),
        };
    }

    public async Task<byte[]> RenderProposalAsync(CountyYearSnapshot snapshot, Draft draft, ProposalDetails? details, CancellationToken cancellationToken) =>
        renderer.RenderPdf(DecisionDocumentBuilder.Build(await ProposalContentAsync(snapshot, draft, details, cancellationToken)));

    /// <summary>
    /// When the coordinator wrote no consultation summary, the consultation on record: the last
    /// proposal sent out before the decision, when and with which answer deadline.
    /// </summary>
    private static string? ConsultationHeld(CountyYearSnapshot snapshot, Decision decision)
    {
        var consulted = snapshot.Drafts
            .Where(d => d.Consultation is { } c && c.Document.PublishedAt <= decision.DecidedAt)
            .OrderBy(d => d.Consultation!.Document.PublishedAt)
            .LastOrDefault();
        if (consulted?.Consultation is not { } c) return null;
        var wishes = snapshot.Draft(decision.DraftNumber)?.Deviations.Count > 0
            ? " De önskemål och överenskommelser som har registrerats i ärendet redovisas med sina skäl under rubriken ”Skäl för beslutet”."
            : "";
        return $"Länsstyrelsen skickade den {SwedishFormat.Date(SwedishFormat.SwedishDate(c.Document.PublishedAt))} ett förslag till fördelning på samråd till kommunerna i länet med sista svarsdag den {SwedishFormat.Date(c.Deadline)}.{wishes}";
    }

    /// <summary>The decision a revision replaces (its date, case number, länstal and numbers), or null for a first decision.</summary>
    private static ReplacedDecision? Replaced(CountyYearSnapshot snapshot, Decision decision)
    {
        if (decision.Supersedes is not { } version) return null;
        var old = snapshot.Decisions.FirstOrDefault(d => d.Version == version)
            ?? throw new InvalidOperationException($"Decision {decision.Version} replaces decision {version}, which is missing.");
        var numbers = old.Numbers.ToDictionary(n => n.MunicipalityCode, n => n.Kommuntal, StringComparer.Ordinal);
        // A municipality the old decision did not list keeps the number this decision recorded as previous.
        foreach (var n in decision.Numbers)
            if (n.Previous is { } p) numbers.TryAdd(n.MunicipalityCode, p);
        return new ReplacedDecision(old.Version, old.DecisionDate, old.Diarienummer, old.Lanstal, numbers);
    }

    private async Task<QuotaVersion?> QuotaAsync(int year, int version, CancellationToken cancellationToken)
    {
        var all = await quotas.ListAsync(year, cancellationToken);
        return all.FirstOrDefault(q => q.Version == version) ?? await quotas.GetCurrentAsync(year, cancellationToken);
    }

    /// <summary>The board's own contact details when configured for the county (no generic default is printed in a legal document).</summary>
    private BoardContact? ContactOf(string countyCode) =>
        options.Value.Contacts.TryGetValue(countyCode, out var contact) ? contact : null;
}
