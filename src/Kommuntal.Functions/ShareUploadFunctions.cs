using Kommuntal.Functions.Api;

namespace Kommuntal.Functions;

/// <summary>
/// The uploads of the shares for unaccompanied children (andelstal) and of a county's requests about
/// them, through the one upload path (<see cref="Uploads"/>) as quotas, indicators and wishes: 201 for
/// a new version, 200 when the same bytes were already stored, 400 naming file, line and field.
/// </summary>
public sealed class ShareUploadFunctions(Uploads uploads, ShareImportService shares, ReferenceData reference)
{
    /// <summary><c>POST /api/andelstal/{year}</c>: the whole country or some counties (national role).</summary>
    [Function("UploadShares")]
    public Task<IActionResult> UploadShares(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "andelstal/{year:int}")] HttpRequest request, int year, CancellationToken ct) =>
        uploads.HandleAsync(request, year, null, $"andelstal-{year}.csv",
            async (file, actor) => ShareResponse.From(await shares.ImportSharesAsync(file, year, actor, ct), reference), ct);

    /// <summary><c>POST /api/andelstal-requests/{year}/{county}</c>: the county's requests (lower, raise, transfer); the next proposal carries them.</summary>
    [Function("UploadShareRequests")]
    public Task<IActionResult> UploadShareRequests(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "andelstal-requests/{year:int}/{county}")] HttpRequest request, int year, string county,
        CancellationToken ct) =>
        uploads.HandleAsync(request, year, county, $"andelstal-requests-{year}-{county}.csv",
            async (file, actor) => ShareRequestResponse.From(await shares.ImportRequestsAsync(file, year, county, actor, ct), reference), ct);
}
