using System.Globalization;
using Kommuntal.Application.Options;
using Kommuntal.Application.Ports;
using Kommuntal.Core.Ingestion;
using Kommuntal.Core.Lifecycle;
using Kommuntal.Core.Reference;
using Kommuntal.Core.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

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

public sealed record YearlyRunReport(int Year, int NationalTotal, int QuotaVersion, IReadOnlyList<CountyRunResult> Counties, DispatchReport Dispatch, string CorrelationId);

/// <summary>
/// The yearly job end to end: make sure the year's quota is in, bring every county to a published
/// decision for its current länstal (propose, decide with the configured decision-maker, publish),
/// send the queued notifications and regenerate the public page. Safe to repeat: a county already
/// published for its länstal is left as it is, and nothing is sent twice.
/// </summary>
public sealed class YearlyRunService(
    ReferenceData reference,
    IQuotaStore quotas,
    QuotaImportService quotaImport,
    ICountyYearStore store,
    IIndicatorSource indicators,
    IRecipientDirectory recipients,
    CountyYearService countyYears,
    DocumentService documents,
    NotificationDispatcher dispatcher,
    PublicIndexService index,
    TimeProvider clock,
    IOptions<KommuntalOptions> options,
    ILogger<YearlyRunService> logger)
{
    public async Task<YearlyRunReport> RunAsync(int year, string actor, CancellationToken cancellationToken)
    {
        var runId = Correlation.Current ?? Correlation.NewRunId();
        using var correlation = Correlation.Begin(runId);
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["CorrelationId"] = runId, ["Year"] = year });
        logger.LogInformation("Yearly run {Year} started ({CorrelationId})", year, runId);
        var quota = await quotas.GetCurrentAsync(year, cancellationToken);
        if (quota is null)
        {
            var csv = ReferenceData.BundledQuotaCsv(year)
                ?? throw CountyYearService.MissingQuota(year);
            quota = (await quotaImport.ImportAsync(InputFile.FromText($"lanstal-{year}.csv", csv), year, actor, cancellationToken)).Version;
        }
        else await quotaImport.EnsureAuditedAsync(quota, cancellationToken); // an earlier run may have stopped between storing and auditing

        // The quota, the indicators and the recipient addresses are read once for the run, not once per county.
        var inputs = new RunInputs(year, quota, await indicators.GetAsync(year, cancellationToken))
        {
            Recipients = await recipients.GetAllAsync(cancellationToken),
        };
        // One county after the other, so concurrent runs of the same year meet on the first county and
        // one of them wins it (tests/Kommuntal.Infrastructure.Tests/Stress/ConcurrencyTests.cs). While a
        // county's transactions and upload are in flight, the next county is read, allocated and its
        // PDF rendered (a pipeline of two): its own writes still come after the previous county's.
        var counties = quota.Quota.Counties.Select(c => reference.County(c.CountyCode)).ToArray();
        var results = new List<CountyRunResult>();
        var snapshots = new List<CountyYearSnapshot>();
        Task<PreparedCounty>? next = PrepareCountyAsync(year, counties[0], actor, inputs, cancellationToken);
        try
        {
            for (var i = 0; i < counties.Length; i++)
            {
                var prepared = await next!;
                next = i + 1 < counties.Length ? PrepareCountyAsync(year, counties[i + 1], actor, inputs, cancellationToken) : null;
                var (result, final) = await FinishCountyAsync(year, prepared, actor, inputs, cancellationToken);
                results.Add(result);
                snapshots.Add(final);
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
        return new YearlyRunReport(year, quota.Quota.Total, quota.Version, results, dispatch, runId);
    }

    /// <summary>A county read and, when it needs a decision, drafted, decided and rendered, but nothing written yet.</summary>
    private sealed record PreparedCounty(County County, CountyYearSnapshot Snapshot, CountyYearChange? Change, Task<byte[]>? Rendering);

    private async Task<PreparedCounty> PrepareCountyAsync(int year, County county, string actor, RunInputs inputs, CancellationToken cancellationToken)
    {
        var snapshot = await store.LoadAsync(year, county.Code, cancellationToken);
        var demo = options.Value.Demo;
        if (snapshot.State.Status is CountyYearStatus.None or CountyYearStatus.Proposal
            || (snapshot.State.Status == CountyYearStatus.Published && snapshot.State.NeedsNewDecision))
        {
            var change = await countyYears.DraftChangeAsync(snapshot, actor, null, "proposal", cancellationToken, inputs);
            var drafted = snapshot.Apply(change, snapshot.ETag);
            var request = new DecisionRequest(
                demo.DecisionDateFor(year, SwedishFormat.SwedishDate(clock.GetUtcNow())),
                demo.DiarienummerPattern.Replace("{year}", year.ToString(CultureInfo.InvariantCulture)).Replace("{county}", county.Code),
                demo.DecidedBy, demo.PresentedBy);
            change = change.Then(CountyYearRules.Decide(drafted, request, actor, clock.GetUtcNow()));
            // The decision is known before it is stored: render its PDF on another thread (the document
            // depends on the decided county-year only, which the commit does not change).
            var decided = snapshot.Apply(change, snapshot.ETag);
            var rendering = Task.Run(() => documents.RenderDecisionAsync(decided, decided.CurrentDecision!, cancellationToken, inputs.Quota), cancellationToken);
            return new PreparedCounty(county, snapshot, change, rendering);
        }
        return new PreparedCounty(county, snapshot, null, null);
    }

    private async Task<(CountyRunResult Result, CountyYearSnapshot Snapshot)> FinishCountyAsync(int year, PreparedCounty prepared, string actor, RunInputs inputs,
        CancellationToken cancellationToken)
    {
        var (county, snapshot, change, rendering) = prepared;
        var actions = new List<string>();
        if (change is not null)
        {
            try
            {
                snapshot = await store.CommitAsync(snapshot, change, cancellationToken);
            }
            catch
            {
                await Task.WhenAny(rendering!); // let the rendering finish; its result is not used
                throw;
            }
            actions.Add("decided");
        }
        PublicationOutcome? publication = null;
        if (snapshot.State.Status == CountyYearStatus.Decided)
        {
            publication = await countyYears.PublishAsync(snapshot, actor, cancellationToken, inputs, rendering);
            actions.Add("published");
        }
        var decision = publication?.Decision ?? snapshot.CurrentDecision;
        if (actions.Count == 0) actions.Add("unchanged");
        logger.LogInformation("{County} {Year}: {Actions}", county.Name, year, string.Join(", ", actions));
        var withoutAddress = publication?.WithoutAddress
            ?? reference.MunicipalitiesIn(county.Code).Where(m => snapshot.Outbox.All(o => o.RecipientKey != m.Code)).ToList();
        return (new CountyRunResult(county, snapshot.State.Lanstal, decision?.Numbers.Count ?? 0, decision?.Numbers.Sum(n => n.Kommuntal) ?? 0,
            decision?.Version ?? 0, decision?.Document?.Path, decision?.Document?.Sha256,
            publication?.Queued.Count ?? snapshot.Outbox.Count(o => o.SourceVersion == decision?.Version),
            withoutAddress, string.Join(", ", actions)), publication?.Snapshot ?? snapshot);
    }
}
