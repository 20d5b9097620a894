using System.Text;
using System.Text.Json;
using Kommuntal.Core.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Kommuntal.Functions.Tests;

/// <summary>Real ASP.NET Core requests for calling function methods directly (no Functions host here).</summary>
internal static class Http
{
    /// <summary>The development-mode roles every test request carries unless it sets its own headers.</summary>
    public static readonly IReadOnlyDictionary<string, string> Coordinator = new Dictionary<string, string> { ["X-Kommuntal-Dev-Roles"] = "Coordinator.All" };

    /// <param name="asCoordinator">Add the development-mode role Coordinator.All (headers given override it).</param>
    public static HttpRequest Request(string method, string path, byte[]? body = null, IDictionary<string, string>? headers = null, bool asCoordinator = true)
    {
        var all = new Dictionary<string, string>(asCoordinator ? Coordinator : new Dictionary<string, string>());
        foreach (var (k, v) in headers ?? new Dictionary<string, string>()) all[k] = v;
        headers = all;
        var ctx = new DefaultHttpContext();
        ctx.Request.Method = method;
        ctx.Request.Path = path;
        ctx.Request.Body = new MemoryStream(body ?? []);
        ctx.Request.ContentLength = body?.Length ?? 0;
        ctx.Response.Body = new MemoryStream();
        foreach (var (k, v) in headers ?? new Dictionary<string, string>()) ctx.Request.Headers[k] = v;
        return ctx.Request;
    }

    public static HttpRequest Json(string method, string path, object body, IDictionary<string, string>? headers = null, bool asCoordinator = true) =>
        Request(method, path, Encoding.UTF8.GetBytes(KommuntalJson.Serialize(body)), headers, asCoordinator);

    public static Response Read(HttpRequest request, IActionResult result)
    {
        var etag = request.HttpContext.Response.Headers.ETag.FirstOrDefault();
        if (result is FileContentResult f) // a pre-serialised JSON answer (the public reads)
            return new Response(200, f.ContentType, JsonDocument.Parse(f.FileContents).RootElement.Clone(), etag);
        var c = Assert.IsType<ContentResult>(result);
        return new Response(c.StatusCode!.Value, c.ContentType!, JsonDocument.Parse(c.Content!).RootElement.Clone(), etag);
    }

    /// <summary>The status an action result answers with (200 for content, 302 for a redirect).</summary>
    public static int Status(IActionResult result) => result switch
    {
        StatusCodeResult s => s.StatusCode,
        ContentResult c => c.StatusCode ?? 200,
        RedirectResult r => r.Permanent ? 301 : 302,
        FileContentResult => 200,
        _ => throw new InvalidOperationException($"Unexpected result {result.GetType().Name}"),
    };

    public sealed record Response(int Status, string ContentType, JsonElement Body, string? ETag);
}
