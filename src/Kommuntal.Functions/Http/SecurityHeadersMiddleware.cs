using Kommuntal.Application.Security;
using Kommuntal.Web.Rendering;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace Kommuntal.Functions.Http;

/// <summary>
/// Sets the security headers on every HTTP response, the one place they are set, so no function can
/// forget them: before the function runs (a response the function or another middleware writes
/// itself has them too), and once more when the response starts, when its Content-Type is known (an
/// HTML page gets the page policy). A page of Kommuntal.Web (the function returns its
/// <see cref="HtmlPageResult"/>) gets the strict <see cref="SecurityHeaders.PageContentSecurityPolicy"/>.
/// HSTS is sent in Azure (the site is HTTPS-only) and on any HTTPS request that is not to
/// localhost; never over plain HTTP on a developer's machine, where it would pin localhost.
/// </summary>
public sealed class SecurityHeadersMiddleware(HostingPlatform platform) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        if (context.GetHttpContext() is { } http)
        {
            var response = http.Response;
            var hsts = platform.InAzure || (http.Request.IsHttps && !IsLocalhost(http.Request.Host.Host));
            Set(response, hsts);
            response.OnStarting(static state =>
            {
                var (r, h) = ((HttpResponse, bool))state;
                Set(r, h);
                return Task.CompletedTask;
            }, (response, hsts));
            await next(context);
            if (!response.HasStarted && context.GetInvocationResult().Value is HtmlPageResult)
                response.Headers.ContentSecurityPolicy = SecurityHeaders.PageContentSecurityPolicy;
            return;
        }
        await next(context);
    }

    private static void Set(HttpResponse response, bool hsts)
    {
        var html = SecurityHeaders.IsHtml(response);
        // A page may keep a policy its function set; anything else gets the strict API policy.
        var own = response.Headers.ContentSecurityPolicy.ToString();
        SecurityHeaders.Apply(response, html);
        if (html && own.Length > 0 && own != SecurityHeaders.ApiPolicy) response.Headers.ContentSecurityPolicy = own;
        if (hsts) response.Headers.StrictTransportSecurity = SecurityHeaders.StrictTransportSecurity;
    }

    private static bool IsLocalhost(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (System.Net.IPAddress.TryParse(host, out var ip) && System.Net.IPAddress.IsLoopback(ip));
}
