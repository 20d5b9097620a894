using Kommuntal.Core.Allocation;

namespace Kommuntal.Functions.Api;

/// <summary>The answer to an upload: whether it stored a new version (201) or found the same content (200).</summary>
public interface IUploadResponse
{
    bool Created { get; }
}

/// <summary>The JSON returned for an accepted quota (openapi: QuotaVersion).</summary>
public sealed record QuotaResponse(int Year, int Version, bool Created, string Sha256, string SourceFileName, string UploadedBy, DateTimeOffset UploadedAt,
    string? Statute, int Total, IReadOnlyList<QuotaResponse.County> Counties, IReadOnlyList<string> ChangedCounties, IReadOnlyList<string> FlaggedCounties) : IUploadResponse
{
    public sealed record County(string Code, string Name, int Lanstal);

    public static QuotaResponse From(QuotaImportOutcome o) => new(o.Version.Year, o.Version.Version, o.Created, o.Version.Source.Sha256,
        o.Version.Source.FileName, o.Version.Source.UploadedBy, o.Version.Source.UploadedAt, o.Version.Quota.StatuteReference, o.Version.Quota.Total,
        o.Version.Quota.Counties.Select(c => new County(c.CountyCode, c.CountyName, c.Lanstal)).ToList(), o.ChangedCounties, o.FlaggedCounties);
}

/// <summary>The JSON returned for an accepted indicator file.</summary>
public sealed record IndicatorResponse(int Year, int Version, bool Created, string Sha256, string SourceFileName, string UploadedBy, DateTimeOffset UploadedAt,
    string Format, int Municipalities, IReadOnlyList<string> Columns) : IUploadResponse
{
    public static IndicatorResponse From(IndicatorImportOutcome o) => new(o.Version.Year, o.Version.Version, o.Created, o.Version.Source.Sha256,
        o.Version.Source.FileName, o.Version.Source.UploadedBy, o.Version.Source.UploadedAt, o.Version.Source.Format, o.Version.Indicators.Rows.Count, o.Version.Columns);
}

/// <summary>The JSON returned for an accepted wish file.</summary>
public sealed record WishResponse(int Year, string County, int Version, bool Created, string Sha256, string SourceFileName, string UploadedBy,
    DateTimeOffset UploadedAt, string Format, bool RecordedNow, IReadOnlyList<WishResponse.Wish> Wishes) : IUploadResponse
{
    public sealed record Wish(string Municipality, string Name, DeviationKind Kind, int Number, string Reason);

    public static WishResponse From(WishImportOutcome o, ReferenceData reference) => new(o.Version.Year, o.Version.CountyCode, o.Version.Version, o.Created,
        o.Version.Source.Sha256, o.Version.Source.FileName, o.Version.Source.UploadedBy, o.Version.Source.UploadedAt, o.Version.Source.Format, o.RecordedNow,
        o.Version.Wishes.Select(w => new Wish(w.MunicipalityCode, reference.FindMunicipality(w.MunicipalityCode)?.Name ?? "", w.Kind, w.Number, w.Reason)).ToList());
}
