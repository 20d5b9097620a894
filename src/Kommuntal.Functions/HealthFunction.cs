using Kommuntal.Functions.Http;
using Kommuntal.Infrastructure.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Kommuntal.Functions;

/// <summary><c>GET /api/health</c>: 200 when Table and Blob Storage answer, 503 (with which one failed) when not.</summary>
public sealed class HealthFunction(StorageHealthCheck storage)
{
    [Function("Health")]
    public async Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request, CancellationToken ct)
    {
        SecurityHeaders.Apply(request.HttpContext.Response, html: false);
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        var checks = await storage.CheckAsync(ct);
        var healthy = checks.All(c => c.Healthy);
        return ProblemResults.Json(new
        {
            status = healthy ? "healthy" : "unhealthy",
            version = typeof(HealthFunction).Assembly.GetName().Version?.ToString(),
            checks = checks.ToDictionary(c => c.Name, c => new { healthy = c.Healthy, ms = c.Milliseconds, error = c.Error }),
        }, healthy ? 200 : 503);
    }
}
