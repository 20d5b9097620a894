using Kommuntal.Core.Unaccompanied;

namespace Kommuntal.Application.Ports;

/// <summary>
/// An immutable stored version of a year's shares for unaccompanied children (andelstal): every
/// municipality on record, the counties this version's file replaced, and where the file came from.
/// </summary>
public sealed record ShareVersion(int Year, int Version, IReadOnlyList<RecordedShare> Shares, IReadOnlyList<string> Counties, InputSource Source)
{
    /// <summary>How drafts name these shares (kept with every draft).</summary>
    public string Describe() => $"andelstal {Year} v{Version}: {Source.FileName} (SHA-256 {Source.Sha256[..12]}…)";

    /// <summary>The shares on record of the municipalities of <paramref name="countyCode"/>.</summary>
    public List<RecordedShare> OfCounty(string countyCode, ReferenceData reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return [.. Shares.Where(s => reference.FindMunicipality(s.MunicipalityCode)?.CountyCode == countyCode)];
    }
}

/// <summary>An immutable stored version of a county's requests about its shares for a year.</summary>
public sealed record ShareRequestVersion(int Year, string CountyCode, int Version, IReadOnlyList<ShareRequest> Requests, InputSource Source)
{
    /// <summary>How drafts name these requests.</summary>
    public string Describe() => $"begäranden om andelstal {Year}-{CountyCode} v{Version}: {Source.FileName} (SHA-256 {Source.Sha256[..12]}…)";
}

/// <summary>
/// Share and share-request file versions in Table Storage (table "inputs"): one partition per year
/// (shares) or per county and year (requests), one transaction per version, idempotent by content.
/// </summary>
public interface IShareStore
{
    /// <summary>
    /// Stores a version with <paramref name="shares"/> replacing the shares of <paramref name="counties"/>
    /// (the counties the file covers) and the other counties' shares kept from the current version.
    /// </summary>
    Task<InputSaveResult<ShareVersion>> SaveSharesAsync(int year, IReadOnlyList<RecordedShare> shares, IReadOnlyList<string> counties, InputSource source,
        CancellationToken cancellationToken);
    /// <summary>The latest version of a year's shares, or null when none is imported.</summary>
    Task<ShareVersion?> GetSharesAsync(int year, CancellationToken cancellationToken);

    Task<InputSaveResult<ShareRequestVersion>> SaveRequestsAsync(int year, string countyCode, IReadOnlyList<ShareRequest> requests, InputSource source,
        CancellationToken cancellationToken);
    /// <summary>The latest version of a county's requests, or null when none is imported.</summary>
    Task<ShareRequestVersion?> GetRequestsAsync(int year, string countyCode, CancellationToken cancellationToken);
}
