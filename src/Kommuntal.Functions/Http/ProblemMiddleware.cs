using Kommuntal.Application;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Logging;

namespace Kommuntal.Functions.Http;

/// <summary>
/// The one exception handler of the HTTP functions: every exception a function (or the middleware
/// inside this one) throws becomes an RFC 9457 problem (<c>application/problem+json</c>) through
/// <see cref="ProblemResults.From"/>: rejected input 400, the refusals of the product by their kind
/// (404, 409, 412, 422), the edge's own answers (401, 403, 404, 428), a body over the server's limit
/// 413. Anything else is a fault: logged with its exception and answered 500 with the correlation id
/// and nothing else. The problem replaces the invocation result, which the ASP.NET Core integration
/// (and kommuntal-serve) writes after the middleware. No function catches exceptions itself.
/// A request the caller aborted, a response already started and a timer's failure go on up.
/// </summary>
public sealed class ProblemMiddleware(ILogger<ProblemMiddleware> logger) : IFunctionsWorkerMiddleware
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
            if (problem is null)
            {
                var correlationId = Correlation.Current ?? context.InvocationId;
                logger.LogError(ex, "Function {Function} failed; answered 500 (correlation id {CorrelationId})", context.FunctionDefinition.Name, correlationId);
                problem = ProblemResults.InternalError(http.Request, correlationId);
            }
            context.GetInvocationResult().Value = problem;
        }
    }
}
