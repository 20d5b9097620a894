using Kommuntal.Core.Lifecycle;
using Kommuntal.Infrastructure.Storage.Entities;

namespace Kommuntal.Infrastructure.Storage;

/// <summary>
/// The notification outbox and sent-ledger: the "outbox-{id}" rows of the county-year partitions in
/// the "countyyears" table (written with the publication by <see cref="TableCountyYearStore"/>).
/// Every update is conditional on the row's ETag; a row and its audit line (and a row it adds, and
/// the claim of the next message) are one transaction. See docs/storage.md.
/// </summary>
public sealed class TableOutboxStore(StorageClients clients) : IOutboxStore
{
    private TableClient Table => clients.CountyYears;

    public async Task<OutboxMessage> UpdateAsync(int year, string countyCode, OutboxMessage message, AuditEntry? audit, OutboxMessage? added,
        CancellationToken cancellationToken)
    {
        var pk = TableKeys.CountyYear(year, countyCode);
        // The ledger row, the audit line that records it and the row it adds: one transaction, so a
        // failure between them can never leave a message marked sent without its audit line.
        var transaction = new TableTransaction(Table, pk).Replace(OutboxEntity.Write(pk, message), message.ETag is null ? ETag.All : new ETag(message.ETag));
        if (audit is not null) transaction.Add(AuditEntity.WriteStandalone(pk, audit));
        if (added is not null) transaction.Add(OutboxEntity.Write(pk, added));
        var etags = await transaction.SubmitAsync(_ => $"Outbox message {message.Id} was changed by someone else.", cancellationToken);
        return message with { ETag = etags[0] };
    }

    public async Task<(OutboxMessage Updated, OutboxMessage? Next)> UpdateAndClaimAsync(int year, string countyCode, OutboxMessage message, AuditEntry? audit,
        OutboxMessage next, CancellationToken cancellationToken)
    {
        var pk = TableKeys.CountyYear(year, countyCode);
        // Both rows are conditional on the ETag they were read or written with; never an unconditional overwrite.
        static ETag Etag(OutboxMessage m) => m.ETag is { } e ? new ETag(e)
            : throw new InvalidOperationException($"Outbox message {m.Id} has no ETag to update it under.");
        var transaction = new TableTransaction(Table, pk).Replace(OutboxEntity.Write(pk, message), Etag(message));
        if (audit is not null) transaction.Add(AuditEntity.WriteStandalone(pk, audit));
        transaction.Replace(OutboxEntity.Write(pk, next), Etag(next));
        if (await transaction.TrySubmitAsync(cancellationToken) is { } etags)
            return (message with { ETag = etags[0] }, next with { ETag = etags[^1]
                ?? throw new InvalidOperationException($"Storage returned no ETag for outbox message {next.Id}.") });
        // One of the two rows was changed by someone else (nothing was written): the message alone
        // tells which. If it goes through, the next one was taken; if not, it throws the conflict.
        return (await UpdateAsync(year, countyCode, message, audit, null, cancellationToken), null);
    }

    public async Task<bool> TryAddAsync(int year, string countyCode, OutboxMessage message, AuditEntry? audit, CancellationToken cancellationToken)
    {
        var pk = TableKeys.CountyYear(year, countyCode);
        var transaction = new TableTransaction(Table, pk).Add(OutboxEntity.Write(pk, message));
        if (audit is not null) transaction.Add(AuditEntity.WriteStandalone(pk, audit));
        return await transaction.TrySubmitAsync(cancellationToken) is not null; // null: already there, queued by an earlier or concurrent pass
    }

    public Task<IReadOnlyList<OutboxEntry>> FindPendingAsync(CancellationToken cancellationToken) =>
        QueryAsync(TableClient.CreateQueryFilter(
            $"EntityType eq {"outbox"} and (Status eq {nameof(NotificationStatus.Pending)} or Status eq {nameof(NotificationStatus.Sending)})"), cancellationToken);

    public async Task<IReadOnlyList<OutboxEntry>> FindAwaitingStatusAsync(DateTimeOffset dueBy, int max, CancellationToken cancellationToken)
    {
        // A row without NextStatusCheckAt does not match the comparison: nothing to ask about it.
        var list = await QueryAsync(TableClient.CreateQueryFilter(
            $"EntityType eq {"outbox"} and Status eq {nameof(NotificationStatus.Sent)} and NextStatusCheckAt le {dueBy}"), cancellationToken);
        return list.OrderBy(x => x.Message.NextStatusCheckAt).Take(Math.Max(0, max)).ToList();
    }

    public Task<IReadOnlyList<OutboxEntry>> FindCreatedSinceAsync(DateTimeOffset since, CancellationToken cancellationToken) =>
        QueryAsync(TableClient.CreateQueryFilter($"EntityType eq {"outbox"} and CreatedAt ge {since}"), cancellationToken);

    private async Task<IReadOnlyList<OutboxEntry>> QueryAsync(string filter, CancellationToken cancellationToken)
    {
        var list = new List<OutboxEntry>();
        await foreach (var e in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            var (year, county) = TableKeys.SplitCountyYear(e.PartitionKey);
            list.Add(new OutboxEntry(year, county, OutboxEntity.Read(e)));
        }
        return list;
    }
}
