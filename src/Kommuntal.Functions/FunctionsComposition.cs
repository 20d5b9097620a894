using Kommuntal.Functions.Http;
using Kommuntal.Infrastructure;
using Kommuntal.Web;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Kommuntal.Functions;

/// <summary>The Functions app's services: the one composition root plus the HTTP edge's own pieces.</summary>
public static class FunctionsComposition
{
    public static IServiceCollection AddKommuntalFunctions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddKommuntal(configuration);
        return services.AddKommuntalEdge();
    }

    /// <summary>The edge alone (tests add it on top of their own AddKommuntal host).</summary>
    public static IServiceCollection AddKommuntalEdge(this IServiceCollection services)
    {
        services.TryAddSingleton<CoordinatorAccess>();
        services.AddKommuntalWeb(); // the pages: renderer, assets (Kommuntal.Web, docs/web.md)
        return services;
    }
}
