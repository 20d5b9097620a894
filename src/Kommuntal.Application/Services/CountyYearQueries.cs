namespace Kommuntal.Application.Services;

/// <summary>A county with where its year stands (a county not started yet: an empty state).</summary>
public sealed record CountyYearListing(County County, CountyYearState State);

/// <summary>
/// The coordinator API's reads that are not a step of the lifecycle: every county of a year, one
/// county-year with its county, its audit trail. Reads only; every change goes through
/// <see cref="CountyYearService"/>.
/// </summary>
public sealed class CountyYearQueries(ICountyYearStore store, ReferenceData reference)
{
    /// <summary>Every county in reference order with its state (one query).</summary>
    public async Task<IReadOnlyList<CountyYearListing>> ListAsync(int year, CancellationToken cancellationToken)
    {
        var states = (await store.ListStatesAsync(year, cancellationToken)).ToDictionary(s => s.CountyCode);
        return [.. reference.Counties.Select(c => new CountyYearListing(c, states.GetValueOrDefault(c.Code) ?? new CountyYearState(year, c.Code)))];
    }

    /// <summary>The county-year with its drafts, decisions and messages, and the county it belongs to.</summary>
    public async Task<(County County, CountyYearSnapshot Snapshot)> GetAsync(int year, string countyCode, CancellationToken cancellationToken)
    {
        var county = reference.County(countyCode);
        return (county, await store.LoadAsync(year, county.Code, cancellationToken));
    }

    public Task<IReadOnlyList<AuditEntry>> AuditAsync(int year, string countyCode, CancellationToken cancellationToken) =>
        store.ReadAuditAsync(year, reference.County(countyCode).Code, cancellationToken);
}
