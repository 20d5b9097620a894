using Kommuntal.Core.Quotas;

namespace Kommuntal.Infrastructure.Storage;

/// <summary>
/// Quota versions in the "quotas" table. Partition = year. Rows: "head" (current version),
/// "v0001" (the national row), "v0001-18" (one per county), "sha-…" (content hash → version, for
/// idempotent re-uploads). A version is written in one transaction guarded by the head row's ETag.
/// </summary>
public sealed class TableQuotaStore(StorageClients clients) : IQuotaStore
{
    public async Task<QuotaSaveResult> SaveAsync(NationalQuota quota, QuotaSource source, CancellationToken cancellationToken)
    {
        var (version, created, rows) = await VersionedPartition.SaveAsync(clients.Quotas, TableKeys.Year(quota.Year), source.Sha256, "quota-hash",
            v => VersionRows(quota, source, v), $"Quota {quota.Year}", cancellationToken);
        if (!created) return new QuotaSaveResult(Build(quota.Year, version, rows)!, Created: false, ChangedCounties: []); // the same content as the current version
        var previous = version > 1 ? Build(quota.Year, version - 1, rows) : null;
        var changed = previous is null
            ? []
            : quota.Counties.Where(c => previous.Quota.For(c.CountyCode)?.Lanstal != c.Lanstal).Select(c => c.CountyCode).ToList();
        return new QuotaSaveResult(new QuotaVersion(quota.Year, version, quota, source), Created: true, changed);
    }

    /// <summary>A version's rows: the national row and one per county.</summary>
    private static List<TableEntity> VersionRows(NationalQuota quota, QuotaSource source, int version)
    {
        var pk = TableKeys.Year(quota.Year);
        var vk = TableKeys.Version(version);
        var rows = new List<TableEntity>
        {
            new(pk, vk)
            {
                ["EntityType"] = "quota",
                ["Version"] = version,
                ["Total"] = quota.Total,
                ["StatuteReference"] = quota.StatuteReference,
                ["SourceFileName"] = source.FileName,
                ["Sha256"] = source.Sha256,
                ["UploadedBy"] = source.UploadedBy,
                ["UploadedAt"] = source.UploadedAt,
            },
        };
        rows.AddRange(quota.Counties.Select(c => new TableEntity(pk, $"{vk}-{c.CountyCode}")
        {
            ["EntityType"] = "county-quota",
            ["CountyCode"] = c.CountyCode,
            ["CountyName"] = c.CountyName,
            ["Lanstal"] = c.Lanstal,
        }));
        return rows;
    }

    public async Task<QuotaVersion?> GetCurrentAsync(int year, CancellationToken cancellationToken)
    {
        var rows = await VersionedPartition.ReadAsync(clients.Quotas, TableKeys.Year(year), cancellationToken);
        return VersionedPartition.Current(rows) is > 0 and var current ? Build(year, current, rows) : null;
    }

    public async Task<IReadOnlyList<QuotaVersion>> ListAsync(int year, CancellationToken cancellationToken)
    {
        var rows = await VersionedPartition.ReadAsync(clients.Quotas, TableKeys.Year(year), cancellationToken);
        return Enumerable.Range(1, VersionedPartition.Current(rows)).Select(v => Build(year, v, rows)).OfType<QuotaVersion>().ToList();
    }

    private static QuotaVersion? Build(int year, int version, Dictionary<string, TableEntity> rows)
    {
        var vk = TableKeys.Version(version);
        if (!rows.TryGetValue(vk, out var n)) return null;
        var counties = rows.Values
            .Where(e => e.RowKey.StartsWith(vk + "-", StringComparison.Ordinal))
            .Select(e => new CountyQuota(e.GetString("CountyCode"), e.GetString("CountyName"), e.GetInt32("Lanstal")!.Value))
            .OrderBy(c => c.CountyCode, StringComparer.Ordinal)
            .ToList();
        var quota = new NationalQuota(year, n.GetInt32("Total")!.Value, counties, n.GetString("StatuteReference"));
        var source = new QuotaSource(n.GetString("SourceFileName"), n.GetString("Sha256"), n.GetString("UploadedBy"),
            n.GetDateTimeOffset("UploadedAt")!.Value);
        return new QuotaVersion(year, version, quota, source);
    }
}
