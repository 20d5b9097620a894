using System.Security.Cryptography;
using System.Text;
using Kommuntal.Application.Security;
using Microsoft.Extensions.Options;

namespace Kommuntal.Functions.Http;

/// <summary>
/// The portal's defence against cross-site request forgery (docs/security.md, "Portal"). App Service
/// authentication signs a coordinator in with a cookie that the browser sends with any request to
/// the site, also one a page on another site makes it send. So every POST of the portal must pass
/// two independent checks:
/// <list type="number">
/// <item>its origin: <c>Sec-Fetch-Site</c> is <c>same-origin</c> (or <c>none</c>), or, from a browser
/// that does not send it, a real <c>Origin</c> is this site's own (<see cref="CrossSiteReason"/>);</item>
/// <item>a synchronizer token in the form: an HMAC-SHA256 of the signed-in principal (source, name,
/// roles) under a per-deployment key (<c>Kommuntal:Web:AntiforgeryKey</c>; required in Azure, made
/// at random per process locally). Another site cannot read it from the portal's pages (no CORS,
/// <c>frame-ancestors 'none'</c>) and cannot compute it without the key.</item>
/// </list>
/// </summary>
public sealed class PortalAntiforgery
{
    private readonly byte[] _key;

    public PortalAntiforgery(IOptions<WebOptions> options)
    {
        // Options validation refuses a missing key in Azure at start-up; locally a random one will do.
        _key = options.Value.AntiforgeryKeyBytes() ?? RandomNumberGenerator.GetBytes(32);
    }

    /// <summary>The token the principal's forms carry.</summary>
    public string TokenFor(Principal principal)
    {
        var subject = $"kommuntal-portal-v1\n{principal.Source}\n{principal.Name}\n{string.Join(",", principal.Roles.Order(StringComparer.Ordinal))}";
        return Base64Url(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(subject)));
    }

    /// <summary>True when <paramref name="token"/> is the principal's (compared in constant time).</summary>
    public bool IsValid(Principal principal, string? token) =>
        token is { Length: > 0 } && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(TokenFor(principal)), Encoding.ASCII.GetBytes(token));

    /// <summary>
    /// Why the request does not come from the portal's own pages (null when it may). Every current
    /// browser sends <c>Sec-Fetch-Site</c>, and it decides: <c>same-origin</c> or <c>none</c>. Without
    /// it (an old browser), a real <c>Origin</c> must be this site; <c>Origin: null</c> is what browsers
    /// send under the pages' <c>Referrer-Policy: no-referrer</c>, so it proves nothing either way and
    /// the token alone decides.
    /// </summary>
    public static string? CrossSiteReason(HttpRequest request)
    {
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0)
            return site is "same-origin" or "none" ? null : $"Sec-Fetch-Site is '{site}'";
        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0 || origin == "null") return null;
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var o) || !string.Equals(o.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase))
            return $"Origin '{origin}' is not this site ({request.Host.Value})";
        return null;
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
