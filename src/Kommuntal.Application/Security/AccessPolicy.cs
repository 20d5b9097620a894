namespace Kommuntal.Application.Security;

/// <summary>Who is calling, as established by the authentication in front of the app.</summary>
/// <param name="Name">The principal's name (for the audit trail).</param>
/// <param name="Roles">App roles, e.g. "Coordinator.18" or "Coordinator.All".</param>
/// <param name="Source">How it was established: "app-service-auth" or "development".</param>
public sealed record Principal(string Name, IReadOnlyList<string> Roles, string Source);

/// <summary>The outcome of an access check.</summary>
public sealed record AccessDecision(bool Allowed, int Status, string Reason)
{
    public static AccessDecision Allow(string reason) => new(true, 200, reason);
    public static AccessDecision Unauthenticated(string reason) => new(false, 401, reason);
    public static AccessDecision Forbidden(string reason) => new(false, 403, reason);
}

/// <summary>Security settings, bound from the "Security" configuration section.</summary>
public sealed class SecurityOptions
{
    public const string Section = "Security";

    /// <summary>
    /// True when the deployment puts authentication in front of the app (App Service
    /// authentication / Entra ID, or API Management) so the principal headers can be trusted.
    /// </summary>
    public bool AuthenticationInFront { get; set; }

    /// <summary>
    /// Local development only: accept the roles in the <c>X-Kommuntal-Dev-Roles</c> header. Refused
    /// at start-up together with <see cref="AuthenticationInFront"/>.
    /// </summary>
    public bool DevelopmentMode { get; set; }
}

/// <summary>
/// Coordinator access: a county's endpoints need the role <c>Coordinator.{county}</c> (or
/// <c>Coordinator.All</c>); national endpoints (quota, indicators) need <c>Coordinator.All</c>;
/// reading the list of counties needs any coordinator role. No principal, no access: nothing is
/// ever assumed.
/// </summary>
public static class AccessPolicy
{
    public const string AllCounties = "Coordinator.All";
    public static string CountyRole(string countyCode) => $"Coordinator.{countyCode}";

    public static AccessDecision Check(Principal? principal, string? countyCode, bool national = false)
    {
        if (principal is null)
            return AccessDecision.Unauthenticated("No authenticated principal: coordinator endpoints need a signed-in coordinator (and a function key).");
        var roles = principal.Roles;
        if (roles.Contains(AllCounties, StringComparer.Ordinal))
            return AccessDecision.Allow($"{principal.Name} has {AllCounties}");
        if (national)
            return AccessDecision.Forbidden($"{principal.Name} lacks the role {AllCounties} needed for national data.");
        if (countyCode is null)
            return roles.Any(r => r.StartsWith("Coordinator.", StringComparison.Ordinal))
                ? AccessDecision.Allow($"{principal.Name} is a coordinator")
                : AccessDecision.Forbidden($"{principal.Name} has no coordinator role.");
        return roles.Contains(CountyRole(countyCode), StringComparer.Ordinal)
            ? AccessDecision.Allow($"{principal.Name} has {CountyRole(countyCode)}")
            : AccessDecision.Forbidden($"{principal.Name} lacks the role {CountyRole(countyCode)} for county {countyCode}.");
    }
}
