using Kommuntal.Application.Options;
using Kommuntal.Application.Services;
using Kommuntal.Core.Fulfilment;
using Kommuntal.Infrastructure.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Kommuntal.Infrastructure;

/// <summary>Following the year (issue 19): its parser, store, options and services, registered by <see cref="ServiceCollectionExtensions.AddKommuntal"/>.</summary>
public static class FulfilmentServiceCollectionExtensions
{
    public static IServiceCollection AddKommuntalFulfilment(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<FulfilmentOptions>().Bind(configuration.GetSection(FulfilmentOptions.Section))
            .Validate(o => o.BehindThresholdPercent is >= 0 and <= 100, "Kommuntal:Fulfilment:BehindThresholdPercent must be 0-100.")
            .ValidateOnStart();
        services.TryAddSingleton<FulfilmentFileParser>();
        services.TryAddSingleton<IFulfilmentStore, TableFulfilmentStore>();
        services.TryAddSingleton<FulfilmentService>();
        services.TryAddSingleton<FulfilmentReminderService>();
        services.TryAddSingleton<Kommuntal.Application.Portal.FulfilmentPortalService>();
        return services;
    }
}
