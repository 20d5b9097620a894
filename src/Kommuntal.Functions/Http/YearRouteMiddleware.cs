using System.Globalization;
using Kommuntal.Core.Ingestion;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace Kommuntal.Functions.Http;

/// <summary>
/// Every route with a <c>{year}</c> answers 404 for a year outside
/// <see cref="IngestionRules.MinYear"/>–<see cref="IngestionRules.MaxYear"/> before anything else
/// runs: before the access check, before any storage request, before the function. No county-year
/// exists for such a year, so it is "not found", like an unknown county.
/// </summary>
public sealed class YearRouteMiddleware : IFunctionsWorkerMiddleware
{
    public const string RouteParameter = "year";

    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        if (context.GetHttpContext() is { } http
            && context.BindingContext.BindingData.TryGetValue(RouteParameter, out var value)
            && !InRange(value))
        {
            await NotFoundAsync(http);
            return;
        }
        await next(context);
    }

    public static bool InRange(object? value) =>
        int.TryParse(Convert.ToString(value, CultureInfo.InvariantCulture)?.Trim().Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
        && year is >= IngestionRules.MinYear and <= IngestionRules.MaxYear;

    /// <summary>The same problem details as the functions' own 404s, written directly (the function does not run).</summary>
    private static Task NotFoundAsync(HttpContext http)
    {
        var problem = (ContentResult)ProblemResults.Problem(http.Request, StatusCodes.Status404NotFound, "Not found",
            $"No such year: years run from {IngestionRules.MinYear} to {IngestionRules.MaxYear}.", "not-found");
        var response = http.Response;
        response.StatusCode = problem.StatusCode!.Value;
        response.ContentType = problem.ContentType;
        response.Headers.CacheControl = "no-store";
        return response.WriteAsync(problem.Content!, http.RequestAborted);
    }
}
