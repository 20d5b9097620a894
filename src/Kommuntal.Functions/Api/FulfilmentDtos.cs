namespace Kommuntal.Functions.Api;

/// <summary>The JSON returned for an accepted statistics file (openapi: FulfilmentVersion); period null for the whole year.</summary>
public sealed record FulfilmentResponse(int Year, string? Period, int Version, bool Created, string Sha256, string SourceFileName, string UploadedBy,
    DateTimeOffset UploadedAt, string Format, int Municipalities, int Kommuntal, int Received) : IUploadResponse
{
    public static FulfilmentResponse From(FulfilmentImportOutcome o) => new(o.Version.Year, o.Version.Period, o.Version.Version, o.Created,
        o.Version.Source.Sha256, o.Version.Source.FileName, o.Version.Source.UploadedBy, o.Version.Source.UploadedAt, o.Format, o.Version.Rows.Count,
        o.Version.Rows.Sum(r => r.Kommuntal), o.Version.Rows.Sum(r => r.Received));
}
