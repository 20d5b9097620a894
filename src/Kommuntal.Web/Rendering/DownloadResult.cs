using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Kommuntal.Web.Rendering;

/// <summary>
/// A pre-serialised file of the public site (open data, the feed): its content type, a strong ETag
/// of its bytes with 304 on If-None-Match, <c>Cache-Control: no-cache</c> (it changes with the next
/// publication), and for a download a Content-Disposition with its file name.
/// </summary>
public sealed class DownloadResult(byte[] body, string contentType, string? attachmentName = null) : IActionResult
{
    public byte[] Body { get; } = body;
    public string ContentType { get; } = contentType;
    public string ETag { get; } = ETags.Of(body);

    public Task ExecuteResultAsync(ActionContext context) => WriteAsync(context.HttpContext);

    public async Task WriteAsync(HttpContext context)
    {
        var response = context.Response;
        response.Headers.CacheControl = PageCache.Revalidate;
        response.Headers.ETag = ETag;
        if (ETags.NoneMatchHas(context.Request, ETag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentType;
        if (attachmentName is not null) response.Headers.ContentDisposition = $"attachment; filename=\"{attachmentName}\"";
        response.ContentLength = Body.Length;
        if (!HttpMethods.IsHead(context.Request.Method))
            await response.Body.WriteAsync(Body, context.RequestAborted);
    }
}
