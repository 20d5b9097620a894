using Kommuntal.Core.Allocation;
using Kommuntal.Core.Ingestion;

namespace Kommuntal.Application.Ports;

/// <summary>Where an accepted input file came from (indicators, wishes, andelstal, andelstal requests, follow-up statistics).</summary>
public sealed record InputSource(string FileName, string Sha256, string UploadedBy, DateTimeOffset UploadedAt, string Format)
{
    /// <summary>The source of <paramref name="file"/>: its name, the SHA-256 of its bytes, who uploaded it and when, the format it was read as.</summary>
    public static InputSource Of(InputFile file, string actor, DateTimeOffset uploadedAt, InputFormat format)
    {
        ArgumentNullException.ThrowIfNull(file);
        return new(file.Name, DeterministicId.Sha256Hex(file.Content), actor, uploadedAt, format.ToString().ToLowerInvariant());
    }
}

/// <summary>An immutable stored version of a year's indicators.</summary>
public sealed record IndicatorVersion(int Year, int Version, IndicatorSet Indicators, IReadOnlyList<string> Columns, InputSource Source)
{
    /// <summary>How drafts name these indicators (kept with every draft).</summary>
    public string Describe() =>
        $"indikatorer {Year} v{Version}: {Source.FileName} (SHA-256 {Source.Sha256[..12]}…, {Source.UploadedBy}, {Source.UploadedAt:yyyy-MM-dd HH:mm}Z)";
}

/// <summary>An immutable stored version of a county's wishes for a year.</summary>
public sealed record WishVersion(int Year, string CountyCode, int Version, IReadOnlyList<Deviation> Wishes, InputSource Source);

/// <summary>Result of storing an input: the version and whether it is new (false: the same content as the current version).</summary>
public sealed record InputSaveResult<T>(T Version, bool Created);

/// <summary>
/// Indicator and wish file versions in Table Storage (table "inputs"): one partition per year
/// (indicators) or per county and year (wishes), one transaction per version, idempotent by content.
/// </summary>
public interface IInputStore
{
    Task<InputSaveResult<IndicatorVersion>> SaveIndicatorsAsync(IndicatorSet indicators, IReadOnlyList<string> columns, InputSource source, CancellationToken cancellationToken);
    /// <summary>The latest version of a year's indicators, or null when none is imported.</summary>
    Task<IndicatorVersion?> GetIndicatorsAsync(int year, CancellationToken cancellationToken);
    Task<IReadOnlyList<IndicatorVersion>> ListIndicatorsAsync(int year, CancellationToken cancellationToken);

    Task<InputSaveResult<WishVersion>> SaveWishesAsync(int year, string countyCode, IReadOnlyList<Deviation> wishes, InputSource source, CancellationToken cancellationToken);
    Task<WishVersion?> GetWishesAsync(int year, string countyCode, CancellationToken cancellationToken);
    Task<IReadOnlyList<WishVersion>> ListWishesAsync(int year, string countyCode, CancellationToken cancellationToken);
}
