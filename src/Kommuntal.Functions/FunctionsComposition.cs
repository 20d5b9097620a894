using Kommuntal.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Kommuntal.Functions;

/// <summary>The Functions app's services: the one composition root plus the HTTP edge's own pieces.</summary>
public static class FunctionsComposition
{
    public static IServiceCollection AddKommuntalFunctions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddKommuntal(configuration);
        return services.AddKommuntalEdge();
    }

    /// <summary>
    /// The worker middleware, in order (the first added runs outermost). Program.cs calls this on the
    /// Functions worker and tools/Kommuntal.Tools.Serve on its own pipeline, so a middleware added
    /// here runs in both; add none in Program.cs itself (a test checks).
    /// </summary>
    public static IFunctionsWorkerApplicationBuilder UseKommuntalMiddleware(this IFunctionsWorkerApplicationBuilder builder)
    {
        builder.UseMiddleware<CorrelationMiddleware>();
        // Security headers on every HTTP response; every exception as problem details (inside both, so a
        // problem has the headers and the correlation id); the year range of every {year} route before any
        // function code, access check or storage request (Functions/Http).
        builder.UseMiddleware<SecurityHeadersMiddleware>();
        builder.UseMiddleware<ProblemMiddleware>();
        builder.UseMiddleware<YearRouteMiddleware>();
        return builder;
    }

    /// <summary>The edge alone (tests add it on top of their own AddKommuntal host).</summary>
    public static IServiceCollection AddKommuntalEdge(this IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton<AccessMetrics>();
        services.TryAddSingleton<CoordinatorAccess>();
        services.TryAddSingleton<Uploads>();
        services.TryAddSingleton<PortalAntiforgery>();
        services.TryAddSingleton<PortalGate>();
        services.AddKommuntalWeb(); // the pages: renderer, assets (Kommuntal.Web, docs/web.md)
        return services;
    }
}
