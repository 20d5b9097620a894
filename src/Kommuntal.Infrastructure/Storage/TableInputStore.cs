using Kommuntal.Core.Allocation;
using Kommuntal.Core.Reference;
using Kommuntal.Infrastructure.Storage.Entities;

namespace Kommuntal.Infrastructure.Storage;

/// <summary>
/// Indicator and wish file versions in the "inputs" table (see docs/storage.md).
/// Indicators: partition "indicators-2022"; rows "head", "v0001" (the version), "v0001-18" (that
/// county's municipalities as JSON, one row per county so no row nears the 1 MiB entity limit),
/// "sha-{sha256}". Wishes: partition "wishes-2022-18"; rows "head", "v0001" (the wishes as JSON),
/// "sha-{sha256}". A version is one transaction in its partition, guarded by the head row's ETag;
/// the same content as the current version returns that version.
/// </summary>
public sealed class TableInputStore(StorageClients clients, ReferenceData reference) : IInputStore
{
    private TableClient Table => clients.Inputs;

    public async Task<InputSaveResult<IndicatorVersion>> SaveIndicatorsAsync(IndicatorSet indicators, IReadOnlyList<string> columns, InputSource source, CancellationToken cancellationToken)
    {
        var pk = InputPartitions.Indicators(indicators.Year);
        var (version, created, rows) = await VersionedPartition.SaveAsync(Table, pk, source.Sha256, "input-hash", v =>
        {
            var vk = TableKeys.Version(v);
            var head = InputVersionEntity.Describe(new TableEntity(pk, vk), "indicators", v, source);
            head["Year"] = indicators.Year;
            head["Columns"] = string.Join(",", columns);
            head["Municipalities"] = indicators.Rows.Count;
            TableKeys.SetLargeText(head, "SourcesJson", KommuntalJson.Serialize(indicators.Sources));
            var list = new List<TableEntity> { head };
            var countyOf = reference.Municipalities.ToDictionary(m => m.Code, m => m.CountyCode, StringComparer.Ordinal);
            foreach (var group in indicators.Rows.GroupBy(r => countyOf.GetValueOrDefault(r.MunicipalityCode, "00")).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var row = new TableEntity(pk, $"{vk}-{group.Key}") { ["EntityType"] = "indicator-county", ["CountyCode"] = group.Key };
                TableKeys.SetLargeText(row, "RowsJson", KommuntalJson.Serialize(group.Select(IndicatorRow.From).ToList()));
                list.Add(row);
            }
            return list;
        }, $"Inputs {pk}", cancellationToken);
        return new InputSaveResult<IndicatorVersion>(BuildIndicators(indicators.Year, version, rows)!, created);
    }

    public async Task<IndicatorVersion?> GetIndicatorsAsync(int year, CancellationToken cancellationToken)
    {
        var rows = await VersionedPartition.ReadAsync(Table, InputPartitions.Indicators(year), cancellationToken);
        return VersionedPartition.Current(rows) is > 0 and var current ? BuildIndicators(year, current, rows) : null;
    }

    public async Task<IReadOnlyList<IndicatorVersion>> ListIndicatorsAsync(int year, CancellationToken cancellationToken)
    {
        var rows = await VersionedPartition.ReadAsync(Table, InputPartitions.Indicators(year), cancellationToken);
        return Enumerable.Range(1, VersionedPartition.Current(rows)).Select(v => BuildIndicators(year, v, rows)).OfType<IndicatorVersion>().ToList();
    }

    public async Task<InputSaveResult<WishVersion>> SaveWishesAsync(int year, string countyCode, IReadOnlyList<Deviation> wishes, InputSource source, CancellationToken cancellationToken)
    {
        var pk = InputPartitions.Wishes(year, countyCode);
        var (version, created, rows) = await VersionedPartition.SaveAsync(Table, pk, source.Sha256, "input-hash", v =>
        {
            var row = InputVersionEntity.Describe(new TableEntity(pk, TableKeys.Version(v)), "wishes", v, source);
            row["Year"] = year;
            row["CountyCode"] = countyCode;
            row["Count"] = wishes.Count;
            TableKeys.SetLargeText(row, "WishesJson", KommuntalJson.Serialize(wishes.Select(WishRow.From).ToList()));
            return [row];
        }, $"Inputs {pk}", cancellationToken);
        return new InputSaveResult<WishVersion>(BuildWishes(year, countyCode, version, rows)!, created);
    }

    public async Task<WishVersion?> GetWishesAsync(int year, string countyCode, CancellationToken cancellationToken)
    {
        var rows = await VersionedPartition.ReadAsync(Table, InputPartitions.Wishes(year, countyCode), cancellationToken);
        return VersionedPartition.Current(rows) is > 0 and var current ? BuildWishes(year, countyCode, current, rows) : null;
    }

    public async Task<IReadOnlyList<WishVersion>> ListWishesAsync(int year, string countyCode, CancellationToken cancellationToken)
    {
        var rows = await VersionedPartition.ReadAsync(Table, InputPartitions.Wishes(year, countyCode), cancellationToken);
        return Enumerable.Range(1, VersionedPartition.Current(rows)).Select(v => BuildWishes(year, countyCode, v, rows)).OfType<WishVersion>().ToList();
    }

    private static IndicatorVersion? BuildIndicators(int year, int version, Dictionary<string, TableEntity> rows)
    {
        var vk = TableKeys.Version(version);
        if (!rows.TryGetValue(vk, out var head)) return null;
        var municipalities = rows.Values
            .Where(e => e.RowKey.StartsWith(vk + "-", StringComparison.Ordinal))
            .SelectMany(e => KommuntalJson.Deserialize<List<IndicatorRow>>(TableKeys.GetLargeText(e, "RowsJson") ?? "[]"))
            .Select(r => r.ToIndicators())
            .OrderBy(r => r.MunicipalityCode, StringComparer.Ordinal)
            .ToList();
        var sources = KommuntalJson.Deserialize<List<string>>(TableKeys.GetLargeText(head, "SourcesJson") ?? "[]");
        var columns = (head.GetString("Columns") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries);
        return new IndicatorVersion(year, version, new IndicatorSet(year, municipalities, sources), columns, InputVersionEntity.SourceOf(head));
    }

    private static WishVersion? BuildWishes(int year, string countyCode, int version, Dictionary<string, TableEntity> rows)
    {
        if (!rows.TryGetValue(TableKeys.Version(version), out var row)) return null;
        var wishes = KommuntalJson.Deserialize<List<WishRow>>(TableKeys.GetLargeText(row, "WishesJson") ?? "[]").Select(w => w.ToDeviation()).ToList();
        return new WishVersion(year, countyCode, version, wishes, InputVersionEntity.SourceOf(row));
    }

    /// <summary>Stored form of one municipality's indicators (independent of the engine's record).</summary>
    private sealed record IndicatorRow(string Code, double? Population, double? Labour, double? Reception, double? AsylumSeekers, double? SelfSettled)
    {
        public static IndicatorRow From(MunicipalIndicators m) => new(m.MunicipalityCode, m.Population, m.Labour, m.Reception, m.AsylumSeekers, m.SelfSettled);
        public MunicipalIndicators ToIndicators() => new(Code, Population, Labour, Reception, AsylumSeekers, SelfSettled);
    }

    /// <summary>Stored form of one wish.</summary>
    private sealed record WishRow(string Municipality, string Kind, int Number, string Reason)
    {
        public static WishRow From(Deviation d) => new(d.MunicipalityCode, d.Kind.ToString(), d.Number, d.Reason);
        public Deviation ToDeviation() => new(Municipality, Enum.Parse<DeviationKind>(Kind, ignoreCase: true), Number, Reason);
    }
}
