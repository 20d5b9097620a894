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
                ?? throw new InvalidTransitionException($"Det finns inga länstal för {year}; importera dem först.", $"There is no quota for {year}; import it first.");
            quota = (await quotaImport.ImportAsync(InputFile.FromText($"lanstal-{year}.csv", csv), year, actor, cancellationToken)).Version;
        }
        else await quotaImport.EnsureAuditedAsync(quota, cancellationToken); // an earlier run may have stopped between storing and auditing

        // The quota and the indicators are read once for the run, not once per county.
        var inputs = new RunInputs(year, quota, await indicators.GetAsync(year, cancellationToken));
        // One county after the other: concurrent runs of the same year then meet on the first county and
        // one of them wins it (tests/Kommuntal.Infrastructure.Tests/Stress/ConcurrencyTests.cs).
        var results = new List<CountyRunResult>();
        foreach (var countyQuota in quota.Quota.Counties)
            results.Add(await RunCountyAsync(year, reference.County(countyQuota.CountyCode), actor, inputs, cancellationToken));
        var dispatch = await dispatcher.DispatchAsync(cancellationToken);
        await index.RegenerateAsync(cancellationToken);
        return new YearlyRunReport(year, quota.Quota.Total, quota.Version, results, dispatch, runId);
    }

    private async Task<CountyRunResult> RunCountyAsync(int year, County county, string actor, RunInputs inputs, CancellationToken cancellationToken)
    {
        var snapshot = await store.LoadAsync(year, county.Code, cancellationToken);
        var actions = new List<string>();
        var demo = options.Value.Demo;
        Task<byte[]>? rendering = null;
        if (snapshot.State.Status is CountyYearStatus.None or CountyYearStatus.Proposal
            || (snapshot.State.Status == CountyYearStatus.Published && snapshot.State.NeedsNewDecision))
        {
            var change = await countyYears.DraftChangeAsync(snapshot, actor, null, "proposal", cancellationToken, inputs);
            var drafted = snapshot.Apply(change, snapshot.ETag);
            var request = new DecisionRequest(
                SwedishFormat.SwedishDate(clock.GetUtcNow()),
                demo.DiarienummerPattern.Replace("{year}", year.ToString(CultureInfo.InvariantCulture)).Replace("{county}", county.Code),
                demo.DecidedBy, demo.PresentedBy);
            change = change.Then(CountyYearRules.Decide(drafted, request, actor, clock.GetUtcNow()));
            // The decision is known before it is stored: render its PDF on another thread while the
            // transaction is in flight (the document depends on the decided county-year only, which the
            // commit does not change), so the CPU work and the round trip overlap.
            var decided = snapshot.Apply(change, snapshot.ETag);
            rendering = Task.Run(() => documents.RenderDecisionAsync(decided, decided.CurrentDecision!, cancellationToken, inputs.Quota), cancellationToken);
            try
            {
                snapshot = await store.CommitAsync(snapshot, change, cancellationToken);
            }
            catch
            {
                await Task.WhenAny(rendering); // let the rendering finish; its result is not used
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
        return new CountyRunResult(county, snapshot.State.Lanstal, decision?.Numbers.Count ?? 0, decision?.Numbers.Sum(n => n.Kommuntal) ?? 0,
            decision?.Version ?? 0, decision?.Document?.Path, decision?.Document?.Sha256,
            publication?.Queued.Count ?? snapshot.Outbox.Count(o => o.SourceVersion == decision?.Version),
            withoutAddress, string.Join(", ", actions));
    }
}
