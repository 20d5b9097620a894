using Kommuntal.Core.Ingestion;
using Kommuntal.Core.Quotas;
using Kommuntal.Core.Validation;

namespace Kommuntal.Application.Services;

/// <summary>The outcome of an accepted quota file.</summary>
public sealed record QuotaImportOutcome(QuotaVersion Version, bool Created, IReadOnlyList<string> ChangedCounties, IReadOnlyList<string> FlaggedCounties);

/// <summary>
/// Imports national quota files (HTTP upload, inbox timer and CLI all come here): refuse files over
/// the size limit, parse and validate in the core (annex text, CSV, XLSX or JSON), store as an
/// immutable version, and flag counties whose länstal a revision changed (through
/// <see cref="CountyYearService.ApplyQuotaRevisionAsync"/>, the writer of county-year state).
/// </summary>
public sealed class QuotaImportService(
    QuotaParser parser,
    IQuotaStore quotas,
    ICountyYearStore store,
    CountyYearService countyYears,
    IOptions<IngestionOptions> options,
    TimeProvider clock,
    ILogger<QuotaImportService> logger)
{
    /// <summary>Parses and validates without storing anything. The year is the file's, else <paramref name="year"/>.</summary>
    public NationalQuota Validate(InputFile file, int? year) => Read(file, year).Quota;

    /// <summary>Parses and validates, with the format found; throws <see cref="ValidationFailedException"/>.</summary>
    public QuotaFile Read(InputFile file, int? year) =>
        parser.Read(file, year, options.Value.Admit(file));

    public async Task<QuotaImportOutcome> ImportAsync(InputFile file, int? year, string actor, CancellationToken cancellationToken)
    {
        var parsed = Read(file, year);
        var quota = parsed.Quota;
        if (quota.Year == 0) throw new ValidationFailedException([IngestionRules.YearMissing(file.Name)]);
        var source = new QuotaSource(file.Name, DeterministicId.Sha256Hex(file.Content), actor, clock.GetUtcNow());
        var saved = await quotas.SaveAsync(quota, source, cancellationToken);
        logger.LogInformation("Quota {Year} v{Version} from {File} ({Format}, {Encoding}, {Sha}): {Outcome}", quota.Year, saved.Version.Version, file.Name,
            parsed.Format, parsed.Encoding, source.Sha256, saved.Created ? "stored" : "already stored");
        await EnsureAuditedAsync(saved.Version, cancellationToken);
        var flagged = await countyYears.ApplyQuotaRevisionAsync(saved.Version, actor, cancellationToken);
        return new QuotaImportOutcome(saved.Version, saved.Created, saved.ChangedCounties, flagged);
    }

    /// <summary>
    /// Records the version's import on the national audit trail, once per version (even under concurrent imports or runs),
    /// also when an import or run interrupted between storing and auditing is repeated (the version
    /// then already exists and nothing else would write it).
    /// </summary>
    public async Task EnsureAuditedAsync(QuotaVersion version, CancellationToken cancellationToken)
    {
        var source = version.Source;
        var quota = version.Quota;
        await store.AppendAuditOnceAsync(version.Year, NationalAudit.CountyCode, $"quota-imported-{version.Year}-v{version.Version}", new AuditEntry(source.UploadedAt, source.UploadedBy, "quota.imported",
            $"Länstal {version.Year} version {version.Version} från {source.FileName}: riket {SwedishFormat.Number(quota.Total)}"
            + (quota.StatuteReference is { Length: > 0 } sfs ? $", {sfs}" : "") + ".", source.Sha256), cancellationToken);
    }
}
