using Kommuntal.Application;
using Kommuntal.Application.Ports;
using Kommuntal.Core.Lifecycle;

namespace Kommuntal.Testing.InMemory;

/// <summary>
/// <see cref="ICountyYearStore"/> in memory, with the semantics of the table store
/// (<c>TableCountyYearStore</c>): one partition per county and year; a change is all or nothing,
/// guarded by the state row's ETag; new rows (drafts, decisions, outbox rows, audit rows) are
/// inserted create-only, so a row that already exists fails the whole change with
/// <see cref="ConcurrencyConflictException"/>, as a table transaction does; at most 100 rows per
/// change; outbox rows carry their own ETags. What the table store does not give back is not given
/// back here either (the explanations of <see cref="ListPublishedAsync"/>'s decisions; an outbox
/// error beyond 2 000 characters). The shared contract (<c>CountyYearStoreContract</c> in
/// Kommuntal.Infrastructure.Tests) runs against both, so this fake cannot drift from the real store.
/// Also <see cref="IOutboxStore"/> over the same rows (InMemoryCountyYearStore.Outbox.cs), as
/// the table ledger works on the county-year table.
/// </summary>
public sealed partial class InMemoryCountyYearStore : ICountyYearStore
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<string, Partition> _partitions = new(StringComparer.Ordinal);
    private long _etag;
    private int _requests;

    /// <summary>Calls made to the store (each a request to the table store).</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Every committed change, in order: for tests of what was written when.</summary>
    public List<(int Year, string CountyCode, CountyYearChange Change)> Commits { get; } = [];

    public Task<CountyYearSnapshot> LoadAsync(int year, string countyCode, CancellationToken cancellationToken)
    {
        lock (Enter())
        {
            if (!_partitions.TryGetValue(Key(year, countyCode), out var p)) return Task.FromResult(new CountyYearSnapshot(new CountyYearState(year, countyCode), [], [], [], null));
            return Task.FromResult(new CountyYearSnapshot(p.State ?? new CountyYearState(year, countyCode), [.. p.Drafts.Values], [.. p.Decisions.Values],
                [.. p.Outbox.Values.OrderBy(o => o.CreatedAt).ThenBy(o => o.Id, StringComparer.Ordinal)], p.StateETag));
        }
    }

    public async Task<IReadOnlyList<CountyYearSummary>> ListSummariesAsync(int year, CancellationToken cancellationToken)
    {
        var summaries = new List<CountyYearSummary>();
        foreach (var state in await ListStatesAsync(year, cancellationToken))
        {
            var s = await LoadAsync(year, state.CountyCode, cancellationToken);
            summaries.Add(new CountyYearSummary(s.State, s.Decisions, s.Outbox, s.Drafts.Where(d => d.Consultation is not null).MaxBy(d => d.Number)?.Consultation!.Deadline));
        }
        return summaries;
    }

    public Task<IReadOnlyList<CountyYearState>> ListStatesAsync(int year, CancellationToken cancellationToken)
    {
        lock (Enter())
            return Task.FromResult<IReadOnlyList<CountyYearState>>(_partitions.Values.Where(p => p.Year == year && p.State is not null)
                .Select(p => p.State!).OrderBy(s => s.CountyCode, StringComparer.Ordinal).ToList());
    }

    public Task<CountyYearSnapshot> CommitAsync(CountyYearSnapshot basis, CountyYearChange change, CancellationToken cancellationToken)
    {
        var st = change.NewState;
        var pk = Key(st.Year, st.CountyCode);
        lock (Enter())
        {
            var p = _partitions.GetValueOrDefault(pk);
            var rows = 1 + change.NewDrafts.Count + change.UpdatedDrafts.Count + change.NewOutbox.Count + change.Audit.Count
                       + change.Decisions.Sum(d => basis.Decisions.Any(x => x.Version == d.Version) ? 1 : 1 + d.Numbers.Count);
            if (rows > 100) throw new InvalidOperationException($"A table transaction may hold at most 100 operations; this one has {rows}.");
            if (basis.ETag is null ? p?.State is not null : p?.StateETag != basis.ETag)
                throw Conflict(pk, basis.ETag is null ? 409 : 412);
            var firstSeq = st.AuditSequence - change.Audit.Count + 1;
            var auditKeys = change.Audit.Select((a, i) => AuditKey(a, $"{firstSeq + i:D8}")).ToList();
            if (p is not null && (change.NewDrafts.Any(d => p.Drafts.ContainsKey(d.Number))
                                  || change.Decisions.Any(d => !basis.Decisions.Any(x => x.Version == d.Version) && p.Decisions.ContainsKey(d.Version))
                                  || change.NewOutbox.Any(o => p.Outbox.ContainsKey(o.Id))
                                  || auditKeys.Any(p.Audit.ContainsKey)))
                throw Conflict(pk, 409);
            if (change.NewOutbox.Select(o => o.Id).Distinct(StringComparer.Ordinal).Count() != change.NewOutbox.Count) throw Conflict(pk, 409);
            if (change.Decisions.Any(d => d.Numbers.Select(n => n.MunicipalityCode).Distinct(StringComparer.Ordinal).Count() != d.Numbers.Count))
                throw new InvalidOperationException($"County-year {pk}: one row twice in a transaction (HTTP 400).");

            p ??= _partitions[pk] = new Partition(st.Year, st.CountyCode);
            var etag = NextETag();
            p.State = st;
            p.StateETag = etag;
            foreach (var d in change.NewDrafts.Concat(change.UpdatedDrafts)) p.Drafts[d.Number] = d;
            foreach (var d in change.Decisions) p.Decisions[d.Version] = d;
            var outbox = change.NewOutbox.Select(o => Stored(o, NextETag())).ToList();
            foreach (var o in outbox) p.Outbox[o.Id] = o;
            for (var i = 0; i < change.Audit.Count; i++) p.Audit[auditKeys[i]] = Stored(change.Audit[i]);
            Commits.Add((st.Year, st.CountyCode, change));
            return Task.FromResult(basis.Apply(change with { NewOutbox = outbox }, etag));
        }
    }

    public Task AppendAuditAsync(int year, string countyCode, AuditEntry entry, CancellationToken cancellationToken)
    {
        lock (Enter()) PartitionOf(year, countyCode).Audit[StandaloneAuditKey(entry)] = Stored(entry);
        return Task.CompletedTask;
    }

    public Task<bool> AppendAuditOnceAsync(int year, string countyCode, string onceKey, AuditEntry entry, CancellationToken cancellationToken)
    {
        lock (Enter())
        {
            var p = PartitionOf(year, countyCode);
            if (!p.Once.Add(onceKey)) return Task.FromResult(false);
            p.Audit[StandaloneAuditKey(entry)] = Stored(entry);
            return Task.FromResult(true);
        }
    }

    public Task<IReadOnlyList<AuditEntry>> ReadAuditAsync(int year, string countyCode, CancellationToken cancellationToken)
    {
        lock (Enter())
            return Task.FromResult<IReadOnlyList<AuditEntry>>(_partitions.TryGetValue(Key(year, countyCode), out var p) ? [.. p.Audit.Values] : []);
    }

    public Task<IReadOnlyList<(int Year, string CountyCode, Decision Decision)>> ListPublishedAsync(int? year, CancellationToken cancellationToken)
    {
        lock (Enter())
            return Task.FromResult<IReadOnlyList<(int, string, Decision)>>(_partitions.Values
                .Where(p => year is null || p.Year == year)
                .SelectMany(p => p.Decisions.Values.Where(d => d.Document is not null)
                    // The table store keeps the explanations in the number rows, which this query does not read.
                    .Select(d => (p.Year, p.CountyCode, d with { Numbers = [.. d.Numbers.Select(n => n with { Explanation = null })] })))
                .OrderBy(x => x.Year).ThenBy(x => x.CountyCode, StringComparer.Ordinal).ThenBy(x => x.Item3.Version).ToList());
    }

    private Lock Enter()
    {
        Interlocked.Increment(ref _requests);
        return _gate;
    }

    private Partition PartitionOf(int year, string countyCode)
    {
        var pk = Key(year, countyCode);
        return _partitions.TryGetValue(pk, out var p) ? p : _partitions[pk] = new Partition(year, countyCode);
    }

    private string NextETag() => $"W/\"{Interlocked.Increment(ref _etag)}\"";

    private static string Key(int year, string countyCode) => $"{year}-{countyCode}";

    private static string AuditKey(AuditEntry a, string suffix) => $"audit-{a.At.UtcTicks:D19}-{suffix}";

    private static string StandaloneAuditKey(AuditEntry a) => AuditKey(a, "x" + Guid.NewGuid().ToString("N")[..12]);

    /// <summary>An audit entry as the table store writes it: with the current correlation id when it has none.</summary>
    private static AuditEntry Stored(AuditEntry a) => a with { CorrelationId = a.CorrelationId ?? Correlation.Current };

    private static ConcurrencyConflictException Conflict(string pk, int status) =>
        new($"County-year {pk} was changed by someone else (HTTP {status}); reload and try again.");

    private sealed class Partition(int year, string countyCode)
    {
        public int Year { get; } = year;
        public string CountyCode { get; } = countyCode;
        public CountyYearState? State { get; set; }
        public string? StateETag { get; set; }
        public SortedDictionary<int, Draft> Drafts { get; } = [];
        public SortedDictionary<int, Decision> Decisions { get; } = [];
        public Dictionary<string, OutboxMessage> Outbox { get; } = new(StringComparer.Ordinal);
        public SortedDictionary<string, AuditEntry> Audit { get; } = new(StringComparer.Ordinal);
        public HashSet<string> Once { get; } = new(StringComparer.Ordinal);
    }
}
