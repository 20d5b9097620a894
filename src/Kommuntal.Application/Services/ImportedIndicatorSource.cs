using Kommuntal.Core.Allocation;

namespace Kommuntal.Application.Services;

/// <summary>
/// The indicators allocation uses: the latest imported version for the year, else the bundled
/// ones (<see cref="BundledIndicatorSource"/>). The set's sources name the stored version (file,
/// content hash, who and when), so every draft records exactly which indicators it was computed with.
/// </summary>
public sealed class ImportedIndicatorSource(IInputStore inputs, BundledIndicatorSource bundled) : IIndicatorSource
{
    public async Task<IndicatorSet> GetAsync(int year, CancellationToken cancellationToken)
    {
        var latest = await inputs.GetIndicatorsAsync(year, cancellationToken);
        if (latest is null) return await bundled.GetAsync(year, cancellationToken);
        return latest.Indicators with { Sources = [latest.Describe(), .. latest.Indicators.Sources] };
    }
}
