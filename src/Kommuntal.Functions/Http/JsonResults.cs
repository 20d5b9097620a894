using Kommuntal.Core.Text;

namespace Kommuntal.Functions.Http;

/// <summary>The API's JSON answers (KommuntalJson), with the county-year's ETag and a created resource's Location.</summary>
public static class JsonResults
{
    public const string ContentType = "application/json; charset=utf-8";

    public static ContentResult Json<T>(T value, int status = StatusCodes.Status200OK) =>
        new() { StatusCode = status, ContentType = ContentType, Content = KommuntalJson.Serialize(value) };

    /// <summary>
    /// The JSON with the county-year's ETag (the state row's storage ETag, already an HTTP entity tag:
    /// W/"datetime'…'") and, for a created resource, its Location.
    /// </summary>
    public static ContentResult Json<T>(HttpRequest request, T value, string? etag, int status = StatusCodes.Status200OK, string? location = null)
    {
        var headers = request.HttpContext.Response.Headers;
        if (etag is not null) headers.ETag = etag;
        if (location is not null) headers.Location = location;
        return Json(value, status);
    }
}

/// <summary>
/// If-Match of a change: the ETag the caller read. Optional for most changes (a stale one is 412);
/// deciding and publishing act on what the caller has seen, so they need it: 428 without it or with '*'.
/// </summary>
public static class IfMatch
{
    public static string? Optional(HttpRequest request) =>
        request.Headers.IfMatch.FirstOrDefault() is { Length: > 0 } v ? v.Trim() : null;

    public static string Required(HttpRequest request) =>
        Optional(request) is { } v && v != "*" ? v : throw ProblemResults.PreconditionRequired();
}
