using Kommuntal.Application.Options;
using Kommuntal.Core.Ingestion;
using Kommuntal.Functions.Api;
using Microsoft.Extensions.Options;

namespace Kommuntal.Functions.Http;

/// <summary>
/// The one upload path (quota, indicators, wishes): the access check (the national role for a
/// national file, the county's for its wishes; an unknown county 404), the file's name from the
/// X-File-Name header, ?fileName= or the route's default, its bytes within the configured limit
/// (Kommuntal:Ingestion:MaxFileBytes), checked from Content-Length before reading and again while
/// reading (<see cref="RequestBody"/>: too large is a validation problem naming the file, 400), the
/// import, and the answer: 201 when the import stored a new version, 200 when the same content was
/// already stored.
/// </summary>
public sealed class Uploads(IOptions<IngestionOptions> options, CoordinatorAccess access)
{
    public int MaxBytes => (int)Math.Clamp(options.Value.MaxFileBytes, 1, int.MaxValue);

    /// <param name="county">The county of a county's file; null for a national one.</param>
    /// <param name="import">Imports the file as the caller (its name for the audit trail) and returns the answer.</param>
    public async Task<IActionResult> HandleAsync<T>(HttpRequest request, int year, string? county, string defaultName, Func<InputFile, string, Task<T>> import,
        CancellationToken cancellationToken) where T : IUploadResponse
    {
        var actor = county is null
            ? await access.AuthorizeAsync(request, year, null, national: true, cancellationToken)
            : await access.AuthorizeCountyAsync(request, year, county, cancellationToken);
        var fileName = RequestBody.FileName(request, defaultName);
        var response = await import(new InputFile(fileName, await RequestBody.ReadAsync(request, fileName, MaxBytes, cancellationToken)), actor);
        return JsonResults.Json(response, response.Created ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    }
}
