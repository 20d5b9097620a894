namespace Kommuntal.Functions;

/// <summary>
/// The public site (issue 18): start and search, municipality, county, the whole country, "Vad är
/// kommuntal?", open data and the Atom feed of decisions. Anonymous, no cookies; every answer comes
/// from the published index through <see cref="PublicSitePages"/> (made once per index version,
/// ETag/304, no-cache). docs/web.md.
/// </summary>
public sealed class PublicSiteFunctions(PublicSitePages site)
{
    [Function("GetPublicStart")]
    public Task<IActionResult> Start(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Public.StartRoute)] HttpRequest request, CancellationToken ct) =>
        Page(request).StartAsync(request.Query["q"].FirstOrDefault(), ct);

    [Function("GetPublicMunicipality")]
    public Task<IActionResult> Municipality(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Public.MunicipalityRoute)] HttpRequest request, string slug, CancellationToken ct) =>
        Page(request).MunicipalityAsync(slug, ct);

    [Function("GetPublicCounty")]
    public Task<IActionResult> County(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Public.CountyRoute)] HttpRequest request, string slug, CancellationToken ct) =>
        Page(request).CountyAsync(slug, ct);

    [Function("GetPublicNation")]
    public Task<IActionResult> Nation(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Public.NationRoute)] HttpRequest request, CancellationToken ct) =>
        Page(request).NationAsync(ct);

    [Function("GetAboutKommuntal")]
    public Task<IActionResult> AboutKommuntal(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Public.AboutKommuntalRoute)] HttpRequest request, CancellationToken ct) =>
        Page(request).AboutKommuntalAsync(ct);

    [Function("GetOpenData")]
    public Task<IActionResult> OpenData(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Public.OpenDataRoute)] HttpRequest request, CancellationToken ct) =>
        Page(request).OpenDataAsync(ct);

    /// <summary>kommuntal-{year}.csv, kommuntal-{year}-excel.csv, kommuntal-{year}.xlsx, kommuntal-{year}.json.</summary>
    [Function("GetOpenDataFile")]
    public Task<IActionResult> OpenDataFile(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Public.DataFileRoute)] HttpRequest request, string file, CancellationToken ct) =>
        Page(request).DataFileAsync(file, ct);

    [Function("GetDecisionFeed")]
    public Task<IActionResult> Feed(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Public.FeedRoute)] HttpRequest request, CancellationToken ct) =>
        Page(request).FeedAsync(ct);

    /// <summary>The page headers (strict CSP); a data file or the feed is never rendered as a page, and the CSP does no harm there.</summary>
    private PublicSitePages Page(HttpRequest request)
    {
        SecurityHeaders.ApplyPage(request.HttpContext.Response);
        return site;
    }
}
