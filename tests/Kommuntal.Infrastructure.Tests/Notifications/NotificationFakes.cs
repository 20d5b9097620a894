using Kommuntal.Application.Ports;
using Kommuntal.Core.Lifecycle;
using Kommuntal.Core.Quotas;

namespace Kommuntal.Infrastructure.Tests.Notifications;

/// <summary>
/// The county-years and their outbox rows in memory, with the table adapters' semantics where the
/// notification services rely on them: every outbox write is conditional on the row's ETag (a stale
/// one is <see cref="ConcurrencyConflictException"/>), a row, its audit line and a row it adds are
/// one write (all or nothing), and an insert of an existing row changes nothing. <see cref="Writes"/>
/// counts the writes (one per transaction); <see cref="FailAtWrite"/> makes the write attempt with
/// that number (counted from 1) fail before anything is stored, as a lost request does.
/// </summary>
internal sealed class InMemoryNotificationStore : ICountyYearStore, IOutboxStore
{
    private sealed class Partition(CountyYearSnapshot basis)
    {
        public CountyYearSnapshot Basis { get; set; } = basis;
        public Dictionary<string, OutboxMessage> Outbox { get; } = new(StringComparer.Ordinal);
        public List<AuditEntry> Audit { get; } = [];
        public HashSet<string> OnceKeys { get; } = new(StringComparer.Ordinal);
    }

    private readonly Dictionary<(int, string), Partition> _partitions = new();
    private readonly Lock _lock = new();
    private int _etag;

    public int Writes { get; private set; }
    public int? FailAtWrite { get; set; }
    private int _attempts;

    /// <summary>Stores a county-year as read (its outbox rows get ETags).</summary>
    public void Seed(CountyYearSnapshot snapshot)
    {
        lock (_lock)
        {
            var p = PartitionOf(snapshot.State.Year, snapshot.State.CountyCode);
            p.Basis = snapshot with { Outbox = [] };
            foreach (var o in snapshot.Outbox) p.Outbox[o.Id] = o with { ETag = NextETag() };
        }
    }

    public IReadOnlyList<OutboxMessage> Rows(int year, string countyCode)
    {
        lock (_lock) return Ordered(PartitionOf(year, countyCode));
    }

    private Partition PartitionOf(int year, string countyCode)
    {
        if (!_partitions.TryGetValue((year, countyCode), out var p))
            _partitions[(year, countyCode)] = p = new Partition(new CountyYearSnapshot(new CountyYearState(year, countyCode), [], [], [], null));
        return p;
    }

    private static List<OutboxMessage> Ordered(Partition p) =>
        p.Outbox.Values.OrderBy(o => o.CreatedAt).ThenBy(o => o.Id, StringComparer.Ordinal).ToList();

    private string NextETag() => $"W/\"{++_etag}\"";

    /// <summary>Counts a write, or fails it (nothing stored) when it is attempt <see cref="FailAtWrite"/>.</summary>
    private void Write()
    {
        if (++_attempts == FailAtWrite) throw new IOException($"Storage write {_attempts} failed (injected by the test).");
        Writes++;
    }

    // ICountyYearStore: what the notification services read and append.

    public Task<CountyYearSnapshot> LoadAsync(int year, string countyCode, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var p = PartitionOf(year, countyCode);
            return Task.FromResult(p.Basis with { Outbox = Ordered(p) });
        }
    }

    public Task<IReadOnlyList<CountyYearState>> ListStatesAsync(int year, CancellationToken cancellationToken)
    {
        lock (_lock)
            return Task.FromResult<IReadOnlyList<CountyYearState>>(_partitions.Where(p => p.Key.Item1 == year).Select(p => p.Value.Basis.State)
                .OrderBy(s => s.CountyCode, StringComparer.Ordinal).ToList());
    }

    public Task<IReadOnlyList<CountyYearSummary>> ListSummariesAsync(int year, CancellationToken cancellationToken)
    {
        lock (_lock)
            return Task.FromResult<IReadOnlyList<CountyYearSummary>>(_partitions.Where(p => p.Key.Item1 == year)
                .Select(p => new CountyYearSummary(p.Value.Basis.State, p.Value.Basis.Decisions, Ordered(p.Value),
                    p.Value.Basis.Drafts.Where(d => d.Consultation is not null).MaxBy(d => d.Number)?.Consultation!.Deadline))
                .OrderBy(s => s.State.CountyCode, StringComparer.Ordinal).ToList());
    }

    public Task<CountyYearSnapshot> CommitAsync(CountyYearSnapshot basis, CountyYearChange change, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The notification services never commit a county-year change; seed the snapshot with Seed.");

    public Task AppendAuditAsync(int year, string countyCode, AuditEntry entry, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            Write();
            PartitionOf(year, countyCode).Audit.Add(entry);
        }
        return Task.CompletedTask;
    }

    public Task<bool> AppendAuditOnceAsync(int year, string countyCode, string onceKey, AuditEntry entry, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            Write();
            var p = PartitionOf(year, countyCode);
            if (!p.OnceKeys.Add(onceKey)) return Task.FromResult(false);
            p.Audit.Add(entry);
            return Task.FromResult(true);
        }
    }

    public Task<IReadOnlyList<AuditEntry>> ReadAuditAsync(int year, string countyCode, CancellationToken cancellationToken)
    {
        lock (_lock) return Task.FromResult<IReadOnlyList<AuditEntry>>(PartitionOf(year, countyCode).Audit.ToList());
    }

    public Task<IReadOnlyList<(int Year, string CountyCode, Decision Decision)>> ListPublishedAsync(int? year, CancellationToken cancellationToken)
    {
        lock (_lock)
            return Task.FromResult<IReadOnlyList<(int, string, Decision)>>(_partitions
                .Where(p => year is null || p.Key.Item1 == year)
                .SelectMany(p => p.Value.Basis.Decisions.Where(d => d.Document is not null).Select(d => (p.Key.Item1, p.Key.Item2, d)))
                .ToList());
    }

    // IOutboxStore

    public Task<OutboxMessage> UpdateAsync(int year, string countyCode, OutboxMessage message, AuditEntry? audit, OutboxMessage? added,
        CancellationToken cancellationToken)
    {
        lock (_lock) return Task.FromResult(Update(PartitionOf(year, countyCode), message, audit, added));
    }

    private OutboxMessage Update(Partition p, OutboxMessage message, AuditEntry? audit, OutboxMessage? added)
    {
        Write();
        if (!p.Outbox.TryGetValue(message.Id, out var current))
            throw new InvalidOperationException($"Outbox message {message.Id} does not exist.");
        if (message.ETag is not null && message.ETag != current.ETag || added is not null && p.Outbox.ContainsKey(added.Id))
            throw new ConcurrencyConflictException($"Outbox message {message.Id} was changed by someone else.");
        var stored = p.Outbox[message.Id] = message with { ETag = NextETag() };
        if (audit is not null) p.Audit.Add(audit);
        if (added is not null) p.Outbox[added.Id] = added with { ETag = NextETag() };
        return stored;
    }

    public Task<(OutboxMessage Updated, OutboxMessage? Next)> UpdateAndClaimAsync(int year, string countyCode, OutboxMessage message, AuditEntry? audit,
        OutboxMessage next, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var p = PartitionOf(year, countyCode);
            if (message.ETag is null || next.ETag is null) throw new InvalidOperationException("Both rows are updated under the ETag they were read with.");
            if (!p.Outbox.TryGetValue(message.Id, out var m) || m.ETag != message.ETag || !p.Outbox.TryGetValue(next.Id, out var n) || n.ETag != next.ETag)
            {
                Write(); // the transaction that lost (nothing written); the message alone then tells which row changed
                return Task.FromResult<(OutboxMessage, OutboxMessage?)>((Update(p, message, audit, null), null));
            }
            var updated = Update(p, message, audit, null);
            var claimed = p.Outbox[next.Id] = next with { ETag = NextETag() };
            return Task.FromResult<(OutboxMessage, OutboxMessage?)>((updated, claimed));
        }
    }

    public Task<bool> TryAddAsync(int year, string countyCode, OutboxMessage message, AuditEntry? audit, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            Write();
            var p = PartitionOf(year, countyCode);
            if (p.Outbox.ContainsKey(message.Id)) return Task.FromResult(false);
            p.Outbox[message.Id] = message with { ETag = NextETag() };
            if (audit is not null) p.Audit.Add(audit);
            return Task.FromResult(true);
        }
    }

    public Task<IReadOnlyList<OutboxEntry>> FindPendingAsync(CancellationToken cancellationToken) =>
        Find(o => o.Status is NotificationStatus.Pending or NotificationStatus.Sending);

    public async Task<IReadOnlyList<OutboxEntry>> FindAwaitingStatusAsync(DateTimeOffset dueBy, int max, CancellationToken cancellationToken) =>
        (await Find(o => o.Status == NotificationStatus.Sent && o.NextStatusCheckAt <= dueBy))
        .OrderBy(e => e.Message.NextStatusCheckAt).Take(Math.Max(0, max)).ToList();

    public Task<IReadOnlyList<OutboxEntry>> FindCreatedSinceAsync(DateTimeOffset since, CancellationToken cancellationToken) =>
        Find(o => o.CreatedAt >= since);

    private Task<IReadOnlyList<OutboxEntry>> Find(Func<OutboxMessage, bool> where)
    {
        lock (_lock)
            return Task.FromResult<IReadOnlyList<OutboxEntry>>(_partitions
                .SelectMany(p => Ordered(p.Value).Where(where).Select(o => new OutboxEntry(p.Key.Item1, p.Key.Item2, o)))
                .ToList());
    }
}

/// <summary>A year's quota in memory (the reminders read the current one).</summary>
internal sealed class InMemoryQuotaStore(QuotaVersion? current = null) : IQuotaStore
{
    public Task<QuotaSaveResult> SaveAsync(NationalQuota quota, QuotaSource source, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The notification services never store a quota.");

    public Task<QuotaVersion?> GetCurrentAsync(int year, CancellationToken cancellationToken) =>
        Task.FromResult(current?.Year == year ? current : null);

    public Task<IReadOnlyList<QuotaVersion>> ListAsync(int year, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<QuotaVersion>>(current?.Year == year ? [current] : []);
}

/// <summary>The published documents in memory, by path.</summary>
internal sealed class InMemoryDocuments : IDocumentStore
{
    public Dictionary<string, byte[]> Blobs { get; } = new(StringComparer.Ordinal);
    public int Reads { get; private set; }

    public Task<StoredBlob> PublishAsync(string path, byte[] content, string contentType, string downloadFileName, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The notification services never publish a document.");

    public Task<byte[]?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        Reads++;
        return Task.FromResult(Blobs.GetValueOrDefault(path));
    }

    public string PublicUrl(string path) => "https://kommuntal.example/" + path;
}

/// <summary>
/// A sender that records what it was handed and answers as told: <see cref="Refuse"/> decides per
/// message whether it is refused (and whether for good); <see cref="Statuses"/> is what the
/// provider says of a message afterwards.
/// </summary>
internal sealed class RecordingSender : IEmailSender, IDeliveryStatusSource
{
    public string Name => "fake";
    public List<OutgoingEmail> Sent { get; } = [];
    public Func<OutgoingEmail, EmailSendException?> Refuse { get; set; } = _ => null;
    public bool Final { get; set; } = true;
    public Dictionary<string, DeliveryStatus> Statuses { get; } = new(StringComparer.Ordinal);

    public Task<SendOutcome> SendAsync(OutgoingEmail email, CancellationToken cancellationToken)
    {
        if (Refuse(email) is { } refused) throw refused;
        Sent.Add(email);
        return Task.FromResult(new SendOutcome(Final ? "Written" : "Running", Final));
    }

    public Task<DeliveryStatus> GetStatusAsync(string operationId, CancellationToken cancellationToken) =>
        Task.FromResult(Statuses.TryGetValue(operationId, out var s) ? s : new DeliveryStatus(DeliveryState.InProgress, "Running", null, null));
}
