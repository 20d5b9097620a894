using Kommuntal.Core.Lifecycle;
using Kommuntal.Infrastructure.Storage.Entities;

namespace Kommuntal.Infrastructure.Storage;

/// <summary>
/// County-years in the "countyyears" table; one partition per county and year ("2022-18"). Rows:
/// "state" (the head every change updates under its ETag), "draft-0001", "decision-0001" with
/// "decision-0001-m-1880" per municipality, "outbox-{id}" (the notification outbox and sent-ledger,
/// written here with the publication and then kept by <see cref="TableOutboxStore"/>) and
/// "audit-{ticks}-{seq}". How each row is mapped: <c>Entities/</c>. See docs/storage.md.
/// </summary>
public sealed class TableCountyYearStore(StorageClients clients) : ICountyYearStore
{
    private TableClient Table => clients.CountyYears;

    public async Task<CountyYearSnapshot> LoadAsync(int year, string countyCode, CancellationToken cancellationToken)
    {
        var pk = TableKeys.CountyYear(year, countyCode);
        // Everything but the audit rows, in one query.
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {pk} and (RowKey lt {AuditEntity.Prefix} or RowKey ge {"audit."})");
        TableEntity? state = null;
        var drafts = new List<Draft>();
        var decisionRows = new List<TableEntity>();
        var numberRows = new List<TableEntity>();
        var outbox = new List<OutboxMessage>();
        await foreach (var e in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            switch (e.GetString("EntityType"))
            {
                case "state": state = e; break;
                case "draft": drafts.Add(DraftEntity.Read(e)); break;
                case "decision": decisionRows.Add(e); break;
                case "decision-number": numberRows.Add(e); break;
                case "outbox": outbox.Add(OutboxEntity.Read(e)); break;
            }
        }
        var decisions = decisionRows.Select(d => DecisionEntity.Read(d, numberRows)).OrderBy(d => d.Version).ToList();
        var s = state is null ? new CountyYearState(year, countyCode) : StateEntity.Read(year, countyCode, state);
        return new CountyYearSnapshot(s, drafts.OrderBy(d => d.Number).ToList(), decisions,
            outbox.OrderBy(o => o.CreatedAt).ThenBy(o => o.Id, StringComparer.Ordinal).ToList(), state?.ETag.ToString());
    }

    public async Task<IReadOnlyList<CountyYearSummary>> ListSummariesAsync(int year, CancellationToken cancellationToken)
    {
        var y = TableKeys.Year(year);
        var rows = TableClient.CreateQueryFilter(
            $"PartitionKey ge {y + "-"} and PartitionKey lt {y + "."} and (EntityType eq {"state"} or EntityType eq {"decision"} or EntityType eq {"outbox"})");
        var consulted = TableClient.CreateQueryFilter(
            $"PartitionKey ge {y + "-"} and PartitionKey lt {y + "."} and RowKey ge {"draft-"} and RowKey lt {"draft."} and ConsultationDeadline ge {""}");
        var deadlinesTask = Task.Run(async () =>
        {
            var deadlines = new Dictionary<string, string>(StringComparer.Ordinal);
            await foreach (var e in Table.QueryAsync<TableEntity>(consulted, select: ["PartitionKey", "RowKey", "ConsultationDeadline"], cancellationToken: cancellationToken))
                if (e.GetString("ConsultationDeadline") is { } d && (!deadlines.TryGetValue(e.PartitionKey, out var seen) || string.CompareOrdinal(e.RowKey, seen.Split('|')[0]) > 0))
                    deadlines[e.PartitionKey] = e.RowKey + "|" + d;
            return deadlines;
        }, cancellationToken);
        var states = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
        var decisions = new Dictionary<string, List<Decision>>(StringComparer.Ordinal);
        var outbox = new Dictionary<string, List<OutboxMessage>>(StringComparer.Ordinal);
        await foreach (var e in Table.QueryAsync<TableEntity>(rows, cancellationToken: cancellationToken))
        {
            switch (e.GetString("EntityType"))
            {
                case "state": states[e.PartitionKey] = e; break;
                case "decision": (decisions.TryGetValue(e.PartitionKey, out var d) ? d : decisions[e.PartitionKey] = []).Add(DecisionEntity.Read(e, null)); break;
                case "outbox": (outbox.TryGetValue(e.PartitionKey, out var o) ? o : outbox[e.PartitionKey] = []).Add(OutboxEntity.Read(e)); break;
            }
        }
        var deadlines = await deadlinesTask;
        return states.Select(kv =>
        {
            var (yr, county) = TableKeys.SplitCountyYear(kv.Key);
            DateOnly? deadline = deadlines.TryGetValue(kv.Key, out var dl)
                ? DateOnly.ParseExact(dl.Split('|')[1], "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : null;
            return new CountyYearSummary(StateEntity.Read(yr, county, kv.Value),
                (decisions.GetValueOrDefault(kv.Key) ?? []).OrderBy(d => d.Version).ToList(),
                (outbox.GetValueOrDefault(kv.Key) ?? []).OrderBy(m => m.CreatedAt).ToList(), deadline);
        }).OrderBy(s => s.State.CountyCode, StringComparer.Ordinal).ToList();
    }

    public async Task<IReadOnlyList<CountyYearState>> ListStatesAsync(int year, CancellationToken cancellationToken)
    {
        var y = TableKeys.Year(year);
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {y + "-"} and PartitionKey lt {y + "."} and RowKey eq {StateEntity.RowKey}");
        var list = new List<CountyYearState>();
        await foreach (var e in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            var (yr, county) = TableKeys.SplitCountyYear(e.PartitionKey);
            list.Add(StateEntity.Read(yr, county, e));
        }
        return list.OrderBy(s => s.CountyCode, StringComparer.Ordinal).ToList();
    }

    public async Task<CountyYearSnapshot> CommitAsync(CountyYearSnapshot basis, CountyYearChange change, CancellationToken cancellationToken)
    {
        var st = change.NewState;
        var pk = TableKeys.CountyYear(st.Year, st.CountyCode);
        var transaction = new TableTransaction(Table, pk)
            .AddOrReplace(StateEntity.Write(pk, st), basis.ETag is null ? null : new ETag(basis.ETag));
        foreach (var d in change.NewDrafts) transaction.Add(DraftEntity.Write(pk, d));
        foreach (var d in change.UpdatedDrafts) transaction.Upsert(DraftEntity.Write(pk, d));
        foreach (var d in change.Decisions)
        {
            if (basis.Decisions.Any(x => x.Version == d.Version))
            {
                transaction.Upsert(DecisionEntity.Write(pk, d));
                continue;
            }
            transaction.Add(DecisionEntity.Write(pk, d));
            foreach (var n in d.Numbers) transaction.Add(DecisionEntity.WriteNumber(pk, d.Version, n));
        }
        foreach (var o in change.NewOutbox) transaction.Add(OutboxEntity.Write(pk, o));
        var firstSeq = st.AuditSequence - change.Audit.Count + 1;
        for (var i = 0; i < change.Audit.Count; i++) transaction.Add(AuditEntity.Write(pk, change.Audit[i], firstSeq + i));
        var etags = await transaction.SubmitAsync(status => $"County-year {pk} was changed by someone else (HTTP {status}); reload and try again.", cancellationToken);
        var outboxEtags = new Dictionary<string, string?>(StringComparer.Ordinal);
        for (var i = 0; i < transaction.Count; i++)
            if (transaction.Actions[i].Entity.RowKey.StartsWith(OutboxEntity.Prefix, StringComparison.Ordinal))
                outboxEtags[transaction.Actions[i].Entity.RowKey[OutboxEntity.Prefix.Length..]] = etags[i];
        var stored = change with { NewOutbox = change.NewOutbox.Select(o => o with { ETag = outboxEtags.GetValueOrDefault(o.Id) }).ToList() };
        return basis.Apply(stored, etags[0]);
    }

    public async Task AppendAuditAsync(int year, string countyCode, AuditEntry entry, CancellationToken cancellationToken)
    {
        var pk = TableKeys.CountyYear(year, countyCode);
        await new TableTransaction(Table, pk).Add(AuditEntity.WriteStandalone(pk, entry))
            .SubmitAsync(status => $"The audit line of {pk} could not be added (HTTP {status}).", cancellationToken);
    }

    public async Task<bool> AppendAuditOnceAsync(int year, string countyCode, string onceKey, AuditEntry entry, CancellationToken cancellationToken)
    {
        var pk = TableKeys.CountyYear(year, countyCode);
        // null: the marker is there, written before (by an earlier attempt or another runner).
        return await new TableTransaction(Table, pk).Add(AuditEntity.OnceMarker(pk, onceKey)).Add(AuditEntity.WriteStandalone(pk, entry))
            .TrySubmitAsync(cancellationToken) is not null;
    }

    public async Task<IReadOnlyList<AuditEntry>> ReadAuditAsync(int year, string countyCode, CancellationToken cancellationToken)
    {
        var list = new List<(string Key, AuditEntry Entry)>();
        await foreach (var e in Table.QueryAsync<TableEntity>(TableKeys.PrefixFilter(TableKeys.CountyYear(year, countyCode), AuditEntity.Prefix), cancellationToken: cancellationToken))
            list.Add((e.RowKey, AuditEntity.Read(e)));
        return list.OrderBy(x => x.Key, StringComparer.Ordinal).Select(x => x.Entry).ToList();
    }

    public async Task<IReadOnlyList<(int Year, string CountyCode, Decision Decision)>> ListPublishedAsync(int? year, CancellationToken cancellationToken)
    {
        var filter = year is { } y
            ? TableClient.CreateQueryFilter($"EntityType eq {"decision"} and HasDocument eq {true} and Year eq {y}")
            : TableClient.CreateQueryFilter($"EntityType eq {"decision"} and HasDocument eq {true}");
        var list = new List<(int, string, Decision)>();
        await foreach (var e in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            var (yr, county) = TableKeys.SplitCountyYear(e.PartitionKey);
            list.Add((yr, county, DecisionEntity.Read(e, null)));
        }
        return list.OrderBy(x => x.Item1).ThenBy(x => x.Item2, StringComparer.Ordinal).ThenBy(x => x.Item3.Version).ToList();
    }
}
