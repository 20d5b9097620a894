using Microsoft.AspNetCore.Http;

namespace Kommuntal.Functions.Http;

/// <summary>Security headers on every public response: no sniffing, no framing, a strict CSP for pages.</summary>
public static class SecurityHeaders
{
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
