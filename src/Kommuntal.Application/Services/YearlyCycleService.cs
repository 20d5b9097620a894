using Kommuntal.Application.Caching;

namespace Kommuntal.Application.Services;

/// <summary>What one pass of the unattended cycle did for a county.</summary>
public sealed record CycleStep(string CountyCode, string Action);

/// <summary>
/// The unattended part of the yearly cycle, run by the schedule (the YearlyCycle timer): once the
/// year's quota is in, compute a proposal for every county that has none for its current länstal
/// (also after a revision) and send it for consultation
/// (<see cref="CountyYearService.ProposeForConsultationAsync"/>). Deciding stays with the county
/// governor (the coordinator API). Safe under double and concurrent firing: each step is a
/// conditional transaction, so a second runner gets a conflict and moves on, and a step interrupted
/// half-way is completed by the next run. The quota, indicators and recipient lists are read once
/// per pass (<see cref="RunCache"/>).
/// </summary>
public sealed class YearlyCycleService(
    IQuotaStore quotas,
    RunCache runCache,
    CountyYearService countyYears,
    PublicIndexService index,
    IOptions<KommuntalOptions> options,
    ILogger<YearlyCycleService> logger)
{
    public async Task<IReadOnlyList<CycleStep>> AdvanceAsync(int year, string actor, CancellationToken cancellationToken)
    {
        using var reads = runCache.Begin();
        var steps = new List<CycleStep>();
        var seen = new List<CountyYearSnapshot>();
        var quota = options.Value.Cycle.AutoPropose ? await quotas.GetCurrentAsync(year, cancellationToken) : null;
        if (options.Value.Cycle.AutoPropose && quota is null) logger.LogInformation("Cycle {Year}: no quota yet; nothing to do", year);
        foreach (var c in quota?.Quota.Counties ?? [])
        {
            try
            {
                var step = await countyYears.ProposeForConsultationAsync(year, c.CountyCode, actor, cancellationToken);
                seen.Add(step.Snapshot);
                if (Describe(step) is { } action) steps.Add(new CycleStep(c.CountyCode, action));
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

    private static string? Describe(ConsultationStep step)
    {
        var actions = new List<string>();
        if (step.Computed is { } computed) actions.Add($"proposal {computed.Number} computed");
        if (step.Sent is { } sent)
            actions.Add($"proposal {sent.Draft.Number} sent for consultation ({sent.Queued.Count} messages, answers by {sent.Draft.Consultation!.Deadline:yyyy-MM-dd})");
        return actions.Count == 0 ? null : string.Join("; ", actions);
    }
}
