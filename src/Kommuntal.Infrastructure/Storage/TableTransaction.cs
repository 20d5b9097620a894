namespace Kommuntal.Infrastructure.Storage;

/// <summary>
/// One table transaction, built for one partition: collects the actions, guards the rules Azure
/// enforces and Azurite does not (every action in the one partition, at most 100 actions), submits
/// them, and turns a lost race into the product's answer: HTTP 409 (a row it adds exists) or 412
/// (a row it replaces has changed) is <see cref="ConcurrencyConflictException"/> from
/// <see cref="SubmitAsync"/>, or null from <see cref="TrySubmitAsync"/>; either way nothing was written.
/// A transaction of one action is sent as the plain entity request (one entity write, not a batch).
/// </summary>
internal sealed class TableTransaction(TableClient table, string partitionKey)
{
    /// <summary>Azure's limit on the actions of one transaction.</summary>
    public const int MaxActions = 100;

    private readonly List<TableTransactionAction> _actions = [];

    public string PartitionKey => partitionKey;
    public int Count => _actions.Count;
    public IReadOnlyList<TableTransactionAction> Actions => _actions;

    /// <summary>Inserts a row that must not exist yet (409 otherwise).</summary>
    public TableTransaction Add(ITableEntity entity) => Push(new(TableTransactionActionType.Add, entity));

    /// <summary>Replaces a row that must still have <paramref name="ifMatch"/> (412 otherwise; <see cref="ETag.All"/>: any).</summary>
    public TableTransaction Replace(ITableEntity entity, ETag ifMatch) => Push(new(TableTransactionActionType.UpdateReplace, entity, ifMatch));

    /// <summary>Inserts, or replaces whatever is there.</summary>
    public TableTransaction Upsert(ITableEntity entity) => Push(new(TableTransactionActionType.UpsertReplace, entity));

    /// <summary>A new row when there is no ETag (it was never read), else the replace of the row read with it.</summary>
    public TableTransaction AddOrReplace(ITableEntity entity, ETag? ifMatch) => ifMatch is { } etag ? Replace(entity, etag) : Add(entity);

    private TableTransaction Push(TableTransactionAction action)
    {
        if (action.Entity.PartitionKey != partitionKey)
            throw new InvalidOperationException($"A table transaction must stay in one partition; it mixes '{partitionKey}' and '{action.Entity.PartitionKey}'.");
        if (_actions.Count == MaxActions)
            throw new InvalidOperationException($"A table transaction may hold at most {MaxActions} operations; this one would have {_actions.Count + 1}.");
        _actions.Add(action);
        return this;
    }

    /// <summary>
    /// Submits; returns the new ETag of each action's row, in the order added. A lost race is
    /// <see cref="ConcurrencyConflictException"/> with the message <paramref name="conflict"/> makes of the HTTP status.
    /// </summary>
    public async Task<IReadOnlyList<string?>> SubmitAsync(Func<int, string> conflict, CancellationToken cancellationToken)
    {
        try
        {
            return await SendAsync(cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            throw new ConcurrencyConflictException(conflict(ex.Status), ex);
        }
    }

    /// <summary>Submits; returns the new ETag of each action's row, or null when it lost a race (nothing was written).</summary>
    public async Task<IReadOnlyList<string?>?> TrySubmitAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await SendAsync(cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return null;
        }
    }

    private async Task<IReadOnlyList<string?>> SendAsync(CancellationToken cancellationToken)
    {
        if (_actions.Count == 0) throw new InvalidOperationException("Empty table transaction.");
        if (_actions.Count > 1)
        {
            var batch = await table.SubmitTransactionAsync(_actions, cancellationToken);
            return batch.Value.Select(r => r.Headers.ETag?.ToString()).ToList();
        }
        var a = _actions[0];
        var response = a.ActionType switch
        {
            TableTransactionActionType.Add => await table.AddEntityAsync(a.Entity, cancellationToken),
            TableTransactionActionType.UpdateReplace => await table.UpdateEntityAsync(a.Entity, a.ETag, TableUpdateMode.Replace, cancellationToken),
            TableTransactionActionType.UpsertReplace => await table.UpsertEntityAsync(a.Entity, TableUpdateMode.Replace, cancellationToken),
            var other => throw new NotSupportedException($"Table action {other} is not used by the stores."),
        };
        return [response.Headers.ETag?.ToString()];
    }
}
