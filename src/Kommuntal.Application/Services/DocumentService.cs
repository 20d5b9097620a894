using Kommuntal.Application.Ports;
using Kommuntal.Core.Documents;
using Kommuntal.Core.Lifecycle;
using Kommuntal.Core.Reference;

namespace Kommuntal.Application.Services;

/// <summary>
/// Turns stored facts (a county-year's decision or draft, the quota) into a decision document and
/// renders it. Used by publication and by <c>kommuntal render</c>, so both produce the same document.
/// </summary>
public sealed class DocumentService(ReferenceData reference, IQuotaStore quotas, IDocumentRenderer renderer)
{
    public async Task<DecisionContent> DecisionContentAsync(CountyYearSnapshot snapshot, Decision decision, CancellationToken cancellationToken)
    {
        var county = reference.County(snapshot.State.CountyCode);
        var quota = await quotas.GetCurrentAsync(snapshot.State.Year, cancellationToken);
        var draft = snapshot.Draft(decision.DraftNumber)
            ?? throw new InvalidOperationException($"Draft {decision.DraftNumber} of decision {decision.Version} is missing.");
        return new DecisionContent
        {
            Kind = DocumentKind.Decision,
            County = county,
            Year = snapshot.State.Year,
            Lanstal = decision.Lanstal,
            NationalTotal = quota?.Quota.Total ?? 0,
            StatuteReference = quota?.Quota.StatuteReference,
            Version = decision.Version,
            DecisionDate = decision.DecisionDate,
            Diarienummer = decision.Diarienummer,
            DecidedBy = decision.DecidedBy,
            PresentedBy = decision.PresentedBy,
            Allocation = draft.Result,
        };
    }

    public async Task<byte[]> RenderProposalAsync(CountyYearSnapshot snapshot, Draft draft, DateOnly consultationDeadline, CancellationToken cancellationToken)
    {
        var county = reference.County(snapshot.State.CountyCode);
        var quota = await quotas.GetCurrentAsync(snapshot.State.Year, cancellationToken);
        return renderer.RenderPdf(DecisionDocumentBuilder.Build(new DecisionContent
        {
            Kind = DocumentKind.Proposal,
            County = county,
            Year = snapshot.State.Year,
            Lanstal = draft.Lanstal,
            NationalTotal = quota?.Quota.Total ?? 0,
            StatuteReference = quota?.Quota.StatuteReference,
            Version = draft.Number,
            Allocation = draft.Result,
        }));
    }

    public async Task<byte[]> RenderDecisionAsync(CountyYearSnapshot snapshot, Decision decision, CancellationToken cancellationToken) =>
        renderer.RenderPdf(DecisionDocumentBuilder.Build(await DecisionContentAsync(snapshot, decision, cancellationToken)));
}
