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
        services.AddOptions<WebOptions>().BindConfiguration(WebOptions.Section)
            .Validate<IServiceProvider>((o, sp) => sp.GetService<Kommuntal.Application.Security.HostingPlatform>() is not { InAzure: true } || o.AntiforgeryKeyBytes() is not null,
                "Kommuntal:Web:AntiforgeryKey is required in Azure: base64 of at least 32 random bytes (openssl rand -base64 32), kept in Key Vault. The portal's forms are signed with it (docs/security.md).")
            .Validate(o => string.IsNullOrWhiteSpace(o.AntiforgeryKey) || o.AntiforgeryKeyBytes() is not null,
                "Kommuntal:Web:AntiforgeryKey must be base64 of at least 32 bytes (openssl rand -base64 32).")
            .ValidateOnStart();
        services.TryAddSingleton<WebAssets>();
        services.TryAddSingleton<PageRenderer>();
        services.TryAddSingleton<PublicSitePages>();
        return services;
    }
}
