using Kommuntal.Application.Services;
using Kommuntal.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Kommuntal.Functions;

/// <summary>
/// Anonymous, read-only endpoints for municipalities and the public: the list of published
/// decisions, a decision's PDF (current or a given version), and the public page with the files it
/// links to. Drafts are never reachable.
/// </summary>
public sealed class PublicFunctions(PublicDocumentsService documents)
{
    [Function("ListPublishedDecisions")]
    public async Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "public/decisions")] HttpRequest request, CancellationToken ct)
    {
        SecurityHeaders.Apply(request.HttpContext.Response, html: false);
        int? year = int.TryParse(request.Query["year"], out var y) ? y : null;
        var list = await documents.ListAsync(year, Query(request, "county"), Query(request, "municipality"), ct);
        var municipality = Query(request, "municipality");
        return ProblemResults.Json(list.Select(d => new
        {
            year = d.Year,
            county = d.County.Code,
            countyName = d.County.Name,
            version = d.Decision.Version,
            status = d.Current ? "current" : "superseded",
            supersededBy = d.Decision.SupersededBy,
            decisionDate = d.Decision.DecisionDate,
            diarienummer = d.Decision.Diarienummer,
            lanstal = d.Decision.Lanstal,
            url = d.Url,
            sha256 = d.Decision.Document!.Sha256,
            numbers = d.Decision.Numbers.Where(n => municipality is null || n.MunicipalityCode == municipality)
                .Select(n => new { code = n.MunicipalityCode, name = n.Name, kommuntal = n.Kommuntal, previous = n.Previous }),
        }));
    }

    [Function("GetDecisionPdf")]
    public async Task<IActionResult> Decision(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "public/decisions/{year:int}/{county}/{version}")] HttpRequest request,
        int year, string county, string version, CancellationToken ct)
    {
        int? v = version == "current" ? null : int.TryParse(version.TrimStart('v'), out var n) ? n : -1;
        var file = v == -1 ? null : await documents.DecisionPdfAsync(year, county, v, ct);
        return Serve(request, file);
    }

    [Function("GetPublicFile")]
    public async Task<IActionResult> File(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "public/files/{*path}")] HttpRequest request, string path, CancellationToken ct) =>
        Serve(request, await documents.FileAsync(path ?? "", ct));

    private static IActionResult Serve(HttpRequest request, PublicFile? file)
    {
        var html = file?.ContentType.StartsWith("text/html", StringComparison.Ordinal) == true;
        SecurityHeaders.Apply(request.HttpContext.Response, html);
        if (file is null)
            return ProblemResults.Problem(request, 404, "Not found", "No published document at this address.", "not-found");
        var headers = request.HttpContext.Response.Headers;
        if (file.Sha256 is not null) headers["X-Content-SHA256"] = file.Sha256;
        if (file.Superseded) headers["X-Kommuntal-Status"] = "superseded";
        headers.CacheControl = html ? "no-cache" : "public, max-age=3600";
        if (!html) headers.ContentDisposition = $"inline; filename=\"{Path.GetFileName(file.Path)}\"";
        return new FileContentResult(file.Content, file.ContentType);
    }

    private static string? Query(HttpRequest request, string name) =>
        request.Query[name].FirstOrDefault() is { Length: > 0 } v ? v.Trim() : null;
}
