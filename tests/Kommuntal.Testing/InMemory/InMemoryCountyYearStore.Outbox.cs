using Kommuntal.Application.Ports;
using Kommuntal.Core.Lifecycle;

namespace Kommuntal.Testing.InMemory;

/// <summary>The outbox rows of the county-years as <see cref="IOutboxStore"/> keeps them, with the table adapter's semantics.</summary>
public sealed partial class InMemoryCountyYearStore : IOutboxStore
{
    public Task<OutboxMessage> UpdateAsync(int year, string countyCode, OutboxMessage message, AuditEntry? audit, OutboxMessage? added, CancellationToken cancellationToken)
    {
        lock (Enter()) return Task.FromResult(Update(year, countyCode, message, audit, added));
    }

    public Task<(OutboxMessage Updated, OutboxMessage? Next)> UpdateAndClaimAsync(int year, string countyCode, OutboxMessage message, AuditEntry? audit,
        OutboxMessage next, CancellationToken cancellationToken)
    {
        if (message.ETag is null || next.ETag is null)
            throw new InvalidOperationException($"Outbox message {(message.ETag is null ? message.Id : next.Id)} has no ETag to update it under.");
        lock (Enter())
        {
            var p = PartitionOf(year, countyCode);
            // One of the two rows changed by someone else: nothing is written, and the message alone tells which.
            if (!Matches(p, message) || !Matches(p, next)) return Task.FromResult<(OutboxMessage, OutboxMessage?)>((Update(year, countyCode, message, audit, null), null));
            var updated = Update(year, countyCode, message, audit, null);
            var stored = Stored(next, NextETag());
            p.Outbox[next.Id] = stored;
            return Task.FromResult<(OutboxMessage, OutboxMessage?)>((updated, stored));
        }
    }

    public Task<IReadOnlyList<OutboxEntry>> FindPendingAsync(CancellationToken cancellationToken)
    {
        lock (Enter())
            return Task.FromResult<IReadOnlyList<OutboxEntry>>(Outbox(o => o.Status is NotificationStatus.Pending or NotificationStatus.Sending));
    }

    public Task<bool> TryAddAsync(int year, string countyCode, OutboxMessage message, AuditEntry? audit, CancellationToken cancellationToken)
    {
        lock (Enter())
        {
            var p = PartitionOf(year, countyCode);
            if (p.Outbox.ContainsKey(message.Id)) return Task.FromResult(false); // already there: queued by an earlier or concurrent pass
            p.Outbox[message.Id] = Stored(message, NextETag());
            if (audit is not null) p.Audit[StandaloneAuditKey(audit)] = Stored(audit);
            return Task.FromResult(true);
        }
    }

    public Task<IReadOnlyList<OutboxEntry>> FindAwaitingStatusAsync(DateTimeOffset dueBy, int max, CancellationToken cancellationToken)
    {
        lock (Enter())
            return Task.FromResult<IReadOnlyList<OutboxEntry>>(
                Outbox(o => o.Status == NotificationStatus.Sent && o.NextStatusCheckAt is { } at && at <= dueBy)
                    .OrderBy(x => x.Message.NextStatusCheckAt).Take(Math.Max(0, max)).ToList());
    }

    public Task<IReadOnlyList<OutboxEntry>> FindCreatedSinceAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        lock (Enter()) return Task.FromResult<IReadOnlyList<OutboxEntry>>(Outbox(o => o.CreatedAt >= since));
    }

    /// <summary>A conditional update of one row (unconditional without an ETag), with its audit line and an added row in the same change.</summary>
    private OutboxMessage Update(int year, string countyCode, OutboxMessage message, AuditEntry? audit, OutboxMessage? added)
    {
        var p = PartitionOf(year, countyCode);
        if (!p.Outbox.ContainsKey(message.Id))
            throw new InvalidOperationException($"Outbox message {message.Id} does not exist in {year}-{countyCode} (HTTP 404).");
        if (!Matches(p, message) || (added is not null && p.Outbox.ContainsKey(added.Id)))
            throw new ConcurrencyConflictException($"Outbox message {message.Id} was changed by someone else.");
        var stored = Stored(message, NextETag());
        p.Outbox[message.Id] = stored;
        if (audit is not null) p.Audit[StandaloneAuditKey(audit)] = Stored(audit);
        if (added is not null) p.Outbox[added.Id] = Stored(added, NextETag());
        return stored;
    }

    private static bool Matches(Partition p, OutboxMessage m) =>
        p.Outbox.TryGetValue(m.Id, out var stored) && (m.ETag is null || m.ETag == stored.ETag);

    /// <summary>A row as the table store keeps it: the error cut at 2 000 characters, a new ETag.</summary>
    private static OutboxMessage Stored(OutboxMessage o, string etag) =>
        o with { LastError = o.LastError is { Length: > 2000 } error ? error[..2000] : o.LastError, ETag = etag };

    /// <summary>Outbox rows across the partitions, in the table's order (partition key, then row key).</summary>
    private List<OutboxEntry> Outbox(Func<OutboxMessage, bool> match) =>
        _partitions.Values.SelectMany(p => p.Outbox.Values.Where(match).OrderBy(o => "outbox-" + o.Id, StringComparer.Ordinal)
            .Select(o => new OutboxEntry(p.Year, p.CountyCode, o))).ToList();
}
