using System.Diagnostics;
using Kommuntal.Application.Services;
using Kommuntal.Core.Allocation;
using Kommuntal.Core.Validation;

namespace Kommuntal.Application.Portal;

/// <summary>
/// What the coordinators' portal shows (issue 17): each page's view model in one call. Reads only;
/// every change goes through the services the API uses (<see cref="CountyYearService"/>, the import
/// services, <see cref="NotificationResendService"/>). A what-if is computed here with the engine
/// and never stored.
/// </summary>
public sealed class PortalService(
    ReferenceData reference,
    ICountyYearStore store,
    IQuotaStore quotas,
    IInputStore inputs,
    IIndicatorSource indicators,
    IAllocationEngine engine,
    DocumentService documents,
    FulfilmentService fulfilment,
    TimeProvider clock)
{
    /// <summary>The year the start page shows when none is asked for: the latest year with a quota (next year back to five years ago), else this year.</summary>
    public async Task<int> DefaultYearAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().Year;
        var years = Enumerable.Range(0, 7).Select(i => now + 1 - i).ToList();
        var found = await Task.WhenAll(years.Select(y => quotas.GetCurrentAsync(y, cancellationToken)));
        return found.FirstOrDefault(q => q is not null)?.Year ?? now;
    }

    /// <summary>Every county's year; the counties in <paramref name="ownCounties"/> first, then by code. Two queries over the year and the quota version.</summary>
    public async Task<PortalOverview> OverviewAsync(int year, IReadOnlyCollection<string> ownCounties, CancellationToken cancellationToken)
    {
        var quotaTask = quotas.GetCurrentAsync(year, cancellationToken);
        var summaries = (await store.ListSummariesAsync(year, cancellationToken)).ToDictionary(s => s.State.CountyCode);
        var quota = await quotaTask;
        var rows = reference.Counties.Select(c =>
        {
            var summary = summaries.GetValueOrDefault(c.Code);
            return new CountyOverview(c, ownCounties.Contains(c.Code), summary?.State ?? new CountyYearState(year, c.Code), quota?.Quota.For(c.Code)?.Lanstal,
                DeliverySummary.Of(summary?.Outbox ?? []), summary?.ConsultationDeadline, summary?.CurrentDecision);
        }).OrderBy(r => r.Own ? 0 : 1).ThenBy(r => r.County.Code, StringComparer.Ordinal).ToList();
        return new PortalOverview(year, quota, rows);
    }

    public async Task<CountyYearView> CountyYearAsync(int year, string countyCode, CancellationToken cancellationToken)
    {
        var county = reference.County(countyCode);
        var quotaTask = quotas.GetCurrentAsync(year, cancellationToken);
        var snapshot = await store.LoadAsync(year, county.Code, cancellationToken);
        var quota = await quotaTask;
        // Carry-over (policy, off by default): null without a read when Kommuntal:Fulfilment:ShowCarryOver is off.
        var carryOver = await fulfilment.CarryOverAsync(year, county.Code, cancellationToken);
        return new CountyYearView(year, county, snapshot, reference.MunicipalitiesIn(county.Code), quota, quota?.Quota.For(county.Code)?.Lanstal, carryOver);
    }

    /// <summary>
    /// The proposal's inputs with other parameters and deviations: the current quota, the year's
    /// indicators, the engine. Nothing is stored. Unusable input comes back as <see cref="WhatIfView.Problem"/>.
    /// </summary>
    public async Task<WhatIfView> WhatIfAsync(int year, string countyCode, ModelParameters? parameters, IReadOnlyList<Deviation>? deviations,
        CancellationToken cancellationToken)
    {
        var view = await CountyYearAsync(year, countyCode, cancellationToken);
        var p = parameters ?? view.Proposal?.Result.Parameters ?? ModelParameters.Default;
        var d = deviations ?? view.Proposal?.Deviations ?? view.Snapshot.State.Wishes;
        if (parameters is null && deviations is null)
            return new WhatIfView(view, p, d, null, null, TimeSpan.Zero);
        if (view.CurrentLanstal is not { } lanstal)
            return new WhatIfView(view, p, d, null, $"Det finns inga länstal för {year}. Ladda upp kvotfilen först.", TimeSpan.Zero);
        var indicatorSet = await indicators.GetAsync(year, cancellationToken);
        var watch = Stopwatch.StartNew();
        try
        {
            var problems = p.Problems("what-if");
            if (problems.Count > 0) throw new ValidationFailedException(problems);
            var result = engine.Allocate(new AllocationRequest(year, view.County, lanstal, view.Municipalities, indicatorSet, d, p));
            return new WhatIfView(view, p, d, result, null, watch.Elapsed);
        }
        catch (ValidationFailedException ex)
        {
            return new WhatIfView(view, p, d, null, string.Join(" ", ex.Problems.Select(x => x.MessageSv)), watch.Elapsed);
        }
        catch (KommuntalException ex)
        {
            return new WhatIfView(view, p, d, null, ex.MessageSv, watch.Elapsed);
        }
    }

    public async Task<UploadsView> UploadsAsync(int year, IReadOnlyCollection<string> counties, CancellationToken cancellationToken)
    {
        var quotaTask = quotas.ListAsync(year, cancellationToken);
        var indicatorTask = inputs.ListIndicatorsAsync(year, cancellationToken);
        var mine = reference.Counties.Where(c => counties.Contains(c.Code)).ToList();
        var wishes = await Task.WhenAll(mine.Select(c => inputs.GetWishesAsync(year, c.Code, cancellationToken)));
        return new UploadsView(year, await quotaTask, await indicatorTask, mine.Select((c, i) => (c, wishes[i])).ToList());
    }

    public async Task<AuditView> AuditAsync(int year, string countyCode, CancellationToken cancellationToken)
    {
        var view = CountyYearAsync(year, countyCode, cancellationToken);
        var entries = await store.ReadAuditAsync(year, reference.County(countyCode).Code, cancellationToken);
        return new AuditView(await view, entries.OrderByDescending(e => e.At).ToList());
    }

    /// <summary>The PDF of a draft (as a proposal, without sending it) or of a decision; null when there is no such draft or decision.</summary>
    public async Task<byte[]?> PreviewAsync(int year, string countyCode, bool decision, int number, CancellationToken cancellationToken)
    {
        var snapshot = await store.LoadAsync(year, reference.County(countyCode).Code, cancellationToken);
        if (decision)
            return snapshot.Decisions.FirstOrDefault(d => d.Version == number) is { } dec
                ? await documents.RenderDecisionAsync(snapshot, dec, cancellationToken)
                : null;
        return snapshot.Draft(number) is { } draft ? await documents.RenderProposalAsync(snapshot, draft, null, cancellationToken) : null;
    }
}
