using Kommuntal.Core.Fulfilment;

namespace Kommuntal.Application.Ports;

/// <summary>An immutable stored version of a year's statistics for one period (null: the whole year).</summary>
public sealed record FulfilmentVersion(int Year, string? Period, int Version, IReadOnlyList<FulfilmentRow> Rows, InputSource Source);

/// <summary>
/// The statistics files "Anvisningar enligt kommuntalen" in Table Storage (table "inputs"): one
/// partition per year and period, one transaction per version, idempotent by content.
/// </summary>
public interface IFulfilmentStore
{
    Task<InputSaveResult<FulfilmentVersion>> SaveAsync(int year, string? period, IReadOnlyList<FulfilmentRow> rows, InputSource source, CancellationToken cancellationToken);

    /// <summary>The current version of a year's period (null: the whole year), or null when none is imported.</summary>
    Task<FulfilmentVersion?> GetAsync(int year, string? period, CancellationToken cancellationToken);

    /// <summary>The current version of every period imported for the year, months in order, the whole year last.</summary>
    Task<IReadOnlyList<FulfilmentVersion>> ListCurrentAsync(int year, CancellationToken cancellationToken);
}
