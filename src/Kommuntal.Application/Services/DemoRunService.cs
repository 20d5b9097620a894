using System.Globalization;
using Kommuntal.Application.Caching;
using Kommuntal.Core.Ingestion;

namespace Kommuntal.Application.Services;

/// <summary>One county's line in the run summary.</summary>
public sealed record CountyRunResult(
    County County,
    int Lanstal,
    int Municipalities,
    int Total,
    int DecisionVersion,
    string? DocumentPath,
    string? DocumentSha256,
    int Queued,
    IReadOnlyList<Municipality> WithoutAddress,
    string Action);

public sealed record DemoRunReport(int Year, int NationalTotal, int QuotaVersion, IReadOnlyList<CountyRunResult> Counties, DispatchReport Dispatch, string CorrelationId);

/// <summary>
/// The command line's end-to-end demo run (<c>kommuntal run</c>): make sure the year's quota is in,
/// bring every county to a published decision for its current länstal with the configured demo
/// decision-maker (<see cref="DemoDecisionOptions"/>: propose, decide, publish), send the queued
/// notifications and bring the published index up to date. Safe to repeat: a county already
/// published for its länstal is left as it is, and nothing is sent twice. (The scheduled cycle,
/// which never decides, is <see cref="YearlyCycleService"/>.)
/// </summary>
public sealed class DemoRunService(
    ReferenceData reference,
    IQuotaStore quotas,
    QuotaImportService quotaImport,
    IIndicatorSource indicators,
    IRecipientDirectory recipients,
    IShareStore shares,
    RunCache runCache,
    CountyYearService countyYears,
    NotificationDispatcher dispatcher,
    PublicIndexService index,
    TimeProvider clock,
    IOptions<KommuntalOptions> options,
    ILogger<DemoRunService> logger)
{
    public async Task<DemoRunReport> RunAsync(int year, string actor, CancellationToken cancellationToken)
    {
        var runId = Correlation.Current ?? Correlation.NewRunId();
        using var correlation = Correlation.Begin(runId);
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["CorrelationId"] = runId, ["Year"] = year });
        // The quota, the indicators, the recipient addresses and the andelstal are read once for the run: here, before the first county.
        using var reads = runCache.Begin();
        logger.LogInformation("Demo run {Year} started ({CorrelationId})", year, runId);
        var quota = await quotas.GetCurrentAsync(year, cancellationToken);
        if (quota is null)
        {
            var csv = ReferenceData.BundledQuotaCsv(year)
                ?? throw CountyYearService.MissingQuota(year);
            quota = (await quotaImport.ImportAsync(InputFile.FromText($"lanstal-{year}.csv", csv), year, actor, cancellationToken)).Version;
        }
        else await quotaImport.EnsureAuditedAsync(quota, cancellationToken); // an earlier run may have stopped between storing and auditing
        await indicators.GetAsync(year, cancellationToken);
        await recipients.GetAllAsync(cancellationToken);
        await shares.GetSharesAsync(year, cancellationToken);

        // One county after the other, so concurrent runs of the same year meet on the first county and
        // one of them wins it (tests/Kommuntal.Infrastructure.Tests/Stress/ConcurrencyTests.cs). While a
        // county's transactions and upload are in flight, the next county is read, allocated and its
        // PDF rendered (a pipeline of two): its own writes still come after the previous county's.
        var counties = quota.Quota.Counties.Select(c => reference.County(c.CountyCode)).ToArray();
        var results = new List<CountyRunResult>();
        var snapshots = new List<CountyYearSnapshot>();
        Task<PendingDecision>? next = PrepareAsync(year, counties[0], actor, cancellationToken);
        try
        {
            for (var i = 0; i < counties.Length; i++)
            {
                var pending = await next!;
                next = i + 1 < counties.Length ? PrepareAsync(year, counties[i + 1], actor, cancellationToken) : null;
                var step = await countyYears.CompleteDecisionAsync(pending, actor, cancellationToken);
                results.Add(Report(year, counties[i], step));
                snapshots.Add(step.Snapshot);
            }
        }
        catch when (next is not null)
        {
            await Task.WhenAny(next); // the next county's preparation only read and computed; let it end before the error goes up
            throw;
        }
        var dispatch = await dispatcher.DispatchAsync(cancellationToken);
        // Every county-year of the run is known as the run left it: the index needs no read of the record.
        await index.UpdateAsync(year, snapshots, cancellationToken);
        return new DemoRunReport(year, quota.Quota.Total, quota.Version, results, dispatch, runId);
    }

    /// <summary>The demo decision-maker's decision of a county, prepared (<see cref="CountyYearService.PrepareDecisionAsync"/>).</summary>
    private Task<PendingDecision> PrepareAsync(int year, County county, string actor, CancellationToken cancellationToken)
    {
        var demo = options.Value.Demo;
        var request = new DecisionRequest(
            demo.DecisionDateFor(year, SwedishFormat.SwedishDate(clock.GetUtcNow())),
            demo.DiarienummerPattern.Replace("{year}", year.ToString(CultureInfo.InvariantCulture)).Replace("{county}", county.Code),
            demo.DecidedBy, demo.PresentedBy);
        return countyYears.PrepareDecisionAsync(year, county.Code, request, actor, cancellationToken);
    }

    private CountyRunResult Report(int year, County county, DecisionStep step)
    {
        var (snapshot, decided, publication) = step;
        var actions = new List<string>();
        if (decided) actions.Add("decided");
        if (publication is not null) actions.Add("published");
        if (actions.Count == 0) actions.Add("unchanged");
        logger.LogInformation("{County} {Year}: {Actions}", county.Name, year, string.Join(", ", actions));
        var decision = publication?.Decision ?? snapshot.CurrentDecision;
        var withoutAddress = publication?.WithoutAddress
            ?? reference.MunicipalitiesIn(county.Code).Where(m => snapshot.Outbox.All(o => o.RecipientKey != m.Code)).ToList();
        return new CountyRunResult(county, snapshot.State.Lanstal, decision?.Numbers.Count ?? 0, decision?.Numbers.Sum(n => n.Kommuntal) ?? 0,
            decision?.Version ?? 0, decision?.Document?.Path, decision?.Document?.Sha256,
            publication?.Queued.Count ?? snapshot.Outbox.Count(o => o.SourceVersion == decision?.Version),
            withoutAddress, string.Join(", ", actions));
    }
}
