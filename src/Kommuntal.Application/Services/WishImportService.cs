using Kommuntal.Core.Ingestion;

namespace Kommuntal.Application.Services;

/// <summary>The outcome of an accepted wish file: the version, whether it is new, and whether this import changed the county-year's wishes.</summary>
public sealed record WishImportOutcome(WishVersion Version, bool Created, bool RecordedNow);

/// <summary>
/// Imports a county's wish (deviation) file for a year (HTTP upload, inbox timer and CLI all come
/// here): refuse files over the size limit, parse and validate in the core, store as an immutable
/// version, then record the wishes on the county-year (<see cref="CountyYearService.SetWishesAsync(int, string, IReadOnlyList{Kommuntal.Core.Allocation.Deviation}, string, CancellationToken)"/>)
/// so the next proposal applies them. The two writes are separate transactions (different tables):
/// the version is stored first, and every import, also of the same content again, brings the
/// county-year to the stored wishes, so an interrupted import is completed by uploading the file again.
/// </summary>
public sealed class WishImportService(
    DeviationFileParser parser,
    IInputStore inputs,
    CountyYearService countyYears,
    IOptions<IngestionOptions> options,
    TimeProvider clock,
    ILogger<WishImportService> logger)
{
    /// <summary>Parses and validates without storing anything; year and county are the file's, else the caller's.</summary>
    public WishFile Validate(InputFile file, int? year, string countyCode) =>
        parser.Read(file, year, countyCode, limits: options.Value.Admit(file));

    public async Task<WishImportOutcome> ImportAsync(InputFile file, int? year, string countyCode, string actor, CancellationToken cancellationToken)
    {
        var parsed = Validate(file, year, countyCode);
        // Refuse before storing anything when the county-year cannot take wishes now.
        var snapshot = await countyYears.LoadAsync(parsed.Year, parsed.CountyCode, cancellationToken);
        CountyYearRules.EnsureInputsMayChange(snapshot, "Önskemål", "Wishes");
        var source = InputSource.Of(file, actor, clock.GetUtcNow(), parsed.Format);
        var saved = await inputs.SaveWishesAsync(parsed.Year, parsed.CountyCode, parsed.Deviations, source, cancellationToken);
        var applied = false;
        if (!snapshot.State.Wishes.SequenceEqual(saved.Version.Wishes))
        {
            await countyYears.SetWishesAsync(parsed.Year, parsed.CountyCode, saved.Version.Wishes, actor, cancellationToken);
            applied = true;
        }
        logger.LogInformation("Wishes {Year}-{County} v{Version} from {File} ({Sha}): {Outcome}{Applied}", parsed.Year, parsed.CountyCode,
            saved.Version.Version, file.Name, source.Sha256, saved.Created ? "stored" : "already stored", applied ? ", recorded on the county-year" : "");
        return new WishImportOutcome(saved.Version, saved.Created, applied);
    }
}
