using Kommuntal.Core.Ingestion;

namespace Kommuntal.Application.Services;

/// <summary>The outcome of an accepted indicator file.</summary>
public sealed record IndicatorImportOutcome(IndicatorVersion Version, bool Created);

/// <summary>
/// Imports indicator files (HTTP upload, inbox timer and CLI all come here): refuse files over the
/// size limit, parse and validate in the core, store as an immutable version of the year's
/// indicators. The latest version is what the next proposal uses (<see cref="ImportedIndicatorSource"/>).
/// </summary>
public sealed class IndicatorImportService(
    IndicatorFileParser parser,
    IInputStore inputs,
    ICountyYearStore countyYears,
    IOptions<IngestionOptions> options,
    TimeProvider clock,
    ILogger<IndicatorImportService> logger)
{
    /// <summary>Parses and validates without storing anything; the year is the file's, else <paramref name="year"/>.</summary>
    public IndicatorFile Validate(InputFile file, int? year) =>
        parser.Read(file, year, limits: options.Value.Admit(file));

    public async Task<IndicatorImportOutcome> ImportAsync(InputFile file, int? year, string actor, CancellationToken cancellationToken)
    {
        var parsed = Validate(file, year);
        var source = InputSource.Of(file, actor, clock.GetUtcNow(), parsed.Format);
        var saved = await inputs.SaveIndicatorsAsync(parsed.Indicators, parsed.IndicatorColumns, source, cancellationToken);
        logger.LogInformation("Indicators {Year} v{Version} from {File} ({Format}, {Encoding}, {Sha}): {Outcome}", parsed.Indicators.Year,
            saved.Version.Version, file.Name, parsed.Format, parsed.Encoding, source.Sha256, saved.Created ? "stored" : "already stored");
        await countyYears.AppendAuditOnceAsync(parsed.Indicators.Year, NationalAudit.CountyCode, $"indicators-imported-{parsed.Indicators.Year}-v{saved.Version.Version}", new AuditEntry(source.UploadedAt, actor, "indicators.imported",
                $"Indikatorer {parsed.Indicators.Year} version {saved.Version.Version} från {file.Name} ({parsed.Format}).", source.Sha256), cancellationToken);
        return new IndicatorImportOutcome(saved.Version, saved.Created);
    }
}
