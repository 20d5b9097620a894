using Kommuntal.Core.Reference;
using Kommuntal.Core.Unaccompanied;
using Kommuntal.Infrastructure.Storage.Entities;

namespace Kommuntal.Infrastructure.Storage;

/// <summary>
/// Share (andelstal) and share-request file versions in the "inputs" table (see docs/storage.md).
/// Shares: partition "andelstal-2022"; rows "head", "v0001" (the version: source, the counties the
/// file replaced), "v0001-18" (that county's shares as JSON, thousandths of a per mille, every county
/// on record in every version), "sha-{sha256}". Requests: partition "andelstal-requests-2022-18";
/// rows "head", "v0001" (the requests as JSON), "sha-{sha256}". A version is one transaction in its
/// partition (<see cref="VersionedPartition"/>); the same content as the current version returns it.
/// </summary>
public sealed class TableShareStore(StorageClients clients, ReferenceData reference) : IShareStore
{
    private TableClient Table => clients.Inputs;

    public async Task<InputSaveResult<ShareVersion>> SaveSharesAsync(int year, IReadOnlyList<RecordedShare> shares, IReadOnlyList<string> counties, InputSource source,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shares);
        ArgumentNullException.ThrowIfNull(counties);
        ArgumentNullException.ThrowIfNull(source);
        var pk = InputPartitions.Shares(year);
        var replaced = counties.ToHashSet(StringComparer.Ordinal);
        var (version, created, rows) = await VersionedPartition.SaveAsync(Table, pk, source.Sha256, "input-hash", (v, current) =>
        {
            var kept = VersionedPartition.Current(current) is > 0 and var c
                ? SharesOf(c, current).Where(s => !replaced.Contains(CountyOf(s.MunicipalityCode)))
                : [];
            var all = kept.Concat(shares).OrderBy(s => s.MunicipalityCode, StringComparer.Ordinal).ToList();
            var vk = TableKeys.Version(v);
            var head = InputVersionEntity.Describe(new TableEntity(pk, vk)
            {
                ["Year"] = year, ["Counties"] = string.Join(",", counties.Order(StringComparer.Ordinal)), ["Municipalities"] = all.Count,
            }, "andelstal", v, source);
            var list = new List<TableEntity> { head };
            foreach (var group in all.GroupBy(s => CountyOf(s.MunicipalityCode)).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var row = new TableEntity(pk, $"{vk}-{group.Key}") { ["EntityType"] = "andelstal-county", ["CountyCode"] = group.Key };
                TableKeys.SetLargeText(row, "SharesJson", KommuntalJson.Serialize(group.Select(s => new ShareRow(s.MunicipalityCode, s.Share.Thousandths)).ToList()));
                list.Add(row);
            }
            return list;
        }, $"Inputs {pk}", cancellationToken);
        return new InputSaveResult<ShareVersion>(BuildShares(year, version, rows)!, created);
    }

    public async Task<ShareVersion?> GetSharesAsync(int year, CancellationToken cancellationToken)
    {
        var rows = await VersionedPartition.ReadAsync(Table, InputPartitions.Shares(year), cancellationToken);
        return VersionedPartition.Current(rows) is > 0 and var current ? BuildShares(year, current, rows) : null;
    }

    public async Task<InputSaveResult<ShareRequestVersion>> SaveRequestsAsync(int year, string countyCode, IReadOnlyList<ShareRequest> requests, InputSource source,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requests);
        ArgumentNullException.ThrowIfNull(source);
        var pk = InputPartitions.ShareRequests(year, countyCode);
        var (version, created, rows) = await VersionedPartition.SaveAsync(Table, pk, source.Sha256, "input-hash", v =>
        {
            var row = InputVersionEntity.Describe(new TableEntity(pk, TableKeys.Version(v))
            {
                ["Year"] = year, ["CountyCode"] = countyCode, ["Count"] = requests.Count,
            }, "andelstal-requests", v, source);
            TableKeys.SetLargeText(row, "RequestsJson", KommuntalJson.Serialize(requests.Select(RequestRow.From).ToList()));
            return [row];
        }, $"Inputs {pk}", cancellationToken);
        return new InputSaveResult<ShareRequestVersion>(BuildRequests(year, countyCode, version, rows)!, created);
    }

    public async Task<ShareRequestVersion?> GetRequestsAsync(int year, string countyCode, CancellationToken cancellationToken)
    {
        var rows = await VersionedPartition.ReadAsync(Table, InputPartitions.ShareRequests(year, countyCode), cancellationToken);
        return VersionedPartition.Current(rows) is > 0 and var current ? BuildRequests(year, countyCode, current, rows) : null;
    }

    private string CountyOf(string municipalityCode) => reference.FindMunicipality(municipalityCode)?.CountyCode ?? "00";

    private static IEnumerable<RecordedShare> SharesOf(int version, IReadOnlyDictionary<string, TableEntity> rows)
    {
        var prefix = TableKeys.Version(version) + "-";
        return rows.Values.Where(e => e.RowKey.StartsWith(prefix, StringComparison.Ordinal))
            .SelectMany(e => KommuntalJson.Deserialize<List<ShareRow>>(TableKeys.GetLargeText(e, "SharesJson") ?? "[]"))
            .Select(r => new RecordedShare(r.Code, new PerMille(r.Thousandths)));
    }

    private static ShareVersion? BuildShares(int year, int version, IReadOnlyDictionary<string, TableEntity> rows)
    {
        if (!rows.TryGetValue(TableKeys.Version(version), out var head)) return null;
        var shares = SharesOf(version, rows).OrderBy(s => s.MunicipalityCode, StringComparer.Ordinal).ToList();
        var counties = (head.GetString("Counties") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries);
        return new ShareVersion(year, version, shares, counties, InputVersionEntity.SourceOf(head));
    }

    private static ShareRequestVersion? BuildRequests(int year, string countyCode, int version, IReadOnlyDictionary<string, TableEntity> rows)
    {
        if (!rows.TryGetValue(TableKeys.Version(version), out var row)) return null;
        var requests = KommuntalJson.Deserialize<List<RequestRow>>(TableKeys.GetLargeText(row, "RequestsJson") ?? "[]").Select(r => r.ToRequest()).ToList();
        return new ShareRequestVersion(year, countyCode, version, requests, InputVersionEntity.SourceOf(row));
    }

    /// <summary>Stored form of one share: thousandths of a per mille.</summary>
    private sealed record ShareRow(string Code, long Thousandths);

    /// <summary>Stored form of one request (amount in thousandths of a per mille; null when not given).</summary>
    private sealed record RequestRow(string Municipality, string Request, long? Thousandths, string? Counterpart, string Reason)
    {
        public static RequestRow From(ShareRequest r) => new(r.MunicipalityCode, ShareRequest.KindName(r.Kind), r.Amount?.Thousandths, r.CounterpartCode, r.Reason);
        public ShareRequest ToRequest() => new(Municipality, ShareRequest.ParseKind(Request)!.Value, Thousandths is { } t ? new PerMille(t) : null, Counterpart, Reason);
    }
}
