using Microsoft.AspNetCore.Http;

namespace Kommuntal.Functions.Http;

/// <summary>Security headers on every public response: no sniffing, no framing, a strict CSP for pages.</summary>
public static class SecurityHeaders
{
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
        response.Headers.ContentSecurityPolicy = html
            ? "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
            : "default-src 'none'; frame-ancestors 'none'";
    }
}
