using Microsoft.AspNetCore.Http;

namespace Kommuntal.Functions.Http;

/// <summary>
/// The security headers: no sniffing, no framing, no referrer, a strict Content-Security-Policy
/// (a looser one for the public HTML page: inline styles and same-origin images), and HSTS where
/// the app is reached over HTTPS. <see cref="SecurityHeadersMiddleware"/> sets them on every HTTP
/// response; <see cref="Apply"/> remains for a function that wants to state its page CSP itself.
/// </summary>
public static class SecurityHeaders
{
    public const string ApiPolicy = "default-src 'none'; frame-ancestors 'none'";
    public const string PagePolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /// <summary>One year, subdomains included; no preload (the host name is the platform's or the board's).</summary>
    public const string StrictTransportSecurity = "max-age=31536000; includeSubDomains";

    public static void Apply(HttpResponse response, bool html)
    {
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.XFrameOptions = "DENY";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.ContentSecurityPolicy = html ? PagePolicy : ApiPolicy;
    }

    /// <summary>True for a response that will be an HTML page (by its Content-Type).</summary>
    public static bool IsHtml(HttpResponse response) =>
        response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true;
}
