using Kommuntal.Core.Fulfilment;
using Kommuntal.Functions.Api;

namespace Kommuntal.Functions;

/// <summary>
/// Following the year (issue 19): the upload of Migrationsverket's statistics "Anvisningar enligt
/// kommuntalen" through the one upload path (<see cref="Uploads"/>: national role, size limit, 201
/// new version / 200 the same bytes, 400 naming file, line and field), and the report.
/// </summary>
public sealed class FulfilmentFunctions(Uploads uploads, FulfilmentService fulfilment, CoordinatorAccess access)
{
    /// <summary><c>POST /api/fulfilment/{year}?period=YYYY-MM</c>: a period the file states must be the query's.</summary>
    [Function("UploadFulfilment")]
    public Task<IActionResult> Upload(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "fulfilment/{year:int}")] HttpRequest request, int year, CancellationToken ct)
    {
        var period = request.Query["period"].FirstOrDefault() is { Length: > 0 } p ? p : null;
        return uploads.HandleAsync(request, year, null, $"anvisningar-{year}.csv",
            async (file, actor) => FulfilmentResponse.From(await fulfilment.ImportAsync(file, year, period, actor, ct)), ct);
    }

    /// <summary><c>GET /api/fulfilment/{year}?county=CC</c>: the report, the same JSON as <c>kommuntal fulfilment report --json</c>.</summary>
    [Function("GetFulfilmentReport")]
    public async Task<IActionResult> Report(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "fulfilment/{year:int}")] HttpRequest request, int year, CancellationToken ct)
    {
        var county = request.Query["county"].FirstOrDefault() is { Length: > 0 } c ? c : null;
        if (county is null) await access.AuthorizeAsync(request, year, null, national: false, ct);
        else await access.AuthorizeCountyAsync(request, year, county, ct);
        return JsonResults.Json(FulfilmentSummary.From(await fulfilment.ReportAsync(year, county, ct)));
    }
}
