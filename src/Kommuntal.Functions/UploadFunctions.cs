using Kommuntal.Functions.Api;

namespace Kommuntal.Functions;

/// <summary>
/// The uploads of quotas, indicators and wishes: the file as the body (annex text, CSV, .xlsx, .ods
/// or JSON; its name in the X-File-Name header). One path serves all three (<see cref="Uploads"/>):
/// access, the body within the size limit, the door's import service (the same as the inbox's and
/// the command line's), 201 for a new version and 200 when the same bytes were already stored. A
/// rejected file is 400 naming file, line and field; nothing is stored.
/// </summary>
public sealed class UploadFunctions(Uploads uploads, QuotaImportService quotas, IndicatorImportService indicators, WishImportService wishes,
    ReferenceData reference)
{
    /// <summary><c>POST /api/quotas/{year}</c>: the national quota; a year the file states must be the route's.</summary>
    [Function("UploadQuota")]
    public Task<IActionResult> UploadQuota(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "quotas/{year:int}")] HttpRequest request, int year, CancellationToken ct) =>
        uploads.HandleAsync(request, year, null, $"quota-{year}.csv", async (file, actor) => QuotaResponse.From(await quotas.ImportAsync(file, year, actor, ct)), ct);

    /// <summary><c>POST /api/indicators/{year}</c>: the accepted version is what the next proposal for the year uses.</summary>
    [Function("UploadIndicators")]
    public Task<IActionResult> UploadIndicators(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "indicators/{year:int}")] HttpRequest request, int year, CancellationToken ct) =>
        uploads.HandleAsync(request, year, null, $"indicators-{year}.csv",
            async (file, actor) => IndicatorResponse.From(await indicators.ImportAsync(file, year, actor, ct)), ct);

    /// <summary><c>POST /api/wishes/{year}/{county}</c>: recorded on the county-year; the next proposal applies them.</summary>
    [Function("UploadWishes")]
    public Task<IActionResult> UploadWishes(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "wishes/{year:int}/{county}")] HttpRequest request, int year, string county,
        CancellationToken ct) =>
        uploads.HandleAsync(request, year, county, $"wishes-{year}-{county}.csv",
            async (file, actor) => WishResponse.From(await wishes.ImportAsync(file, year, county, actor, ct), reference), ct);
}
