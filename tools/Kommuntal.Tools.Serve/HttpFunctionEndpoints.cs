using Kommuntal.Functions.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kommuntal.Tools.Serve;

/// <summary>
/// Local identity, in the place App Service authentication takes in Azure: a request that carries
/// no identity (neither <c>X-Kommuntal-Dev-Roles</c> nor <c>X-MS-CLIENT-PRINCIPAL</c>) gets the
/// <c>--as</c> roles in <c>X-Kommuntal-Dev-Roles</c>, which the app's development mode reads. An
/// explicit header wins. Without <c>--as</c> nothing is added: anonymous, as in Azure.
/// </summary>
public sealed class LocalIdentity(IReadOnlyList<string> roles)
{
    public IReadOnlyList<string> Roles { get; } = roles;

    public void Apply(HttpRequest request)
    {
        if (Roles.Count == 0) return;
        if (request.Headers.ContainsKey(CoordinatorAccess.DevelopmentRolesHeader) || request.Headers.ContainsKey(CoordinatorAccess.PrincipalHeader)) return;
        request.Headers[CoordinatorAccess.DevelopmentRolesHeader] = string.Join(",", Roles);
    }
}

/// <summary>Marks the admin API's endpoint (not a function).</summary>
public sealed record AdminEndpoint(string Template);

/// <summary>
/// The HTTP side of the server: one endpoint per HTTP function at <c>{routePrefix}/{route}</c> with
/// its methods, and the admin API that runs timers on demand. Anything else is an empty 404, as the
/// Functions host answers (also a known route with a method it does not take, and HEAD).
/// </summary>
public static class HttpFunctionEndpoints
{
    public const string AdminTemplate = "admin/functions/{name}";

    public static string Pattern(string routePrefix, string route) =>
        string.IsNullOrEmpty(routePrefix.Trim('/')) ? route.TrimStart('/') : $"{routePrefix.Trim('/')}/{route.TrimStart('/')}";

    public static void MapFunctions(this WebApplication app, FunctionCatalog catalog, string routePrefix)
    {
        app.UseRouting();
        // Routing's own answers (405 for a known route with another method) become the host's empty 404.
        app.Use((context, next) =>
        {
            if (context.GetEndpoint() is { } e && e.Metadata.GetMetadata<ServedFunction>() is null && e.Metadata.GetMetadata<AdminEndpoint>() is null)
                context.SetEndpoint(null);
            return next(context);
        });
        foreach (var f in catalog.Http)
        {
            var pattern = Pattern(routePrefix, f.Route!);
            var endpoint = f.Methods.Count == 0 ? app.Map(pattern, InvokeAsync) : app.MapMethods(pattern, f.HttpMethods, InvokeAsync);
            endpoint.WithMetadata(f).WithDisplayName(f.Name);
        }
        app.MapPost(AdminTemplate, RunTimerAsync).WithMetadata(new AdminEndpoint(AdminTemplate)).WithDisplayName("admin: run a timer");
    }

    private static async Task InvokeAsync(HttpContext http)
    {
        var function = http.GetEndpoint()!.Metadata.GetMetadata<ServedFunction>()!;
        var services = http.RequestServices;
        if (!services.GetRequiredService<FunctionKeys>().Allows(function.AuthLevel, http.Request))
        {
            http.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }
        services.GetRequiredService<LocalIdentity>().Apply(http.Request);
        var invoker = services.GetRequiredService<FunctionInvoker>();
        try
        {
            await invoker.InvokeHttpAsync(http, function, services);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // the client went away
        }
        catch (Exception ex)
        {
            // The host answers a failed invocation with an empty 500 (the app's ProblemMiddleware answers
            // a function's exception itself; this is for one in the middleware); the details go to the log only.
            services.GetRequiredService<ILoggerFactory>().CreateLogger("Kommuntal.Tools.Serve")
                .LogError(ex, "Function {Function} failed", function.Name);
            if (!http.Response.HasStarted)
            {
                http.Response.Clear();
                http.Response.StatusCode = StatusCodes.Status500InternalServerError;
            }
        }
    }

    /// <summary>The host's admin API for non-HTTP functions: master key, 202, the run in the background.</summary>
    private static Task RunTimerAsync(HttpContext http)
    {
        var services = http.RequestServices;
        if (!services.GetRequiredService<FunctionKeys>().Allows(AuthorizationLevel.Admin, http.Request))
            http.Response.StatusCode = StatusCodes.Status401Unauthorized;
        else if (services.GetRequiredService<TimerRunner>().RunOnDemand(http.GetRouteValue("name") as string ?? "") is null)
            http.Response.StatusCode = StatusCodes.Status404NotFound;
        else
            http.Response.StatusCode = StatusCodes.Status202Accepted;
        return Task.CompletedTask;
    }
}
