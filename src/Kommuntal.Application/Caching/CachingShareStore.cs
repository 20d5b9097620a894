using Kommuntal.Core.Unaccompanied;

namespace Kommuntal.Application.Caching;

/// <summary>
/// The andelstal store, a year's shares read once per run (<see cref="RunCache"/>): a national run
/// drafts 21 counties and each asks for the year's shares, one read answers them all. A version this
/// run stores replaces what the scope holds. A county's requests are read per county as before (one
/// partition each, and only for a county with shares on record). Outside a scope every call reads.
/// </summary>
public sealed class CachingShareStore(IShareStore inner, RunCache cache) : IShareStore
{
    public async Task<InputSaveResult<ShareVersion>> SaveSharesAsync(int year, IReadOnlyList<RecordedShare> shares, IReadOnlyList<string> counties,
        InputSource source, CancellationToken cancellationToken)
    {
        var saved = await inner.SaveSharesAsync(year, shares, counties, source, cancellationToken);
        cache.Update<ShareVersion>(Key(year), _ => saved.Version);
        return saved;
    }

    public Task<ShareVersion?> GetSharesAsync(int year, CancellationToken cancellationToken) =>
        cache.GetOrReadAsync(Key(year), () => inner.GetSharesAsync(year, cancellationToken));

    public Task<InputSaveResult<ShareRequestVersion>> SaveRequestsAsync(int year, string countyCode, IReadOnlyList<ShareRequest> requests,
        InputSource source, CancellationToken cancellationToken) =>
        inner.SaveRequestsAsync(year, countyCode, requests, source, cancellationToken);

    public Task<ShareRequestVersion?> GetRequestsAsync(int year, string countyCode, CancellationToken cancellationToken) =>
        inner.GetRequestsAsync(year, countyCode, cancellationToken);

    private static (string, int) Key(int year) => ("andelstal", year);
}
