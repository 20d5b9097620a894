using Kommuntal.Application.Ports;
using Kommuntal.Core.Reference;
using Kommuntal.Core.Unaccompanied;

namespace Kommuntal.Testing.InMemory;

/// <summary>
/// <see cref="IShareStore"/> in memory, with the table store's semantics (<c>TableShareStore</c>; the
/// shared <c>ShareStoreContract</c> runs against both): versions 1, 2, … per year (shares) or per
/// county and year (requests); the content of the current version again stores nothing; a shares
/// version replaces the counties its file covered and keeps the others' shares.
/// </summary>
public sealed class InMemoryShareStore : IShareStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<int, List<ShareVersion>> _shares = [];
    private readonly Dictionary<(int, string), List<ShareRequestVersion>> _requests = [];

    public Task<InputSaveResult<ShareVersion>> SaveSharesAsync(int year, IReadOnlyList<RecordedShare> shares, IReadOnlyList<string> counties, InputSource source,
        CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var versions = _shares.TryGetValue(year, out var list) ? list : _shares[year] = [];
            var current = versions.LastOrDefault();
            if (current is not null && current.Source.Sha256 == source.Sha256) return Task.FromResult(new InputSaveResult<ShareVersion>(current, false));
            var replaced = counties.ToHashSet(StringComparer.Ordinal);
            var kept = current?.Shares.Where(s => !replaced.Contains(ReferenceData.Bundled.FindMunicipality(s.MunicipalityCode)?.CountyCode ?? "00")) ?? [];
            var stored = new ShareVersion(year, versions.Count + 1, [.. kept.Concat(shares).OrderBy(s => s.MunicipalityCode, StringComparer.Ordinal)],
                [.. counties.Order(StringComparer.Ordinal)], source);
            versions.Add(stored);
            return Task.FromResult(new InputSaveResult<ShareVersion>(stored, true));
        }
    }

    public Task<ShareVersion?> GetSharesAsync(int year, CancellationToken cancellationToken)
    {
        lock (_gate) return Task.FromResult(_shares.TryGetValue(year, out var list) ? list.LastOrDefault() : null);
    }

    public Task<InputSaveResult<ShareRequestVersion>> SaveRequestsAsync(int year, string countyCode, IReadOnlyList<ShareRequest> requests, InputSource source,
        CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var versions = _requests.TryGetValue((year, countyCode), out var list) ? list : _requests[(year, countyCode)] = [];
            var current = versions.LastOrDefault();
            if (current is not null && current.Source.Sha256 == source.Sha256) return Task.FromResult(new InputSaveResult<ShareRequestVersion>(current, false));
            var stored = new ShareRequestVersion(year, countyCode, versions.Count + 1, [.. requests], source);
            versions.Add(stored);
            return Task.FromResult(new InputSaveResult<ShareRequestVersion>(stored, true));
        }
    }

    public Task<ShareRequestVersion?> GetRequestsAsync(int year, string countyCode, CancellationToken cancellationToken)
    {
        lock (_gate) return Task.FromResult(_requests.TryGetValue((year, countyCode), out var list) ? list.LastOrDefault() : null);
    }
}
