using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Kommuntal.Web.Rendering;

/// <summary>
/// A rendered page as an <see cref="IActionResult"/>: <c>text/html; charset=utf-8</c>, Content-Language
/// sv, and for a 200 a strong ETag of the bytes with 304 on a matching If-None-Match. Written
/// directly to the response, so it needs no MVC services (the Functions worker and a bare Kestrel
/// both execute it).
/// </summary>
public sealed class HtmlPageResult(byte[] body, int statusCode = 200, string cacheControl = PageCache.Revalidate) : IActionResult
{
    public const string ContentType = "text/html; charset=utf-8";

    public byte[] Body { get; } = body;
    public int StatusCode { get; } = statusCode;
    public string CacheControl { get; } = cacheControl;

    /// <summary>A strong ETag: the first 128 bits of the SHA-256 of the bytes, in hex, quoted.</summary>
    public string ETag => field ??= ETags.Of(Body);

    public Task ExecuteResultAsync(ActionContext context) => WriteAsync(context.HttpContext);

    public async Task WriteAsync(HttpContext context)
    {
        var response = context.Response;
        response.Headers.CacheControl = CacheControl;
        response.Headers.ContentLanguage = "sv";
        if (StatusCode == StatusCodes.Status200OK)
        {
            response.Headers.ETag = ETag;
            if (ETags.NoneMatchHas(context.Request, ETag))
            {
                response.StatusCode = StatusCodes.Status304NotModified;
                return;
            }
        }
        response.StatusCode = StatusCode;
        response.ContentType = ContentType;
        response.ContentLength = Body.Length;
        if (!HttpMethods.IsHead(context.Request.Method))
            await response.Body.WriteAsync(Body, context.RequestAborted);
    }
}

/// <summary>Entity tags of bytes and the If-None-Match comparison (RFC 9110 13.1.2: weak comparison).</summary>
public static class ETags
{
    public static string Of(ReadOnlySpan<byte> bytes)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(bytes, hash);
        return "\"" + Convert.ToHexStringLower(hash[..16]) + "\"";
    }

    /// <summary>True when the request's If-None-Match lists <paramref name="etag"/> (weak or strong) or is "*".</summary>
    public static bool NoneMatchHas(HttpRequest request, string etag)
    {
        foreach (var header in request.Headers.IfNoneMatch)
        {
            if (header is null) continue;
            foreach (var part in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (part == "*") return true;
                var tag = part.StartsWith("W/", StringComparison.Ordinal) ? part[2..] : part;
                if (string.Equals(tag, etag, StringComparison.Ordinal)) return true;
            }
        }
        return false;
    }
}
