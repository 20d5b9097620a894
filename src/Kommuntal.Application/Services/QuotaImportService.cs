using Kommuntal.Application.Ports;
using Kommuntal.Core.Ingestion;
using Kommuntal.Core.Lifecycle;
using Kommuntal.Core.Quotas;
using Kommuntal.Core.Text;
using Kommuntal.Core.Validation;
using Microsoft.Extensions.Logging;

namespace Kommuntal.Application.Services;

/// <summary>The outcome of an accepted quota file.</summary>
public sealed record QuotaImportOutcome(QuotaVersion Version, bool Created, IReadOnlyList<string> ChangedCounties, IReadOnlyList<string> FlaggedCounties);

/// <summary>
/// Imports national quota files (HTTP upload, inbox timer and CLI all come here): parse and validate
/// in the core, store as an immutable version, and flag counties whose länstal a revision changed.
/// </summary>
public sealed class QuotaImportService(
    QuotaParser parser,
    IQuotaStore quotas,
    ICountyYearStore countyYears,
    TimeProvider clock,
    ILogger<QuotaImportService> logger)
{
    /// <summary>Parses and validates without storing anything.</summary>
    public NationalQuota Validate(InputFile file, int? year) => parser.Parse(file, year);

    public async Task<QuotaImportOutcome> ImportAsync(InputFile file, int? year, string actor, CancellationToken cancellationToken)
    {
        var quota = parser.Parse(file, year);
        if (quota.Year == 0)
            throw new ValidationFailedException([new ValidationProblem(file.Name, null, "year", "year-missing",
                "Året framgår inte av filen; ange det (--year eller i adressen).", "The file does not state the year; give it (--year or in the route).")]);
        var source = new QuotaSource(file.Name, DeterministicId.Sha256Hex(file.Content), actor, clock.GetUtcNow());
        var saved = await quotas.SaveAsync(quota, source, cancellationToken);
        logger.LogInformation("Quota {Year} v{Version} from {File} ({Sha}): {Outcome}", quota.Year, saved.Version.Version, file.Name,
            source.Sha256, saved.Created ? "stored" : "already stored");
        var flagged = await ReconcileCountyYearsAsync(saved.Version, actor, cancellationToken);
        return new QuotaImportOutcome(saved.Version, saved.Created, saved.ChangedCounties, flagged);
    }

    /// <summary>
    /// Brings every started county-year to the given quota version's länstal, flagging decided ones
    /// for a new decision. Idempotent: counties already at that länstal are left alone.
    /// </summary>
    public async Task<IReadOnlyList<string>> ReconcileCountyYearsAsync(QuotaVersion version, string actor, CancellationToken cancellationToken)
    {
        var flagged = new List<string>();
        if (version.Version == 1) return flagged; // no earlier länstal can have been used
        foreach (var county in version.Quota.Counties)
        {
            var snapshot = await countyYears.LoadAsync(version.Year, county.CountyCode, cancellationToken);
            if (snapshot.State.Status == CountyYearStatus.None || snapshot.State.Lanstal == county.Lanstal) continue;
            var change = CountyYearRules.ApplyQuotaRevision(snapshot, version.Version, county.Lanstal, actor, clock.GetUtcNow());
            await countyYears.CommitAsync(snapshot, change, cancellationToken);
            if (change.NewState.NeedsNewDecision) flagged.Add(county.CountyCode);
        }
        return flagged;
    }
}
