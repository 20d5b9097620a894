namespace Kommuntal.Functions.Api;

/// <summary>GET /api/health for anyone: "healthy" or "unhealthy", nothing else.</summary>
public sealed record HealthStatusDto(string Status);

/// <summary>GET /api/health for the national role: the status, the version and every check.</summary>
public sealed record HealthDetailsDto(string Status, string? Version, IReadOnlyDictionary<string, HealthCheckDto> Checks)
{
    public static HealthDetailsDto From(HealthReport r) =>
        new(r.Status, r.Version, r.Checks.ToDictionary(c => c.Name, c => new HealthCheckDto(c.Healthy, c.Milliseconds, c.Error)));
}

/// <summary>One check: whether it answered, in how many milliseconds, its error's first line.</summary>
public sealed record HealthCheckDto(bool Healthy, long Ms, string? Error);
