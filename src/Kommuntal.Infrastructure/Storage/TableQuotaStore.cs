using Azure.Data.Tables;
using Kommuntal.Application.Ports;
using Kommuntal.Core.Quotas;

namespace Kommuntal.Infrastructure.Storage;

/// <summary>
/// Quota versions in the "quotas" table. Partition = year. Rows: "head" (current version),
/// "v0001" (the national row), "v0001-18" (one per county), "sha-…" (content hash → version, for
/// idempotent re-uploads). A version is written in one transaction guarded by the head row's ETag.
/// </summary>
public sealed class TableQuotaStore(StorageClients clients) : IQuotaStore
{
    private const int MaxAttempts = 5;

    public async Task<QuotaSaveResult> SaveAsync(NationalQuota quota, QuotaSource source, CancellationToken cancellationToken)
    {
        await clients.EnsureCreatedAsync();
        var pk = TableKeys.Year(quota.Year);
        for (var attempt = 1; ; attempt++)
        {
            var rows = await ReadPartitionAsync(pk, cancellationToken);
            rows.TryGetValue("head", out var head);
            var current = head?.GetInt32("CurrentVersion") ?? 0;
            rows.TryGetValue("sha-" + source.Sha256, out var shaRow);
            if (shaRow is not null && shaRow.GetInt32("Version") == current)
            {
                // The same content as the current version: nothing new.
                return new QuotaSaveResult(Build(quota.Year, current, rows)!, Created: false, ChangedCounties: []);
            }
            // New content, or the content of an older version again (a revert): a new version either way.
            var previous = current > 0 ? Build(quota.Year, current, rows) : null;
            var version = current + 1;
            var vk = TableKeys.Version(version);
            var actions = new List<TableTransactionAction>();
            var newHead = new TableEntity(pk, "head") { ["CurrentVersion"] = version, ["EntityType"] = "head" };
            actions.Add(head is null
                ? new TableTransactionAction(TableTransactionActionType.Add, newHead)
                : new TableTransactionAction(TableTransactionActionType.UpdateReplace, newHead, head.ETag));
            actions.Add(new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(pk, vk)
            {
                ["EntityType"] = "quota",
                ["Version"] = version,
                ["Total"] = quota.Total,
                ["StatuteReference"] = quota.StatuteReference,
                ["SourceFileName"] = source.FileName,
                ["Sha256"] = source.Sha256,
                ["UploadedBy"] = source.UploadedBy,
                ["UploadedAt"] = source.UploadedAt,
            }));
            foreach (var c in quota.Counties)
                actions.Add(new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(pk, $"{vk}-{c.CountyCode}")
                {
                    ["EntityType"] = "county-quota",
                    ["CountyCode"] = c.CountyCode,
                    ["CountyName"] = c.CountyName,
                    ["Lanstal"] = c.Lanstal,
                }));
            var hashRow = new TableEntity(pk, "sha-" + source.Sha256) { ["EntityType"] = "quota-hash", ["Version"] = version };
            actions.Add(shaRow is null
                ? new TableTransactionAction(TableTransactionActionType.Add, hashRow)
                : new TableTransactionAction(TableTransactionActionType.UpdateReplace, hashRow, shaRow.ETag));
            TableKeys.GuardTransaction(actions);
            try
            {
                await clients.Quotas.SubmitTransactionAsync(actions, cancellationToken);
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412 && attempt < MaxAttempts)
            {
                continue; // another upload took this version number (or stored the same content) first: read again
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
            {
                throw new ConcurrencyConflictException($"Quota {quota.Year}: lost {MaxAttempts} races for a version number.", ex);
            }
            var stored = new QuotaVersion(quota.Year, version, quota, source);
            var changed = previous is null
                ? []
                : quota.Counties.Where(c => previous.Quota.For(c.CountyCode)?.Lanstal != c.Lanstal).Select(c => c.CountyCode).ToList();
            return new QuotaSaveResult(stored, Created: true, changed);
        }
    }

    public async Task<QuotaVersion?> GetCurrentAsync(int year, CancellationToken cancellationToken)
    {
        await clients.EnsureCreatedAsync();
        var rows = await ReadPartitionAsync(TableKeys.Year(year), cancellationToken);
        return rows.TryGetValue("head", out var head) ? Build(year, head.GetInt32("CurrentVersion")!.Value, rows) : null;
    }

    public async Task<IReadOnlyList<QuotaVersion>> ListAsync(int year, CancellationToken cancellationToken)
    {
        await clients.EnsureCreatedAsync();
        var rows = await ReadPartitionAsync(TableKeys.Year(year), cancellationToken);
        var current = rows.TryGetValue("head", out var head) ? head.GetInt32("CurrentVersion")!.Value : 0;
        return Enumerable.Range(1, current).Select(v => Build(year, v, rows)).OfType<QuotaVersion>().ToList();
    }

    private async Task<Dictionary<string, TableEntity>> ReadPartitionAsync(string pk, CancellationToken cancellationToken)
    {
        var rows = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
        await foreach (var e in clients.Quotas.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {pk}"), cancellationToken: cancellationToken))
            rows[e.RowKey] = e;
        return rows;
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
