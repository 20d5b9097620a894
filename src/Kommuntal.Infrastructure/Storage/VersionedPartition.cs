namespace Kommuntal.Infrastructure.Storage;

/// <summary>
/// A partition of immutable versions (the quotas, and the indicator and wish files of the "inputs"
/// table): a "head" row naming the current version, the rows of each version ("v0001", "v0001-18"…)
/// and a "sha-{sha256}" row per content. A new version is one transaction (head, version rows and
/// content hash) guarded by the head row's ETag; a writer that loses the race (409/412) reads again
/// and takes the next number. The same content as the current version is not stored again. See docs/storage.md.
/// </summary>
internal static class VersionedPartition
{
    private const int MaxAttempts = 5;

    public static async Task<Dictionary<string, TableEntity>> ReadAsync(TableClient table, string pk, CancellationToken cancellationToken)
    {
        var rows = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
        await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {pk}"), cancellationToken: cancellationToken))
            rows[e.RowKey] = e;
        return rows;
    }

    /// <summary>The current version of a partition read with <see cref="ReadAsync"/> (0: none).</summary>
    public static int Current(IReadOnlyDictionary<string, TableEntity> rows) =>
        rows.TryGetValue("head", out var head) ? head.GetInt32("CurrentVersion") ?? 0 : 0;

    /// <summary>
    /// Writes the next version unless the content (<paramref name="sha256"/>) is the current version's.
    /// Returns the version, whether it was created, and the partition's rows as read for it (including
    /// the new version's rows).
    /// </summary>
    /// <param name="hashType">The EntityType of the content hash row.</param>
    /// <param name="what">Names the partition in the conflict after <see cref="MaxAttempts"/> lost races.</param>
    public static Task<(int Version, bool Created, Dictionary<string, TableEntity> Rows)> SaveAsync(TableClient table, string pk, string sha256,
        string hashType, Func<int, IReadOnlyList<TableEntity>> versionRows, string what, CancellationToken cancellationToken) =>
        SaveAsync(table, pk, sha256, hashType, (v, _) => versionRows(v), what, cancellationToken);

    /// <summary>As the other overload; <paramref name="versionRows"/> also gets the partition's rows as read for this attempt (a version built on the current one).</summary>
    public static async Task<(int Version, bool Created, Dictionary<string, TableEntity> Rows)> SaveAsync(TableClient table, string pk, string sha256,
        string hashType, Func<int, IReadOnlyDictionary<string, TableEntity>, IReadOnlyList<TableEntity>> versionRows, string what, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var rows = await ReadAsync(table, pk, cancellationToken);
            rows.TryGetValue("head", out var head);
            var current = Current(rows);
            rows.TryGetValue("sha-" + sha256, out var shaRow);
            if (shaRow is not null && shaRow.GetInt32("Version") == current)
                return (current, false, rows);
            // New content, or the content of an older version again (a revert): a new version either way.
            var version = current + 1;
            var added = versionRows(version, rows);
            var transaction = new TableTransaction(table, pk)
                .AddOrReplace(new TableEntity(pk, "head") { ["EntityType"] = "head", ["CurrentVersion"] = version }, head?.ETag);
            foreach (var e in added) transaction.Add(e);
            transaction.AddOrReplace(new TableEntity(pk, "sha-" + sha256) { ["EntityType"] = hashType, ["Version"] = version }, shaRow?.ETag);
            if (await transaction.TrySubmitAsync(cancellationToken) is null)
            {
                if (attempt < MaxAttempts) continue; // another upload took this version number (or stored the same content) first: read again
                throw new ConcurrencyConflictException($"{what}: lost {MaxAttempts} races for a version number.");
            }
            foreach (var e in added) rows[e.RowKey] = e;
            return (version, true, rows);
        }
    }
}
