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
            // ProblemMiddleware (outside this one) answers: a problem on an API route, the 404 page on a page route.
            http.Response.Headers.CacheControl = "no-store";
            throw ProblemResults.NotFound($"No such year: years run from {IngestionRules.MinYear} to {IngestionRules.MaxYear}.");
        }
        await next(context);
    }

    public static bool InRange(object? value) =>
        int.TryParse(Convert.ToString(value, CultureInfo.InvariantCulture)?.Trim().Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
        && year is >= IngestionRules.MinYear and <= IngestionRules.MaxYear;
}
