using Kommuntal.Application.Ports;
using Kommuntal.Core.Quotas;

namespace Kommuntal.Testing.InMemory;

/// <summary>
/// <see cref="IQuotaStore"/> in memory, with the table store's semantics (<c>TableQuotaStore</c>;
/// the shared <c>QuotaStoreContract</c> runs against both): versions 1, 2, … per year; storing the
/// content of the current version again stores nothing; the content of an older version again is a
/// new version (a revert); the counties whose länstal changed from the previous version are named.
/// </summary>
public sealed class InMemoryQuotaStore : IQuotaStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<int, List<QuotaVersion>> _years = [];
    private int _reads;

    /// <summary>Reads of a year's versions (each a partition query in the table store).</summary>
    public int Reads => Volatile.Read(ref _reads);

    public Task<QuotaSaveResult> SaveAsync(NationalQuota quota, QuotaSource source, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var versions = _years.TryGetValue(quota.Year, out var list) ? list : _years[quota.Year] = [];
            var current = versions.LastOrDefault();
            if (current is not null && current.Source.Sha256 == source.Sha256)
                return Task.FromResult(new QuotaSaveResult(current, Created: false, ChangedCounties: []));
            var stored = new QuotaVersion(quota.Year, versions.Count + 1, quota, source);
            versions.Add(stored);
            var changed = current is null
                ? []
                : quota.Counties.Where(c => current.Quota.For(c.CountyCode)?.Lanstal != c.Lanstal).Select(c => c.CountyCode).ToList();
            return Task.FromResult(new QuotaSaveResult(stored, Created: true, changed));
        }
    }

    public Task<QuotaVersion?> GetCurrentAsync(int year, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _reads);
        lock (_gate) return Task.FromResult(_years.TryGetValue(year, out var list) ? list.LastOrDefault() : null);
    }

    public Task<IReadOnlyList<QuotaVersion>> ListAsync(int year, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _reads);
        lock (_gate) return Task.FromResult<IReadOnlyList<QuotaVersion>>(_years.TryGetValue(year, out var list) ? [.. list] : []);
    }
}
