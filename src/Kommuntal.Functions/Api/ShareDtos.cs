using Kommuntal.Core.Unaccompanied;

namespace Kommuntal.Functions.Api;

/// <summary>
/// The JSON returned for an accepted shares file (openapi: ShareVersion): every share on record in
/// the version, in per mille, and the counties whose requests on record no longer fit them.
/// </summary>
public sealed record ShareResponse(int Year, int Version, bool Created, string Sha256, string SourceFileName, string UploadedBy, DateTimeOffset UploadedAt,
    string Format, IReadOnlyList<string> Counties, IReadOnlyList<ShareResponse.Share> Shares, IReadOnlyList<ShareResponse.StaleRequests> RequestsNoLongerFit) : IUploadResponse
{
    public sealed record Share(string Municipality, string Name, PerMille Andelstal);

    /// <summary>A county's request file on record whose transfers the new shares no longer allow, with every problem.</summary>
    public sealed record StaleRequests(string County, string File, IReadOnlyList<InputProblem> Problems);

    public static ShareResponse From(ShareImportOutcome o, ReferenceData reference) => new(o.Version.Year, o.Version.Version, o.Created, o.Version.Source.Sha256,
        o.Version.Source.FileName, o.Version.Source.UploadedBy, o.Version.Source.UploadedAt, o.Version.Source.Format, o.Counties,
        o.Version.Shares.Select(s => new Share(s.MunicipalityCode, reference.FindMunicipality(s.MunicipalityCode)?.Name ?? "", s.Share)).ToList(),
        o.RequestsNoLongerFit.Select(r => new StaleRequests(r.CountyCode, r.FileName, [.. r.Problems.Select(InputProblem.From)])).ToList());
}

/// <summary>The JSON returned for an accepted request file (openapi: ShareRequestVersion): the requests and, when shares are on record, the county's shares before and after.</summary>
public sealed record ShareRequestResponse(int Year, string County, int Version, bool Created, string Sha256, string SourceFileName, string UploadedBy,
    DateTimeOffset UploadedAt, string Format, IReadOnlyList<ShareRequestResponse.Item> Requests, IReadOnlyList<ShareRequestResponse.Row>? Shares) : IUploadResponse
{
    public sealed record Item(string Municipality, string Name, string Request, PerMille? PerMille, string? Counterpart, string Reason, bool Applied);
    public sealed record Row(string Municipality, string Name, PerMille Before, PerMille After);

    public static ShareRequestResponse From(ShareRequestImportOutcome o, ReferenceData reference) => new(o.Version.Year, o.Version.CountyCode, o.Version.Version,
        o.Created, o.Version.Source.Sha256, o.Version.Source.FileName, o.Version.Source.UploadedBy, o.Version.Source.UploadedAt, o.Version.Source.Format,
        o.Version.Requests.Select(r => new Item(r.MunicipalityCode, reference.FindMunicipality(r.MunicipalityCode)?.Name ?? "", ShareRequest.KindName(r.Kind), r.Amount,
            r.CounterpartCode, r.Reason, o.Shares is { } s && !s.NotApplied.Contains(r))).ToList(),
        o.Shares?.Rows.Select(r => new Row(r.MunicipalityCode, r.Name, r.Before, r.After)).ToList());
}
