using Kommuntal.Application.Security;
using Kommuntal.Functions.Http;
using Kommuntal.Infrastructure.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Kommuntal.Functions;

/// <summary>
/// <c>GET /api/health</c>: 200 <c>{"status":"healthy"}</c> when Table and Blob Storage answer, 503
/// <c>{"status":"unhealthy"}</c> when not. Anonymous callers learn nothing else; which check failed,
/// its time and error, and the version go to the logs, and to a caller with the national role
/// (<c>Coordinator.All</c>) in the answer.
/// </summary>
public sealed class HealthFunction(StorageHealthCheck storage, CoordinatorAccess access, ILogger<HealthFunction> logger)
{
    [Function("Health")]
    public async Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request, CancellationToken ct)
    {
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        var checks = await storage.CheckAsync(ct);
        var healthy = checks.All(c => c.Healthy);
        var version = typeof(HealthFunction).Assembly.GetName().Version?.ToString();
        foreach (var c in checks.Where(c => !c.Healthy))
            logger.LogWarning("Health check {Check} failed after {Milliseconds} ms: {Error} (version {Version})", c.Name, c.Milliseconds, c.Error, version);
        if (healthy)
            logger.LogDebug("Health checks passed: {Checks} (version {Version})", string.Join(", ", checks.Select(c => $"{c.Name} {c.Milliseconds} ms")), version);

        var status = healthy ? "healthy" : "unhealthy";
        var code = healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        if (!AccessPolicy.Check(access.Identify(request), null, national: true).Allowed)
            return ProblemResults.Json(new { status }, code);
        return ProblemResults.Json(new
        {
            status,
            version,
            checks = checks.ToDictionary(c => c.Name, c => new { healthy = c.Healthy, ms = c.Milliseconds, error = c.Error }),
        }, code);
    }
}
