using Kommuntal.Application.Options;
using Kommuntal.Application.Ports;
using Kommuntal.Application.Services;
using Kommuntal.Core.Allocation;
using Kommuntal.Core.Quotas;
using Kommuntal.Core.Reference;
using Kommuntal.Infrastructure.Email;
using Kommuntal.Infrastructure.Pdf;
using Kommuntal.Infrastructure.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Kommuntal.Infrastructure;

/// <summary>
/// The one composition root. The Functions app, the CLI and the tests all call
/// <see cref="AddKommuntal"/>, so what is tested is what runs.
/// </summary>
public static class ServiceCollectionExtensions
{
    public static IServiceCollection AddKommuntal(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<KommuntalOptions>().Bind(configuration.GetSection(KommuntalOptions.Section));
        services.AddOptions<DocumentOptions>().Bind(configuration.GetSection(DocumentOptions.Section));
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.Section));
        services.AddOptions<EmailOptions>().Bind(configuration.GetSection(EmailOptions.Section));
        services.AddLogging();
        services.TryAddSingleton(TimeProvider.System);

        // Core
        services.TryAddSingleton(ReferenceData.Bundled);
        services.TryAddSingleton<IAllocationEngine, KommuntalModel>();
        services.TryAddSingleton<QuotaParser>();

        // Adapters
        services.TryAddSingleton<StorageClients>();
        services.TryAddSingleton<IQuotaStore, TableQuotaStore>();
        services.TryAddSingleton<ICountyYearStore, TableCountyYearStore>();
        services.TryAddSingleton<IDocumentStore, BlobDocumentStore>();
        services.TryAddSingleton<IDocumentRenderer, PdfDocumentRenderer>();
        services.TryAddSingleton<IIndicatorSource, BundledIndicatorSource>();
        services.TryAddSingleton<IRecipientDirectory, ReferenceRecipientDirectory>();
        services.TryAddSingleton<IEmailSender>(sp => CreateSender(sp.GetRequiredService<IOptions<EmailOptions>>().Value));

        // Application services
        services.TryAddSingleton<QuotaImportService>();
        services.TryAddSingleton<DocumentService>();
        services.TryAddSingleton<CountyYearService>();
        services.TryAddSingleton<NotificationDispatcher>();
        services.TryAddSingleton<PublicIndexService>();
        services.TryAddSingleton<YearlyRunService>();
        return services;
    }

    private static IEmailSender CreateSender(EmailOptions options) => options.Sender.Trim().ToLowerInvariant() switch
    {
        "outbox" or "" => new LocalOutboxSender(options.OutboxDirectory),
        var other => throw new InvalidOperationException($"Email:Sender '{other}' is not known; use 'outbox', 'smtp' or 'acs'."),
    };
}
