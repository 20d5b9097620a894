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
    /// True when App Service authentication (Entra ID) runs in front of the app, so the principal
    /// headers it sets can be trusted. Refused at start-up unless the platform says authentication
    /// is on (<see cref="HostingPlatform.AppServiceAuthentication"/>): without it any caller could
    /// send its own <c>X-MS-CLIENT-PRINCIPAL</c>.
    /// </summary>
    public bool AuthenticationInFront { get; set; }

    /// <summary>
    /// Local development only: accept the roles in the <c>X-Kommuntal-Dev-Roles</c> header. Refused
    /// at start-up together with <see cref="AuthenticationInFront"/> and whenever the app runs in Azure.
    /// </summary>
    public bool DevelopmentMode { get; set; }

    /// <summary>Why these settings must not be used on this platform (empty when they may).</summary>
    public IReadOnlyList<string> Problems(HostingPlatform platform)
    {
        var problems = new List<string>();
        if (AuthenticationInFront && DevelopmentMode)
            problems.Add("Security:DevelopmentMode must not be on when Security:AuthenticationInFront is (development mode is for local use only).");
        if (DevelopmentMode && platform.InAzure)
            problems.Add($"Security:DevelopmentMode is refused in Azure ({platform.AzureEvidence} is set): it takes a caller's roles from a request header. Remove the setting.");
        if (AuthenticationInFront && !platform.AppServiceAuthentication)
            problems.Add($"Security:AuthenticationInFront is true but App Service authentication is not on (the platform sets {HostingPlatform.AuthEnabledVariable}=True when it is): "
                + "the principal header would come from the caller. Deploy authsettingsV2 (infra/main.bicep parameter authenticationInFront) or set Security:AuthenticationInFront to false.");
        return problems;
    }
}

/// <summary>
/// What the hosting platform says about itself, from the environment variables App Service and
/// Azure Functions set on every instance (never from the app's own settings files).
/// </summary>
/// <param name="AzureEvidence">The first platform variable found (WEBSITE_HOSTNAME or WEBSITE_INSTANCE_ID), or null outside Azure.</param>
/// <param name="AppServiceAuthentication">WEBSITE_AUTH_ENABLED is "True": App Service authentication runs in front of the app.</param>
public sealed record HostingPlatform(string? AzureEvidence, bool AppServiceAuthentication)
{
    public const string AuthEnabledVariable = "WEBSITE_AUTH_ENABLED";
    public static readonly IReadOnlyList<string> AzureVariables = ["WEBSITE_HOSTNAME", "WEBSITE_INSTANCE_ID"];

    public bool InAzure => AzureEvidence is not null;

    public static readonly HostingPlatform Local = new(null, false);

    /// <summary>Reads the platform variables through <paramref name="variable"/> (configuration, which includes the environment).</summary>
    public static HostingPlatform From(Func<string, string?> variable) => new(
        AzureVariables.FirstOrDefault(v => !string.IsNullOrWhiteSpace(variable(v))),
        string.Equals(variable(AuthEnabledVariable)?.Trim(), "true", StringComparison.OrdinalIgnoreCase));
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
