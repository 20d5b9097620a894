namespace Kommuntal.Functions.Http;

/// <summary>
/// The security headers: no sniffing, no framing, no referrer, a strict Content-Security-Policy
/// (a looser one for the public HTML page: inline styles and same-origin images), and HSTS where
/// the app is reached over HTTPS. <see cref="SecurityHeadersMiddleware"/> sets them on every HTTP
/// response (no function sets them itself); <see cref="ApplyPage"/> serves a host without the worker
/// middleware that serves the pages (the browser tests' page server).
/// </summary>
public static class SecurityHeaders
{
    public const string ApiPolicy = "default-src 'none'; frame-ancestors 'none'";
    public const string PagePolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /// <summary>One year, subdomains included; no preload (the host name is the platform's or the board's).</summary>
    public const string StrictTransportSecurity = "max-age=31536000; includeSubDomains";

    /// <summary>
    /// The CSP of every page rendered by Kommuntal.Web (public site, portal, error pages): only this
    /// app's own stylesheet and scripts (/api/assets), no inline style or script, forms only to itself.
    /// </summary>
    public const string PageContentSecurityPolicy =
        "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    /// <summary>The headers of a rendered page: those of <see cref="Apply"/> with <see cref="PageContentSecurityPolicy"/>.</summary>
    public static void ApplyPage(HttpResponse response)
    {
        Apply(response, html: false);
        response.Headers.ContentSecurityPolicy = PageContentSecurityPolicy;
    }

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
