using Kommuntal.Core.Allocation;

namespace Kommuntal.Application.Caching;

/// <summary>The indicators of a year, read once per run (<see cref="RunCache"/>); outside a run's scope every call reads.</summary>
public sealed class CachingIndicatorSource(IIndicatorSource inner, RunCache cache) : IIndicatorSource
{
    public Task<IndicatorSet> GetAsync(int year, CancellationToken cancellationToken) =>
        cache.GetOrReadAsync(("indicators", year), () => inner.GetAsync(year, cancellationToken));
}

/// <summary>
/// The recipient addresses, read once per run (<see cref="RunCache"/>): in a run's scope one
/// <see cref="IRecipientDirectory.GetAllAsync"/> answers every county's
/// <see cref="IRecipientDirectory.GetAsync"/>. Outside a scope every call reads.
/// </summary>
public sealed class CachingRecipientDirectory(IRecipientDirectory inner, RunCache cache) : IRecipientDirectory
{
    public async Task<IReadOnlyList<RecipientAddress>> GetAsync(string countyCode, CancellationToken cancellationToken)
    {
        if (!cache.Active) return await inner.GetAsync(countyCode, cancellationToken);
        var all = await GetAllAsync(cancellationToken);
        return all.TryGetValue(countyCode, out var list) ? list : await inner.GetAsync(countyCode, cancellationToken);
    }

    public Task<IReadOnlyDictionary<string, IReadOnlyList<RecipientAddress>>> GetAllAsync(CancellationToken cancellationToken) =>
        cache.GetOrReadAsync("recipients", () => inner.GetAllAsync(cancellationToken));
}
