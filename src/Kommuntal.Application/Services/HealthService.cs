namespace Kommuntal.Application.Services;

/// <summary>The outcome of the health checks and the app's version.</summary>
public sealed record HealthReport(bool Healthy, string? Version, IReadOnlyList<HealthCheckResult> Checks)
{
    public string Status => Healthy ? "healthy" : "unhealthy";
}

/// <summary>
/// Runs the health checks. Which check failed, its time and error, and the version go to the log;
/// what a caller learns of it is the edge's decision (GET /api/health).
/// </summary>
public sealed class HealthService(IHealthCheck check, ILogger<HealthService> logger)
{
    private static readonly string? s_version = typeof(HealthService).Assembly.GetName().Version?.ToString();

    public async Task<HealthReport> CheckAsync(CancellationToken cancellationToken)
    {
        var checks = await check.CheckAsync(cancellationToken);
        var healthy = checks.All(c => c.Healthy);
        foreach (var c in checks.Where(c => !c.Healthy))
            logger.LogWarning("Health check {Check} failed after {Milliseconds} ms: {Error} (version {Version})", c.Name, c.Milliseconds, c.Error, s_version);
        if (healthy)
            logger.LogDebug("Health checks passed: {Checks} (version {Version})", string.Join(", ", checks.Select(c => $"{c.Name} {c.Milliseconds} ms")), s_version);
        return new HealthReport(healthy, s_version, checks);
    }
}
