using Kommuntal.Application;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace Kommuntal.Functions;

/// <summary>
/// Gives every invocation a correlation id: the caller's <c>X-Correlation-Id</c> when it sends a
/// sane one, else the invocation id. It is set for the async flow (audit entries and outbox
/// messages record it), opened as a logging scope, and returned as a response header.
/// </summary>
public sealed class CorrelationMiddleware(ILogger<CorrelationMiddleware> logger) : IFunctionsWorkerMiddleware
{
    public const string Header = "X-Correlation-Id";

    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        var http = context.GetHttpContext();
        var given = http?.Request.Headers[Header].FirstOrDefault();
        var id = IsSane(given) ? given! : context.InvocationId;
        if (http is not null) http.Response.Headers[Header] = id;
        using var correlation = Correlation.Begin(id);
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["CorrelationId"] = id, ["Function"] = context.FunctionDefinition.Name });
        await next(context);
    }

    /// <summary>Up to 64 letters, digits, '-', '_' or '.': nothing that could forge a log line or a header.</summary>
    public static bool IsSane(string? id) =>
        id is { Length: > 0 and <= 64 } && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
