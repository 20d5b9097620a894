using Kommuntal.Core.Fulfilment;
using Kommuntal.Infrastructure.Storage.Entities;

namespace Kommuntal.Infrastructure.Storage;

/// <summary>
/// Statistics versions "Anvisningar enligt kommuntalen" in the "inputs" table (see docs/storage.md):
/// partition "fulfilment-2022-2022-06" per month, "fulfilment-2022-year" for the whole year; rows
/// "head", "v0001" (the rows as JSON) and "sha-{sha256}", written like the other inputs
/// (<see cref="VersionedPartition"/>: one ETag-guarded transaction per version, the same content
/// as the current version returns that version).
/// </summary>
public sealed class TableFulfilmentStore(StorageClients clients) : IFulfilmentStore
{
    private TableClient Table => clients.Inputs;

    public async Task<InputSaveResult<FulfilmentVersion>> SaveAsync(int year, string? period, IReadOnlyList<FulfilmentRow> rows, InputSource source, CancellationToken cancellationToken)
    {
        var pk = InputPartitions.Fulfilment(year, period);
        var (version, created, stored) = await VersionedPartition.SaveAsync(Table, pk, source.Sha256, "input-hash", v =>
        {
            var row = InputVersionEntity.Describe(new TableEntity(pk, TableKeys.Version(v))
            {
                ["Year"] = year, ["Period"] = period ?? InputPartitions.FulfilmentWholeYear, ["Municipalities"] = rows.Count,
            }, "fulfilment", v, source);
            TableKeys.SetLargeText(row, "RowsJson", KommuntalJson.Serialize(rows.Select(StoredRow.From).ToList()));
            return [row];
        }, $"Inputs {pk}", cancellationToken);
        return new InputSaveResult<FulfilmentVersion>(Build(year, period, version, stored)!, created);
    }

    public async Task<FulfilmentVersion?> GetAsync(int year, string? period, CancellationToken cancellationToken)
    {
        var rows = await VersionedPartition.ReadAsync(Table, InputPartitions.Fulfilment(year, period), cancellationToken);
        return VersionedPartition.Current(rows) is > 0 and var current ? Build(year, period, current, rows) : null;
    }

    public async Task<IReadOnlyList<FulfilmentVersion>> ListCurrentAsync(int year, CancellationToken cancellationToken)
    {
        var prefix = InputPartitions.FulfilmentOfYear(year);
        var partitions = new Dictionary<string, Dictionary<string, TableEntity>>(StringComparer.Ordinal);
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {prefix} and PartitionKey lt {prefix + "\uFFFF"}");
        await foreach (var e in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            if (!partitions.TryGetValue(e.PartitionKey, out var rows)) partitions[e.PartitionKey] = rows = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
            rows[e.RowKey] = e;
        }
        return partitions
            .Select(p => (Period: p.Key[prefix.Length..] is var s && s == InputPartitions.FulfilmentWholeYear ? null : s, Rows: p.Value))
            .Select(p => VersionedPartition.Current(p.Rows) is > 0 and var current ? Build(year, p.Period, current, p.Rows) : null)
            .OfType<FulfilmentVersion>()
            .OrderBy(v => v.Period ?? "9999", StringComparer.Ordinal)
            .ToList();
    }

    private static FulfilmentVersion? Build(int year, string? period, int version, Dictionary<string, TableEntity> rows)
    {
        if (!rows.TryGetValue(TableKeys.Version(version), out var row)) return null;
        var list = KommuntalJson.Deserialize<List<StoredRow>>(TableKeys.GetLargeText(row, "RowsJson") ?? "[]").Select(r => r.ToRow()).ToList();
        return new FulfilmentVersion(year, period, version, list, InputVersionEntity.SourceOf(row));
    }

    /// <summary>Stored form of one municipality's line (independent of the core's record).</summary>
    private sealed record StoredRow(string Code, int Kommuntal, int Received)
    {
        public static StoredRow From(FulfilmentRow r) => new(r.MunicipalityCode, r.Kommuntal, r.Received);
        public FulfilmentRow ToRow() => new(Code, Kommuntal, Received);
    }
}
