using System.Text;
using System.Text.Json;
using Kommuntal.Application.Security;
using Microsoft.Extensions.Options;

namespace Kommuntal.Functions.Http;

/// <summary>
/// Establishes the caller of a coordinator endpoint and applies <see cref="AccessPolicy"/>. The
/// principal comes from App Service authentication's <c>X-MS-CLIENT-PRINCIPAL</c> header, trusted
/// only when the deployment says authentication is in front (<c>Security:AuthenticationInFront</c>,
/// which the app refuses at start-up unless the platform has authentication on); locally, in the
/// clearly named development mode, from <c>X-Kommuntal-Dev-Roles</c>. Every refusal is logged and
/// counted (<see cref="AccessMetrics"/>) and never written to storage: the audit trail records what
/// changed, and an anonymous caller cannot fill it (docs/security.md).
/// </summary>
public sealed class CoordinatorAccess(IOptions<SecurityOptions> options, ReferenceData reference, AccessMetrics metrics, ILogger<CoordinatorAccess> logger)
{
    public const string PrincipalHeader = "X-MS-CLIENT-PRINCIPAL";
    public const string PrincipalNameHeader = "X-MS-CLIENT-PRINCIPAL-NAME";
    public const string DevelopmentRolesHeader = "X-Kommuntal-Dev-Roles";

    /// <summary>
    /// A county's route: 404 for a county code that names no county (before anything else), then the
    /// access check for that county. Returns the caller's name for the audit trail.
    /// </summary>
    public Task<string> AuthorizeCountyAsync(HttpRequest request, int year, string county, CancellationToken cancellationToken) =>
        reference.FindCounty(county) is null
            ? throw ProblemResults.NotFound($"There is no county with code '{county}'.")
            : AuthorizeAsync(request, year, county, national: false, cancellationToken);

    /// <summary>
    /// Returns the caller's name for the audit trail ("name (source)") when allowed; otherwise throws
    /// the 401/403 answer (already logged and counted) as an <see cref="HttpProblemException"/>.
    /// </summary>
    public Task<string> AuthorizeAsync(HttpRequest request, int year, string? countyCode, bool national, CancellationToken cancellationToken)
    {
        var principal = Read(request, out var note);
        var decision = AccessPolicy.Check(principal, countyCode, national);
        if (decision.Allowed) return Task.FromResult(principal is null ? "api" : $"{principal.Name} ({principal.Source})");
        var who = principal?.Name ?? "anonymous";
        var reason = decision.Reason + (note is null ? "" : $" ({note})");
        metrics.Refused(decision.Status, principal is not null, national);
        // The path escaped, so a crafted one cannot forge a log line.
        logger.LogWarning("Access refused ({Status}) to {Method} {Path} for {Principal} (year {Year}, county {County}): {Reason}",
            decision.Status, request.Method, request.Path.ToUriComponent(), who, year, countyCode ?? "national", reason);
        throw new HttpProblemException(decision.Status, decision.Status == 401 ? "Not signed in" : "Not allowed", reason,
            decision.Status == 401 ? "unauthenticated" : "forbidden");
    }

    /// <summary>Whether the caller holds the national role (for what only it may see, e.g. the health checks' details).</summary>
    public bool IsNational(HttpRequest request) => AccessPolicy.Check(Identify(request), null, national: true).Allowed;

    /// <summary>The caller as established for this request (null when nobody is signed in), without an access decision.</summary>
    public Principal? Identify(HttpRequest request) => Read(request, out _);

    private Principal? Read(HttpRequest request, out string? note)
    {
        note = null;
        var o = options.Value;
        var header = request.Headers[PrincipalHeader].FirstOrDefault();
        if (o.AuthenticationInFront)
        {
            if (string.IsNullOrEmpty(header)) return null;
            try
            {
                return ParseClientPrincipal(header, request.Headers[PrincipalNameHeader].FirstOrDefault());
            }
            catch (Exception ex) when (ex is FormatException or JsonException)
            {
                note = "the principal header could not be read";
                return null;
            }
        }
        if (!string.IsNullOrEmpty(header))
            note = $"{PrincipalHeader} ignored: the deployment does not say authentication is in front (Security:AuthenticationInFront)";
        if (o.DevelopmentMode && request.Headers[DevelopmentRolesHeader].FirstOrDefault() is { Length: > 0 } dev)
            return new Principal("developer", dev.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries), "development");
        return null;
    }

    /// <summary>App Service authentication's principal: base64 JSON with claims and the role claim type.</summary>
    public static Principal ParseClientPrincipal(string base64, string? name)
    {
        using var doc = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(base64)));
        var root = doc.RootElement;
        var roleType = root.TryGetProperty("role_typ", out var rt) ? rt.GetString() : "roles";
        var nameType = root.TryGetProperty("name_typ", out var nt) ? nt.GetString() : "name";
        var roles = new List<string>();
        string? claimedName = null;
        foreach (var c in root.GetProperty("claims").EnumerateArray())
        {
            var typ = c.GetProperty("typ").GetString();
            var val = c.GetProperty("val").GetString() ?? "";
            if (typ == roleType || typ == "roles" || typ == "http://schemas.microsoft.com/ws/2008/06/identity/claims/role") roles.Add(val);
            if (typ == nameType) claimedName = val;
        }
        return new Principal(name ?? claimedName ?? "unknown", roles.Distinct(StringComparer.Ordinal).ToList(), "app-service-auth");
    }
}
