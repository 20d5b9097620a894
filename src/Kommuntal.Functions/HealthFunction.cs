using Kommuntal.Functions.Api;

namespace Kommuntal.Functions;

/// <summary>
/// <c>GET /api/health</c>: 200 <c>{"status":"healthy"}</c> when Table and Blob Storage answer, 503
/// <c>{"status":"unhealthy"}</c> when not. Anonymous callers learn nothing else; which check failed,
/// its time and error, and the version go to the logs (<see cref="HealthService"/>), and to a caller
/// with the national role (<c>Coordinator.All</c>) in the answer. Never cached.
/// </summary>
public sealed class HealthFunction(HealthService health, CoordinatorAccess access)
{
    [Function("Health")]
    public async Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request, CancellationToken ct)
    {
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        var report = await health.CheckAsync(ct);
        var status = report.Healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        return access.IsNational(request) ? JsonResults.Json(HealthDetailsDto.From(report), status) : JsonResults.Json(new HealthStatusDto(report.Status), status);
    }
}
