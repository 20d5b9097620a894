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
/// Indicator uploads: <c>POST /api/indicators/{year}</c> with the file (CSV, .xlsx or JSON) as the
/// body. The accepted version is what the next proposal for the year uses.
/// </summary>
public sealed class IndicatorFunctions(IndicatorImportService imports, IOptions<IngestionOptions> options, CoordinatorAccess access)
{
    [Function("UploadIndicators")]
    public async Task<IActionResult> UploadIndicators(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "indicators/{year:int}")] HttpRequest request,
        int year,
        CancellationToken cancellationToken)
    {
        SecurityHeaders.Apply(request.HttpContext.Response, html: false);
        if (await access.AuthorizeAsync(request, year, null, national: true, cancellationToken) is { } refused) return refused;
        var fileName = RequestBody.FileName(request, $"indicators-{year}.csv");
        try
        {
            var content = await RequestBody.ReadAsync(request, fileName, Uploads.MaxBytes(options.Value), cancellationToken);
            var outcome = await imports.ImportAsync(new InputFile(fileName, content), year, Actor.Of(request), cancellationToken);
            return ProblemResults.Json(IndicatorResponse.From(outcome), outcome.Created ? StatusCodes.Status201Created : StatusCodes.Status200OK);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return ProblemResults.From(request, ex);
        }
    }
}

/// <summary>The JSON returned for an accepted indicator file.</summary>
public sealed record IndicatorResponse(int Year, int Version, bool Created, string Sha256, string SourceFileName, string UploadedBy, DateTimeOffset UploadedAt,
    string Format, int Municipalities, IReadOnlyList<string> Columns)
{
    public static IndicatorResponse From(IndicatorImportOutcome o) => new(o.Version.Year, o.Version.Version, o.Created, o.Version.Source.Sha256,
        o.Version.Source.FileName, o.Version.Source.UploadedBy, o.Version.Source.UploadedAt, o.Version.Source.Format, o.Version.Indicators.Rows.Count, o.Version.Columns);
}
