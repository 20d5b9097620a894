using System.Text;
using Kommuntal.Core.Reference;

namespace Kommuntal.Infrastructure.Storage;

/// <summary>
/// Imported recipient lists in the "recipients" table (with the storage prefix). Partition = county
/// code; rows "v0001"... (the whole list as JSON, its SHA-256, source file, who and when) and
/// "head" (CurrentVersion and a copy of the current version's properties, so the current list is
/// one read, and every county's one query). A version is written in one transaction guarded by the
/// head row's ETag; the same list as the current version is not stored again. See docs/storage.md.
/// </summary>
public sealed class TableRecipientStore(StorageClients clients) : IRecipientStore
{
    private const int MaxAttempts = 5;
    private TableClient Table => clients.Recipients;

    private sealed record StoredRecipient(string Code, string Name, string Email);

    public async Task<(RecipientListVersion Version, bool Created)> SaveAsync(string countyCode, IReadOnlyList<RecipientAddress> recipients,
        RecipientSource source, CancellationToken cancellationToken)
    {
        var ordered = recipients.OrderBy(r => r.MunicipalityCode, StringComparer.Ordinal).ThenBy(r => r.Email, StringComparer.OrdinalIgnoreCase).ToList();
        var json = KommuntalJson.Serialize(ordered.Select(r => new StoredRecipient(r.MunicipalityCode, r.Name, r.Email)));
        var sha = DeterministicId.Sha256Hex(Encoding.UTF8.GetBytes(json));
        for (var attempt = 1; ; attempt++)
        {
            var head = await GetAsync(countyCode, "head", cancellationToken);
            if (await CurrentAsync(head, cancellationToken) is { } same && same.Sha256 == sha)
                return (same, false);
            var version = (head?.GetInt32("CurrentVersion") ?? 0) + 1;
            var entity = new TableEntity(countyCode, TableKeys.Version(version))
            {
                ["EntityType"] = "recipients",
                ["Version"] = version,
                ["CountyCode"] = countyCode,
                ["Count"] = ordered.Count,
                ["Sha256"] = sha,
                ["SourceFileName"] = source.FileName,
                ["ImportedBy"] = source.ImportedBy,
                ["ImportedAt"] = source.ImportedAt,
            };
            TableKeys.SetLargeText(entity, "RecipientsJson", json);
            var newHead = new TableEntity(entity) { RowKey = "head", ["EntityType"] = "head", ["CurrentVersion"] = version };
            var transaction = new TableTransaction(Table, countyCode).AddOrReplace(newHead, head?.ETag).Add(entity);
            if (await transaction.TrySubmitAsync(cancellationToken) is not null)
                return (Read(countyCode, entity), true);
            // a concurrent import took this version number: read again
            if (attempt == MaxAttempts)
                throw new ConcurrencyConflictException($"Recipients of county {countyCode}: lost {MaxAttempts} races for a version number.");
        }
    }

    public async Task<RecipientListVersion?> GetCurrentAsync(string countyCode, CancellationToken cancellationToken) =>
        await CurrentAsync(await GetAsync(countyCode, "head", cancellationToken), cancellationToken);

    public async Task<IReadOnlyDictionary<string, RecipientListVersion>> GetAllCurrentAsync(CancellationToken cancellationToken)
    {
        var all = new Dictionary<string, RecipientListVersion>(StringComparer.Ordinal);
        await foreach (var head in Table.QueryAsync<TableEntity>("RowKey eq 'head'", cancellationToken: cancellationToken))
            if (await CurrentAsync(head, cancellationToken) is { } current) all[head.PartitionKey] = current;
        return all;
    }

    /// <summary>The current version from its head row: the copy in it, or (a head written before the copy was kept) the version row.</summary>
    private async Task<RecipientListVersion?> CurrentAsync(TableEntity? head, CancellationToken cancellationToken)
    {
        if (head?.GetInt32("CurrentVersion") is not { } current) return null;
        if (head.GetString("Sha256") is not null && head.GetInt32("Version") == current) return Read(head.PartitionKey, head);
        var row = await GetAsync(head.PartitionKey, TableKeys.Version(current), cancellationToken);
        return row is null ? null : Read(head.PartitionKey, row);
    }

    private async Task<TableEntity?> GetAsync(string pk, string rk, CancellationToken cancellationToken)
    {
        var response = await Table.GetEntityIfExistsAsync<TableEntity>(pk, rk, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }

    private static RecipientListVersion Read(string countyCode, TableEntity e)
    {
        var list = KommuntalJson.Deserialize<List<StoredRecipient>>(TableKeys.GetLargeText(e, "RecipientsJson") ?? "[]")
            .Select(r => new RecipientAddress(r.Code, r.Name, r.Email)).ToList();
        return new RecipientListVersion(countyCode, e.GetInt32("Version")!.Value, list, e.GetString("Sha256"),
            new RecipientSource(e.GetString("SourceFileName"), e.GetString("ImportedBy"), e.GetDateTimeOffset("ImportedAt")!.Value));
    }
}
