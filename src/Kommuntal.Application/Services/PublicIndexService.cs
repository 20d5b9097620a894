using System.Security.Cryptography;
using System.Text.Json;
using Kommuntal.Core.Documents;

namespace Kommuntal.Application.Services;

/// <summary>What bringing a year's index up to the record did.</summary>
/// <param name="Reloaded">County-years read from the record because their part was older than their state row.</param>
public sealed record IndexUpdate(int Year, bool YearWritten, bool RootWritten, IReadOnlyList<string> Reloaded);

/// <summary>
/// Keeps the published index (docs/storage.md, "The published index") equal to the record: the
/// year blob from the county-year partitions, then the root, then the page copy. Idempotent and
/// safe under concurrent writers (conditional writes, merge, a part never replaced by an older one).
/// A crash after a publication's commit leaves the index behind its record; the next update of the
/// year finds it (each part carries the audit sequence it was built from, each state row the
/// current one) and repairs it: the next publication, the yearly run, the yearly cycle and the
/// DispatchNotifications timer all run one.
/// </summary>
public sealed class PublicIndexService(
    ReferenceData reference,
    ICountyYearStore store,
    IPublishedIndexStore indexStore,
    PublishedIndexCache cache,
    TimeProvider clock,
    ILogger<PublicIndexService> logger)
{
    private const int MaxAttempts = 10;

    /// <summary>
    /// Brings the year's index to the record. <paramref name="known"/> are county-years the caller
    /// has just read or written (used as they are, no read). Unless they cover every county, the
    /// year's state rows are read (one query) and every other county-year whose record is newer than
    /// its part is loaded and its part rebuilt.
    /// </summary>
    public async Task<IndexUpdate> UpdateAsync(int year, IReadOnlyCollection<CountyYearSnapshot> known, CancellationToken cancellationToken)
    {
        var sections = known.Where(s => s.State.Year == year && reference.FindCounty(s.State.CountyCode) is not null)
            .Select(s => PublishedIndexBuilder.Section(reference.County(s.State.CountyCode), s)).ToList();
        var knownCodes = sections.Select(s => s.Code).ToHashSet(StringComparer.Ordinal);
        var states = reference.Counties.All(c => knownCodes.Contains(c.Code))
            ? []
            : (await store.ListStatesAsync(year, cancellationToken)).Where(s => !knownCodes.Contains(s.CountyCode) && reference.FindCounty(s.CountyCode) is not null).ToList();
        var reloaded = new Dictionary<string, PublishedCountyIndex>(StringComparer.Ordinal);
        var name = PublicationPaths.IndexYear(year);
        for (var attempt = 1; ; attempt++)
        {
            var current = await cache.GetFreshAsync(name, cancellationToken);
            var existing = PublishedIndexCache.Year(current);
            foreach (var state in states.Where(s => !reloaded.ContainsKey(s.CountyCode) && Behind(existing, s)))
            {
                var snapshot = await store.LoadAsync(year, state.CountyCode, cancellationToken);
                reloaded[state.CountyCode] = PublishedIndexBuilder.Section(reference.County(state.CountyCode), snapshot);
            }
            var updated = PublishedIndexBuilder.With(year, existing, sections.Concat(reloaded.Values));
            var bytes = JsonSerializer.SerializeToUtf8Bytes(updated, KommuntalJson.Options);
            var written = false;
            if (current.Bytes is null || !bytes.AsSpan().SequenceEqual(current.Bytes))
            {
                var etag = await indexStore.WriteAsync(name, bytes, current.ETag, cancellationToken);
                if (etag is null)
                {
                    // Another writer changed the year first: read theirs and merge again.
                    if (attempt >= MaxAttempts) throw new ConcurrencyConflictException($"The published index {name} kept changing during {MaxAttempts} attempts to update it.");
                    continue;
                }
                cache.Put(name, updated, bytes, etag);
                written = true;
            }
            var rootWritten = await UpdateRootAsync(updated, Convert.ToHexStringLower(SHA256.HashData(bytes)), cancellationToken);
            if (reloaded.Count > 0)
                logger.LogInformation("Published index {Year}: rebuilt the part of {Counties} from the record (it was behind)", year, string.Join(", ", reloaded.Keys.Order(StringComparer.Ordinal)));
            return new IndexUpdate(year, written, rootWritten, reloaded.Keys.Order(StringComparer.Ordinal).ToList());
        }
    }

    /// <summary>Repairs the years' indexes from the record (for the timers): one state query per year, and only what is behind is read and written.</summary>
    public async Task<IReadOnlyList<IndexUpdate>> RepairAsync(IEnumerable<int> years, CancellationToken cancellationToken)
    {
        var done = new List<IndexUpdate>();
        foreach (var year in years.Distinct().Order()) done.Add(await UpdateAsync(year, [], cancellationToken));
        return done;
    }

    /// <summary>Whether the index's part of a county-year is older than its record (or missing while the record has anything).</summary>
    private static bool Behind(PublishedYearIndex? index, CountyYearState state)
    {
        var part = index?.Counties.FirstOrDefault(c => c.Code == state.CountyCode);
        return part is null ? state.Status != CountyYearStatus.None : part.RecordSequence < state.AuditSequence;
    }

    /// <summary>
    /// The root after the year blob: a root that names the year blob's SHA-256 vouches for it and for
    /// the page copy, which is written before it (so a crash in between is found and repaired next time).
    /// </summary>
    private async Task<bool> UpdateRootAsync(PublishedYearIndex year, string yearSha256, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var current = await cache.GetFreshAsync(PublicationPaths.IndexRoot, cancellationToken);
            var root = PublishedIndexCache.Root(current);
            // Up to date, unless the year's summary predates the explanations' texts in the root (rewritten once, by the next update or repair).
            if (root?.Years.FirstOrDefault(y => y.Year == year.Year) is { } known && known.IndexSha256 == yearSha256 && known.HasExplanationTexts) return false;
            var updated = PublishedIndexBuilder.WithYear(root, year, yearSha256, clock.GetUtcNow());
            var bytes = JsonSerializer.SerializeToUtf8Bytes(updated, KommuntalJson.Options);
            var etag = await indexStore.WriteAsync(PublicationPaths.IndexRoot, bytes, current.ETag, cancellationToken);
            if (etag is not null)
            {
                cache.Put(PublicationPaths.IndexRoot, updated, bytes, etag);
                return true;
            }
            if (attempt >= MaxAttempts) throw new ConcurrencyConflictException($"The published index root kept changing during {MaxAttempts} attempts to update it.");
        }
    }
}
