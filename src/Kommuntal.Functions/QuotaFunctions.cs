using Kommuntal.Application.Options;
using Kommuntal.Application.Services;
using Kommuntal.Core.Ingestion;
using Kommuntal.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace Kommuntal.Functions;

/// <summary>
/// Quota uploads: <c>POST /api/quotas/{year}</c> with the file as the body (annex text, CSV, .xlsx or
/// JSON; the name in the X-File-Name header). A year the file states must be the route's.
/// </summary>
public sealed class QuotaFunctions(QuotaImportService imports, IOptions<IngestionOptions> options, CoordinatorAccess access)
{
    [Function("UploadQuota")]
    public async Task<IActionResult> UploadQuota(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "quotas/{year:int}")] HttpRequest request,
        int year,
        CancellationToken cancellationToken)
    {
        SecurityHeaders.Apply(request.HttpContext.Response, html: false);
        if (await access.AuthorizeAsync(request, year, null, national: true, cancellationToken) is { } refused) return refused;
        var fileName = RequestBody.FileName(request, $"quota-{year}.csv");
        try
        {
            var content = await RequestBody.ReadAsync(request, fileName, Uploads.MaxBytes(options.Value), cancellationToken);
            var outcome = await imports.ImportAsync(new InputFile(fileName, content), year, Actor.Of(request), cancellationToken);
            return ProblemResults.Json(QuotaResponse.From(outcome), outcome.Created ? StatusCodes.Status201Created : StatusCodes.Status200OK);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return ProblemResults.From(request, ex);
        }
    }
}

/// <summary>The JSON returned for an accepted quota.</summary>
public sealed record QuotaResponse(int Year, int Version, bool Created, string Sha256, string SourceFileName, string UploadedBy, DateTimeOffset UploadedAt,
    string? Statute, int Total, IReadOnlyList<QuotaResponse.County> Counties, IReadOnlyList<string> ChangedCounties, IReadOnlyList<string> FlaggedCounties)
{
    public sealed record County(string Code, string Name, int Lanstal);

    public static QuotaResponse From(QuotaImportOutcome o) => new(o.Version.Year, o.Version.Version, o.Created, o.Version.Source.Sha256,
        o.Version.Source.FileName, o.Version.Source.UploadedBy, o.Version.Source.UploadedAt, o.Version.Quota.StatuteReference, o.Version.Quota.Total,
        o.Version.Quota.Counties.Select(c => new County(c.CountyCode, c.CountyName, c.Lanstal)).ToList(), o.ChangedCounties, o.FlaggedCounties);
}

/// <summary>Upload limits shared by the ingestion functions.</summary>
internal static class Uploads
{
    /// <summary>The configured limit (Kommuntal:Ingestion:MaxFileBytes), checked from Content-Length before reading and while reading.</summary>
    public static int MaxBytes(IngestionOptions options) => (int)Math.Clamp(options.MaxFileBytes, 1, int.MaxValue);
}
