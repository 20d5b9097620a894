using Kommuntal.Core.Quotas;

namespace Kommuntal.Application.Caching;

/// <summary>
/// The quota store, read once per run (<see cref="RunCache"/>). In a run's scope a year's versions
/// are read with one <see cref="IQuotaStore.ListAsync"/> and both reads are answered from it (the
/// current version is the last one; the table store reads the year's partition for either, so the
/// first read costs what a read of the current version costs); a version this run stores is added.
/// Outside a scope every call goes to the store.
/// </summary>
public sealed class CachingQuotaStore(IQuotaStore inner, RunCache cache) : IQuotaStore
{
    public async Task<QuotaSaveResult> SaveAsync(NationalQuota quota, QuotaSource source, CancellationToken cancellationToken)
    {
        var saved = await inner.SaveAsync(quota, source, cancellationToken);
        // The saved version is the year's current one (new, or the same content stored before, also
        // by another run since this scope read the year): known already, the next one after those
        // known, or else someone stored versions in between and the year is read again.
        var version = saved.Version.Version;
        cache.Update<IReadOnlyList<QuotaVersion>>(Key(quota.Year), versions =>
            versions.Count == version && versions[^1].Version == version ? versions
            : versions.Count == version - 1 ? [.. versions, saved.Version]
            : null);
        return saved;
    }

    public async Task<QuotaVersion?> GetCurrentAsync(int year, CancellationToken cancellationToken) =>
        cache.Active ? (await ListAsync(year, cancellationToken)).LastOrDefault() : await inner.GetCurrentAsync(year, cancellationToken);

    public Task<IReadOnlyList<QuotaVersion>> ListAsync(int year, CancellationToken cancellationToken) =>
        cache.GetOrReadAsync(Key(year), () => inner.ListAsync(year, cancellationToken));

    private static (string, int) Key(int year) => ("quota-versions", year);
}
