namespace Kommuntal.Functions;

/// <summary>
/// Anonymous, read-only endpoints for municipalities and the public: the list of published
/// decisions, a decision's PDF (a given version, or a redirect from /current to it), and the public
/// page with the files it links to. Served from the published index alone (no table read); drafts
/// are never reachable. Caching (docs/storage.md, "The published index"): a version's PDF never
/// changes (immutable for a year, its SHA-256 as ETag); lists, the page and /current may change with
/// the next publication (no-cache, revalidated with their ETag; 304 when unchanged).
/// </summary>
public sealed class PublicFunctions(PublicDocumentsService documents)
{
    /// <summary>For what may change with the next publication: always revalidate.</summary>
    public const string Revalidate = "no-cache";
    /// <summary>For a version's document: its bytes never change.</summary>
    public const string Immutable = "public, max-age=31536000, immutable";

    [Function("ListPublishedDecisions")]
    public async Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "public/decisions")] HttpRequest request, CancellationToken ct)
    {
        int? year = int.TryParse(request.Query["year"], out var y) ? y : null;
        var list = await documents.ListAsync(year, Query(request, "county"), Query(request, "municipality"), ct);
        return Answer(request, list.Body, list.ContentType, list.ETag, Revalidate);
    }

    /// <summary>
    /// <c>v1</c> (or <c>1</c>): that version's PDF. <c>current</c>: a 302 redirect to the current
    /// version's URL (no-cache), so the PDF itself is always fetched from its immutable address.
    /// </summary>
    [Function("GetDecisionPdf")]
    public async Task<IActionResult> Decision(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "public/decisions/{year:int}/{county}/{version}")] HttpRequest request,
        int year, string county, string version, CancellationToken ct)
    {
        if (version == "current") return Current(request, year, county, await documents.CurrentDecisionAsync(year, county, ct));
        var v = int.TryParse(version.StartsWith('v') ? version[1..] : version, System.Globalization.NumberStyles.None,
            System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : -1;
        return await ServeAsync(request, v < 1 ? null : await documents.DecisionAsync(year, county, v, ct), ct);
    }

    [Function("GetPublicFile")]
    public async Task<IActionResult> File(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "public/files/{*path}")] HttpRequest request, string path, CancellationToken ct)
    {
        // The old static page (retired by issue 18): links to it in e-mails already sent lead to the public site's start page.
        if (path == Kommuntal.Core.Documents.PublicationPaths.IndexPage) return new RedirectResult(Kommuntal.Web.Routes.Public.Start, permanent: true);
        return await ServeAsync(request, await documents.FileAsync(path ?? "", ct), ct);
    }

    /// <summary>The current version: a 302 to its immutable address, revalidated (304 on its ETag).</summary>
    private static IActionResult Current(HttpRequest request, int year, string county, PublicDocument? current)
    {
        if (current is null) return NotFound(request);
        var etag = $"\"current-v{current.Version}-{current.Sha256[..16]}\"";
        var headers = request.HttpContext.Response.Headers;
        headers.ETag = etag;
        headers.CacheControl = Revalidate;
        if (Matches(request, etag)) return new StatusCodeResult(StatusCodes.Status304NotModified);
        return new RedirectResult($"/api/public/decisions/{year}/{county}/v{current.Version}", permanent: false);
    }

    /// <summary>A recorded document: 304 on its ETag without reading it, else its bytes (from memory or one read).</summary>
    private async Task<IActionResult> ServeAsync(HttpRequest request, PublicDocument? document, CancellationToken ct)
    {
        if (document is null) return NotFound(request);
        var headers = request.HttpContext.Response.Headers;
        headers["X-Content-SHA256"] = document.Sha256;
        if (document.Superseded) headers["X-Kommuntal-Status"] = "superseded";
        headers.ETag = document.ETag;
        headers.CacheControl = Immutable;
        if (Matches(request, document.ETag)) return new StatusCodeResult(StatusCodes.Status304NotModified);
        var bytes = await documents.ContentAsync(document, ct);
        if (bytes is null)
        {
            headers.Remove("X-Content-SHA256");
            headers.Remove("X-Kommuntal-Status");
            headers.Remove("ETag");
            headers.CacheControl = Revalidate;
            return NotFound(request);
        }
        headers.ContentDisposition = $"inline; filename=\"{Path.GetFileName(document.Path)}\"";
        return new FileContentResult(bytes, "application/pdf");
    }

    private static IActionResult Answer(HttpRequest request, byte[] body, string contentType, string etag, string cacheControl)
    {
        var headers = request.HttpContext.Response.Headers;
        headers.ETag = etag;
        headers.CacheControl = cacheControl;
        return Matches(request, etag) ? new StatusCodeResult(StatusCodes.Status304NotModified) : new FileContentResult(body, contentType);
    }

    /// <summary>If-None-Match (RFC 9110 13.1.2): "*" or any listed tag, compared weakly (a W/ prefix is ignored).</summary>
    public static bool Matches(HttpRequest request, string etag)
    {
        foreach (var value in request.Headers.IfNoneMatch)
            foreach (var raw in (value ?? "").Split(','))
            {
                var tag = raw.Trim();
                if (tag == "*") return true;
                if (tag.StartsWith("W/", StringComparison.Ordinal)) tag = tag[2..];
                if (tag == etag) return true;
            }
        return false;
    }

    private static IActionResult NotFound(HttpRequest request) =>
        ProblemResults.Problem(request, 404, "Not found", "No published document at this address.", "not-found");

    private static string? Query(HttpRequest request, string name) =>
        request.Query[name].FirstOrDefault() is { Length: > 0 } v ? v.Trim() : null;
}
