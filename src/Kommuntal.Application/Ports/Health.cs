namespace Kommuntal.Application.Ports;

/// <summary>One check's outcome.</summary>
public sealed record HealthCheckResult(string Name, bool Healthy, long Milliseconds, string? Error);

/// <summary>Checks that what the app depends on answers (the storage adapter implements it).</summary>
public interface IHealthCheck
{
    Task<IReadOnlyList<HealthCheckResult>> CheckAsync(CancellationToken cancellationToken);
}
