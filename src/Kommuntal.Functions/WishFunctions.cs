using Kommuntal.Application.Options;
using Kommuntal.Application.Services;
using Kommuntal.Core.Allocation;
using Kommuntal.Core.Ingestion;
using Kommuntal.Core.Reference;
using Kommuntal.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace Kommuntal.Functions;

/// <summary>
/// Wish (deviation) uploads for a county: <c>POST /api/wishes/{year}/{county}</c> with the file
/// (CSV, .xlsx or JSON) as the body. The wishes are recorded on the county-year; the next proposal
/// applies them.
/// </summary>
public sealed class WishFunctions(WishImportService imports, ReferenceData reference, IOptions<IngestionOptions> options, CoordinatorAccess access)
{
    [Function("UploadWishes")]
    public async Task<IActionResult> UploadWishes(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "wishes/{year:int}/{county}")] HttpRequest request,
        int year,
        string county,
        CancellationToken cancellationToken)
    {
        SecurityHeaders.Apply(request.HttpContext.Response, html: false);
        if (reference.FindCounty(county) is null)
            return ProblemResults.Problem(request, 404, "Not found", $"There is no county with code '{county}'.", "not-found");
        if (await access.AuthorizeAsync(request, year, county, national: false, cancellationToken) is { } refused) return refused;
        var fileName = RequestBody.FileName(request, $"wishes-{year}-{county}.csv");
        try
        {
            var content = await RequestBody.ReadAsync(request, fileName, Uploads.MaxBytes(options.Value), cancellationToken);
            var outcome = await imports.ImportAsync(new InputFile(fileName, content), year, county, Actor.Of(request), cancellationToken);
            return ProblemResults.Json(WishResponse.From(outcome, reference), outcome.Created ? StatusCodes.Status201Created : StatusCodes.Status200OK);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return ProblemResults.From(request, ex);
        }
    }
}

/// <summary>The JSON returned for an accepted wish file.</summary>
public sealed record WishResponse(int Year, string County, int Version, bool Created, string Sha256, string SourceFileName, string UploadedBy,
    DateTimeOffset UploadedAt, string Format, bool RecordedNow, IReadOnlyList<WishResponse.Wish> Wishes)
{
    public sealed record Wish(string Municipality, string Name, DeviationKind Kind, int Number, string Reason);

    public static WishResponse From(WishImportOutcome o, ReferenceData reference) => new(o.Version.Year, o.Version.CountyCode, o.Version.Version, o.Created,
        o.Version.Source.Sha256, o.Version.Source.FileName, o.Version.Source.UploadedBy, o.Version.Source.UploadedAt, o.Version.Source.Format, o.RecordedNow,
        o.Version.Wishes.Select(w => new Wish(w.MunicipalityCode, reference.FindMunicipality(w.MunicipalityCode)?.Name ?? "", w.Kind, w.Number, w.Reason)).ToList());
}
