namespace Kommuntal.Application.Services;

/// <summary>
/// A county-year read and, when it awaits a decision (<see cref="CountyYearRules.AwaitsDecision"/>),
/// its proposal drafted and decided in memory with the decision's PDF being rendered on another
/// thread: nothing is written yet. Made by <see cref="CountyYearService.PrepareDecisionAsync"/>,
/// written by <see cref="CountyYearService.CompleteDecisionAsync"/>.
/// </summary>
public sealed class PendingDecision
{
    internal PendingDecision(CountyYearSnapshot snapshot, CountyYearChange? change, Task<byte[]>? rendering)
    {
        Snapshot = snapshot;
        Change = change;
        Rendering = rendering;
    }

    /// <summary>The county-year as read.</summary>
    public CountyYearSnapshot Snapshot { get; }
    internal CountyYearChange? Change { get; }
    internal Task<byte[]>? Rendering { get; }

    /// <summary>Lets a rendering that will not be used end (when the run stops before completing this county).</summary>
    public Task AbandonAsync() => Rendering is null ? Task.CompletedTask : Task.WhenAny(Rendering);
}

/// <summary>What completing a <see cref="PendingDecision"/> did: the county-year after it, whether a decision was recorded, and the publication.</summary>
public sealed record DecisionStep(CountyYearSnapshot Snapshot, bool Decided, PublicationOutcome? Publication);

/// <summary>What a consultation step did for a county: the county-year after it, the proposal computed (if one was) and its consultation (if sent).</summary>
public sealed record ConsultationStep(CountyYearSnapshot Snapshot, Draft? Computed, ProposalOutcome? Sent);

public sealed partial class CountyYearService
{
    /// <summary>
    /// The first stage of bringing a county to a published decision without a person (the demo
    /// run): reads the county-year and, when it awaits a decision, drafts a proposal, decides it
    /// with <paramref name="request"/> and starts rendering the decision's PDF (the document depends
    /// only on the decided county-year, which the commit does not change). Writes nothing, so a
    /// caller can prepare the next county while the previous one's writes are in flight.
    /// </summary>
    public async Task<PendingDecision> PrepareDecisionAsync(int year, string countyCode, DecisionRequest request, string actor,
        CancellationToken cancellationToken)
    {
        var snapshot = await store.LoadAsync(year, countyCode, cancellationToken);
        if (!CountyYearRules.AwaitsDecision(snapshot.State)) return new PendingDecision(snapshot, null, null);
        var change = await DraftChangeAsync(snapshot, actor, null, DraftPurpose.Proposal, cancellationToken);
        var drafted = snapshot.Apply(change, snapshot.ETag);
        change = change.Then(CountyYearRules.Decide(drafted, request, actor, clock.GetUtcNow()));
        var decided = snapshot.Apply(change, snapshot.ETag);
        var rendering = Task.Run(() => documentService.RenderDecisionAsync(decided, decided.CurrentDecision!, cancellationToken), cancellationToken);
        return new PendingDecision(snapshot, change, rendering);
    }

    /// <summary>
    /// The second stage: commits the prepared draft and decision (one transaction), then publishes
    /// the decided decision with the PDF already rendered: upload create-only, then the publication
    /// with its outbox (a second transaction). A county left decided by an interrupted run is
    /// published; one with a published decision for its länstal is left as it is. The published
    /// index is the caller's (one update for the whole run).
    /// </summary>
    public async Task<DecisionStep> CompleteDecisionAsync(PendingDecision pending, string actor, CancellationToken cancellationToken)
    {
        var snapshot = pending.Snapshot;
        if (pending.Change is not null)
        {
            try
            {
                snapshot = await CommitAsync(snapshot, pending.Change, cancellationToken);
            }
            catch
            {
                await pending.AbandonAsync(); // let the rendering finish; its result is not used
                throw;
            }
        }
        if (snapshot.State.Status != CountyYearStatus.Decided) return new DecisionStep(snapshot, pending.Change is not null, null);
        var rendered = pending.Rendering is { } rendering ? await rendering : null;
        var publication = await PublishDecisionAsync(snapshot, actor, rendered, cancellationToken);
        return new DecisionStep(publication.Snapshot!, pending.Change is not null, publication);
    }

    /// <summary>
    /// The unattended consultation step of a county (the yearly cycle): when the county-year awaits
    /// a decision, or its published decision is for another länstal than the current quota's,
    /// computes a proposal for that länstal unless one exists, and sends it for consultation unless
    /// it was. Each is one conditional transaction, so a second runner gets a conflict and a step
    /// interrupted half-way is completed by the next call. The quota is read through its port (once
    /// per pass in the cycle's <see cref="Caching.RunCache"/> scope). The published index is the caller's.
    /// </summary>
    public async Task<ConsultationStep> ProposeForConsultationAsync(int year, string countyCode, string actor, CancellationToken cancellationToken)
    {
        var (_, lanstal) = await CurrentLanstalAsync(year, countyCode, cancellationToken);
        var snapshot = await store.LoadAsync(year, countyCode, cancellationToken);
        var state = snapshot.State;
        if (!CountyYearRules.AwaitsDecision(state) && !(state.Status == CountyYearStatus.Published && state.Lanstal != lanstal))
            return new ConsultationStep(snapshot, null, null);
        Draft? computed = null;
        var proposal = CountyYearRules.LatestProposalFor(snapshot, lanstal);
        if (proposal is null)
        {
            snapshot = await CommitAsync(snapshot, await DraftChangeAsync(snapshot, actor, null, DraftPurpose.Proposal, cancellationToken), cancellationToken);
            proposal = computed = snapshot.LatestDraft!;
        }
        if (proposal.Consultation is not null) return new ConsultationStep(snapshot, computed, null);
        var sent = await PublishProposalAsync(snapshot, proposal.Number, null, actor, cancellationToken);
        return new ConsultationStep(sent.Snapshot, computed, sent);
    }

    /// <summary>
    /// Brings every started county-year of the version's year to its länstal (a quota revision),
    /// flagging those with a decision for a new one; returns the flagged county codes. Idempotent:
    /// counties already at that länstal are left alone.
    /// </summary>
    public async Task<IReadOnlyList<string>> ApplyQuotaRevisionAsync(QuotaVersion version, string actor, CancellationToken cancellationToken)
    {
        var flagged = new List<string>();
        if (version.Version == 1) return flagged; // no earlier länstal can have been used
        foreach (var county in version.Quota.Counties)
        {
            var snapshot = await store.LoadAsync(version.Year, county.CountyCode, cancellationToken);
            if (snapshot.State.Status == CountyYearStatus.None || snapshot.State.Lanstal == county.Lanstal) continue;
            var change = CountyYearRules.ApplyQuotaRevision(snapshot, version.Version, county.Lanstal, actor, clock.GetUtcNow());
            await CommitAsync(snapshot, change, cancellationToken);
            if (change.NewState.NeedsNewDecision) flagged.Add(county.CountyCode);
        }
        return flagged;
    }
}
