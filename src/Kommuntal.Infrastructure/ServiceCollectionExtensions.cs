using Azure.Identity;
using Kommuntal.Application.Caching;
using Kommuntal.Application.Options;
using Kommuntal.Application.Security;
using Kommuntal.Application.Services;
using Kommuntal.Core.Allocation;
using Kommuntal.Core.Ingestion;
using Kommuntal.Core.Quotas;
using Kommuntal.Core.Reference;
using Kommuntal.Core.Unaccompanied;
using Kommuntal.Infrastructure.Email;
using Kommuntal.Infrastructure.Email.Acs;
using Kommuntal.Infrastructure.Pdf;
using Kommuntal.Infrastructure.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
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
        services.AddOptions<KommuntalOptions>().Bind(configuration.GetSection(KommuntalOptions.Section))
            .PostConfigure(o =>
            {
                // In Azure, links default to the app's own anonymous download route (blob public access is
                // off, so blob URLs would not open); WEBSITE_HOSTNAME is set by the platform.
                if (string.IsNullOrWhiteSpace(o.PublicBaseUrl) && configuration["WEBSITE_HOSTNAME"] is { Length: > 0 } host)
                    o.PublicBaseUrl = $"https://{host}/api/public/files";
                o.PublicSiteUrl = KommuntalOptions.ResolvePublicSiteUrl(o.PublicSiteUrl, o.PublicBaseUrl, configuration["WEBSITE_HOSTNAME"]);
            });
        services.AddOptions<DocumentOptions>().Bind(configuration.GetSection(DocumentOptions.Section));
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.Section));
        services.AddOptions<EmailOptions>().Bind(configuration.GetSection(EmailOptions.Section));
        // Identity that is not there stops the app at start-up: trusted principal headers without App
        // Service authentication, or development roles in Azure (issue 14).
        var platform = HostingPlatform.From(name => configuration[name]);
        services.TryAddSingleton(platform);
        services.AddOptions<SecurityOptions>().Bind(configuration.GetSection(SecurityOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SecurityOptions>>(new SecurityOptionsValidation(platform));
        services.AddOptions<IngestionOptions>().Bind(configuration.GetSection(IngestionOptions.Section))
            .Validate(o => o.Limits is not null && o.Limits.Invalid().Count == 0,
                "Kommuntal:Ingestion:Limits: every limit must be positive, MaxPartBytes at most MaxUnpackedBytes and MaxJsonDepth at most 64 (docs/operations.md).")
            .ValidateOnStart();
        // A misconfigured sender stops the app here, at start-up, naming the setting (not at the first send).
        EmailConfiguration.ThrowIfInvalid(
            configuration.GetSection(EmailOptions.Section).Get<EmailOptions>() ?? new EmailOptions(),
            configuration.GetSection(KommuntalOptions.Section).Get<KommuntalOptions>() ?? new KommuntalOptions());
        services.AddLogging();
        services.TryAddSingleton(TimeProvider.System);

        // Core
        services.TryAddSingleton(ReferenceData.Bundled);
        services.TryAddSingleton<IAllocationEngine, KommuntalModel>();
        services.TryAddSingleton<QuotaParser>();
        services.TryAddSingleton<IndicatorFileParser>();
        services.TryAddSingleton<DeviationFileParser>();
        services.TryAddSingleton<ShareFileParser>();
        services.TryAddSingleton<ShareRequestFileParser>();

        // Adapters
        services.TryAddSingleton<StorageClients>();
        // The tables and containers are created once, when a host starts (the CLI and the tests call the initializer).
        services.TryAddSingleton<StorageInitializer>();
        services.AddHostedService<StorageStartup>();
        services.TryAddSingleton<StorageHealthCheck>();
        services.TryAddSingleton<IHealthCheck>(sp => sp.GetRequiredService<StorageHealthCheck>());
        // The read ports a run reads once (RunCache): the port is the caching decorator, the adapter it
        // wraps is registered under RunCache.AdapterKey (a test host may register its own there first).
        services.TryAddSingleton<RunCache>();
        services.TryAddKeyedSingleton<IQuotaStore, TableQuotaStore>(RunCache.AdapterKey);
        services.TryAddSingleton<IQuotaStore>(sp => new CachingQuotaStore(Adapter<IQuotaStore>(sp), sp.GetRequiredService<RunCache>()));
        services.TryAddSingleton<ICountyYearStore, TableCountyYearStore>();
        services.TryAddSingleton<IDocumentStore, BlobDocumentStore>();
        services.TryAddSingleton<IPublishedIndexStore, BlobPublishedIndexStore>();
        services.TryAddSingleton<IDocumentRenderer, PdfDocumentRenderer>();
        services.TryAddSingleton<IInputStore, TableInputStore>();
        services.TryAddKeyedSingleton<IShareStore, TableShareStore>(RunCache.AdapterKey);
        services.TryAddSingleton<IShareStore>(sp => new CachingShareStore(Adapter<IShareStore>(sp), sp.GetRequiredService<RunCache>()));
        services.TryAddSingleton<IInbox, BlobInbox>();
        services.TryAddSingleton<BundledIndicatorSource>();
        // Imported indicator versions first, the bundled ones when none is imported for the year.
        services.TryAddKeyedSingleton<IIndicatorSource, ImportedIndicatorSource>(RunCache.AdapterKey);
        services.TryAddSingleton<IIndicatorSource>(sp => new CachingIndicatorSource(Adapter<IIndicatorSource>(sp), sp.GetRequiredService<RunCache>()));
        services.TryAddSingleton<IRecipientStore, TableRecipientStore>();
        services.TryAddKeyedSingleton<IRecipientDirectory, ImportedRecipientDirectory>(RunCache.AdapterKey);
        services.TryAddSingleton<IRecipientDirectory>(sp => new CachingRecipientDirectory(Adapter<IRecipientDirectory>(sp), sp.GetRequiredService<RunCache>()));
        services.TryAddSingleton<IOutboxStore, TableOutboxStore>();
        services.TryAddSingleton<IEmailSender>(CreateSender);

        // Application services
        services.TryAddSingleton<QuotaImportService>();
        services.TryAddSingleton<IndicatorImportService>();
        services.TryAddSingleton<WishImportService>();
        services.TryAddSingleton<ShareImportService>();
        services.TryAddSingleton<InboxService>();
        services.TryAddSingleton<DocumentService>();
        services.TryAddSingleton<CountyYearService>();
        services.TryAddSingleton<CountyYearQueries>();
        services.TryAddSingleton<HealthService>();
        services.TryAddSingleton<NotificationComposer>();
        services.TryAddSingleton<CoordinatorMessages>();
        services.TryAddSingleton<Kommuntal.Application.Portal.PortalService>();
        services.TryAddSingleton<NotificationDispatcher>();
        services.TryAddSingleton<DeliveryStatusService>();
        services.TryAddSingleton<ReminderService>();
        services.TryAddSingleton<NotificationResendService>();
        services.TryAddSingleton<RecipientImportService>();
        services.TryAddSingleton<PublishedIndexCache>();
        services.TryAddSingleton<PublicIndexService>();
        services.TryAddSingleton<PublicDocumentsService>();
        services.TryAddSingleton<Kommuntal.Application.PublicSite.PublicSiteService>();
        services.TryAddSingleton<DemoRunService>();
        services.TryAddSingleton<YearlyCycleService>();
        services.AddKommuntalFulfilment(configuration);
        return services;
    }

    private static T Adapter<T>(IServiceProvider sp) where T : notnull => sp.GetRequiredKeyedService<T>(RunCache.AdapterKey);

    /// <summary>The sender named by Email:Sender (validated at start-up by <see cref="EmailConfiguration"/>).</summary>
    private static IEmailSender CreateSender(IServiceProvider sp)
    {
        var options = sp.GetRequiredService<IOptions<EmailOptions>>().Value;
        var loggers = sp.GetRequiredService<ILoggerFactory>();
        return (options.Sender ?? "").Trim().ToLowerInvariant() switch
        {
            "outbox" or "" => new LocalOutboxSender(options.OutboxDirectory),
            "smtp" => new SmtpEmailSender(options.Smtp, loggers.CreateLogger<SmtpEmailSender>()),
            "acs" => new AcsEmailSender(
                string.IsNullOrWhiteSpace(options.Acs.ConnectionString)
                    ? new AcsEmailClient(new Uri(options.Acs.Endpoint!.Trim()), new DefaultAzureCredential())
                    : new AcsEmailClient(options.Acs.ConnectionString),
                loggers.CreateLogger<AcsEmailSender>()),
            var other => throw new InvalidOperationException($"Email:Sender '{other}' is not known; use 'outbox', 'smtp' or 'acs'."),
        };
    }
}

/// <summary>Applies <see cref="SecurityOptions.Problems"/> for the platform the app runs on.</summary>
internal sealed class SecurityOptionsValidation(HostingPlatform platform) : IValidateOptions<SecurityOptions>
{
    public ValidateOptionsResult Validate(string? name, SecurityOptions options) =>
        options.Problems(platform) is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
}
