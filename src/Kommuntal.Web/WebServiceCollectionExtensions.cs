using Kommuntal.Web.Assets;
using Kommuntal.Web.Rendering;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Kommuntal.Web;

public static class WebServiceCollectionExtensions
{
    /// <summary>
    /// The pages' services: the renderer, the embedded assets, the "Kommuntal:Web" options. Called
    /// by the Functions edge's composition (FunctionsComposition.AddKommuntalEdge), after AddKommuntal.
    /// </summary>
    public static IServiceCollection AddKommuntalWeb(this IServiceCollection services)
    {
        services.AddLogging();
        services.AddOptions<WebOptions>().BindConfiguration(WebOptions.Section);
        services.TryAddSingleton<WebAssets>();
        services.TryAddSingleton<PageRenderer>();
        services.TryAddSingleton<PublicSitePages>();
        return services;
    }
}
