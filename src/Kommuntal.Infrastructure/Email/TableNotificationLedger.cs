using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Kommuntal.Application.Ports;
using Kommuntal.Core.Lifecycle;
using Kommuntal.Infrastructure.Storage;

namespace Kommuntal.Infrastructure.Email;

/// <summary>
/// The sent-ledger's own operations on the outbox rows of the "countyyears" table (rows
/// "outbox-{id}" in the county-year's partition; mapping shared with <see cref="TableCountyYearStore"/>):
/// create-only inserts of the dispatcher's own messages and the cross-partition queries of the
/// delivery-status poller and the coordinator's summaries. See docs/storage.md.
/// </summary>
public sealed class TableNotificationLedger(StorageClients clients) : INotificationLedger
{
    private TableClient Table => clients.CountyYears;

    public async Task<bool> TryAddAsync(int year, string countyCode, OutboxMessage message, CancellationToken cancellationToken, AuditEntry? audit = null)
    {
        await clients.EnsureCreatedAsync();
        var pk = TableKeys.CountyYear(year, countyCode);
        try
        {
            if (audit is null)
            {
                await Table.AddEntityAsync(TableCountyYearStore.WriteOutbox(pk, message), cancellationToken);
                return true;
            }
            var actions = new List<TableTransactionAction>
            {
                new(TableTransactionActionType.Add, TableCountyYearStore.WriteOutbox(pk, message)),
                new(TableTransactionActionType.Add, TableCountyYearStore.WriteStandaloneAudit(pk, audit)),
            };
            TableKeys.GuardTransaction(actions);
            await Table.SubmitTransactionAsync(actions, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false; // already there: queued by an earlier or concurrent pass
        }
    }

    public async Task<IReadOnlyList<(int Year, string CountyCode, OutboxMessage Message)>> FindAwaitingStatusAsync(DateTimeOffset dueBy, int max, CancellationToken cancellationToken)
    {
        await clients.EnsureCreatedAsync();
        // A row without NextStatusCheckAt does not match the comparison: nothing to ask about it.
        var filter = TableClient.CreateQueryFilter($"EntityType eq {"outbox"} and Status eq {nameof(NotificationStatus.Sent)} and NextStatusCheckAt le {dueBy}");
        var list = await QueryAsync(filter, cancellationToken);
        return list.OrderBy(x => x.Message.NextStatusCheckAt).Take(Math.Max(0, max)).ToList();
    }

    public async Task<IReadOnlyList<(int Year, string CountyCode, OutboxMessage Message)>> FindCreatedSinceAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        await clients.EnsureCreatedAsync();
        return await QueryAsync(TableClient.CreateQueryFilter($"EntityType eq {"outbox"} and CreatedAt ge {since}"), cancellationToken);
    }

    private async Task<List<(int Year, string CountyCode, OutboxMessage Message)>> QueryAsync(string filter, CancellationToken cancellationToken)
    {
        var list = new List<(int, string, OutboxMessage)>();
        await foreach (var e in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            var dash = e.PartitionKey.IndexOf('-');
            list.Add((int.Parse(e.PartitionKey[..dash], CultureInfo.InvariantCulture), e.PartitionKey[(dash + 1)..], TableCountyYearStore.ReadOutbox(e)));
        }
        return list;
    }
}
