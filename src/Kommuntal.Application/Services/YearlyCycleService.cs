using Kommuntal.Application.Options;
using Kommuntal.Application.Ports;
using Kommuntal.Core.Lifecycle;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kommuntal.Application.Services;

/// <summary>What one pass of the unattended cycle did for a county.</summary>
public sealed record CycleStep(string CountyCode, string Action);

/// <summary>
/// The unattended part of the yearly cycle, run by the schedule: once the year's quota is in,
/// compute a proposal for every county that has none for its current länstal (also after a
/// revision) and send it for consultation. Deciding stays with the county governor (the
/// coordinator API). Safe under double and concurrent firing: each step is a conditional
/// transaction, so a second runner gets a conflict and moves on, and a step interrupted half-way is
/// completed by the next run.
/// </summary>
public sealed class YearlyCycleService(
    IQuotaStore quotas,
    ICountyYearStore store,
    CountyYearService countyYears,
    PublicIndexService index,
    IOptions<KommuntalOptions> options,
    ILogger<YearlyCycleService> logger)
{
    public async Task<IReadOnlyList<CycleStep>> AdvanceAsync(int year, string actor, CancellationToken cancellationToken)
    {
        var steps = new List<CycleStep>();
        var seen = new List<CountyYearSnapshot>();
        var quota = options.Value.Cycle.AutoPropose ? await quotas.GetCurrentAsync(year, cancellationToken) : null;
        if (options.Value.Cycle.AutoPropose && quota is null) logger.LogInformation("Cycle {Year}: no quota yet; nothing to do", year);
        foreach (var c in quota?.Quota.Counties ?? [])
        {
            try
            {
                var (action, snapshot) = await AdvanceCountyAsync(year, c.CountyCode, c.Lanstal, actor, cancellationToken);
                seen.Add(snapshot);
                if (action is not null) steps.Add(new CycleStep(c.CountyCode, action));
            }
            catch (ConcurrencyConflictException ex)
            {
                // Another runner is advancing this county right now; the next run finishes whatever it left.
                logger.LogInformation("Cycle {Year}/{County}: {Message}", year, c.CountyCode, ex.Message);
                steps.Add(new CycleStep(c.CountyCode, "conflict"));
            }
        }
        // The proposals just sent, and whatever an interrupted publication left out of the published
        // index: the counties read here are used as they are, the others are checked against their state rows.
        await index.UpdateAsync(year, seen, cancellationToken);
        return steps;
    }

    private async Task<(string? Action, CountyYearSnapshot Snapshot)> AdvanceCountyAsync(int year, string countyCode, int lanstal, string actor,
        CancellationToken cancellationToken)
    {
        var snapshot = await store.LoadAsync(year, countyCode, cancellationToken);
        var state = snapshot.State;
        var needsProposal = state.Status is CountyYearStatus.None or CountyYearStatus.Proposal
                            || (state.Status == CountyYearStatus.Published && (state.NeedsNewDecision || state.Lanstal != lanstal));
        if (!needsProposal) return (null, snapshot);
        var actions = new List<string>();
        var current = snapshot.Drafts.LastOrDefault(d => d.Purpose == "proposal" && d.Lanstal == lanstal);
        if (current is null)
        {
            var change = await countyYears.DraftChangeAsync(snapshot, actor, null, "proposal", cancellationToken);
            snapshot = await store.CommitAsync(snapshot, change, cancellationToken);
            current = snapshot.LatestDraft!;
            actions.Add($"proposal {current.Number} computed");
        }
        if (current.Consultation is null)
        {
            var outcome = await countyYears.PublishProposalAsync(snapshot, current.Number, null, actor, cancellationToken);
            snapshot = outcome.Snapshot;
            actions.Add($"proposal {current.Number} sent for consultation ({outcome.Queued.Count} messages, answers by {outcome.Draft.Consultation!.Deadline:yyyy-MM-dd})");
        }
        return (actions.Count == 0 ? null : string.Join("; ", actions), snapshot);
    }
}
