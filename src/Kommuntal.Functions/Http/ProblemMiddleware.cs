using Kommuntal.Application;
using Kommuntal.Web.Rendering;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace Kommuntal.Functions.Http;

/// <summary>
/// The one exception handler of the HTTP functions, and the one place that decides how an error is
/// answered. Every exception a function (or the middleware inside this one) throws becomes, on an
/// API route, an RFC 9457 problem (<c>application/problem+json</c>) through
/// <see cref="ProblemResults.From"/>: rejected input 400, the refusals of the product by their kind
/// (404, 409, 412, 422), the edge's own answers (401, 403, 404, 428), a body over the server's limit
/// 413. On a page route (<see cref="PageRoutes.IsPage"/>: the public site and the portal) the same
/// status is answered with the HTML error page of Kommuntal.Web (<see cref="PageRenderer.ErrorAsync"/>),
/// in the portal's layout when <see cref="PortalGate"/> had established the user. Anything else is a
/// fault: logged with its exception and answered 500 with the correlation id and nothing else (as a
/// problem or as the 500 page). The answer replaces the invocation result, which the ASP.NET Core
/// integration (and kommuntal-serve) writes after the middleware. No function catches exceptions
/// itself. A request the caller aborted, a response already started and a timer's failure go on up.
/// </summary>
public sealed class ProblemMiddleware(PageRenderer pages, ILogger<ProblemMiddleware> logger) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (Exception ex) when (context.GetHttpContext() is { } http && !http.Response.HasStarted
                                   && !(ex is OperationCanceledException && (http.RequestAborted.IsCancellationRequested || context.CancellationToken.IsCancellationRequested)))
        {
            var problem = ProblemResults.From(http.Request, ex);
            string? correlationId = null;
            if (problem is null)
            {
                correlationId = Correlation.Current ?? context.InvocationId;
                logger.LogError(ex, "Function {Function} failed; answered 500 (correlation id {CorrelationId})", context.FunctionDefinition.Name, correlationId);
            }
            context.GetInvocationResult().Value = PageRoutes.IsPage(http.Request.Path)
                ? await PageAsync(http, problem?.StatusCode ?? StatusCodes.Status500InternalServerError)
                : problem ?? ProblemResults.InternalError(http.Request, correlationId!);
        }
    }

    /// <summary>The error page for <paramref name="status"/>; the page's own headers (the strict page CSP follows from the result).</summary>
    private async Task<IActionResult> PageAsync(HttpContext http, int status)
    {
        SecurityHeaders.ApplyPage(http.Response);
        var returnUrl = status == StatusCodes.Status401Unauthorized ? http.Request.Path.ToUriComponent() + http.Request.QueryString.ToUriComponent() : null;
        return await pages.ErrorAsync(status, PageRoutes.UserOf(http), returnUrl);
    }
}

/// <summary>
/// Which requests are pages (their errors are HTML pages, not problem details): everything under
/// the public site (<c>/api/public</c>) and the portal (<c>/api/portal</c>), except the public API's
/// JSON (<c>/api/public/decisions</c>) and its recorded documents (<c>/api/public/files</c>), which
/// programs read. A page added under either prefix is a page with no change here.
/// </summary>
public static class PageRoutes
{
    private const string UserKey = "Kommuntal.Page.User";

    private static readonly PathString[] s_pages = [Routes.Public.Start, Routes.Portal.Start];
    private static readonly PathString[] s_api = [Routes.Prefix + "/public/decisions", Routes.Prefix + "/public/files"];

    public static bool IsPage(PathString path) =>
        s_pages.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase))
        && !s_api.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase));

    /// <summary>Remembers the signed-in user for an error page of this request (the portal's layout).</summary>
    public static void SetUser(HttpContext http, PortalUser? user) => http.Items[UserKey] = user;

    public static PortalUser? UserOf(HttpContext http) => http.Items.TryGetValue(UserKey, out var u) ? u as PortalUser : null;
}
