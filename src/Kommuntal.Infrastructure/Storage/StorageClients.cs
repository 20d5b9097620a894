using Azure;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Options;

namespace Kommuntal.Infrastructure.Storage;

/// <summary>
/// The Table and Blob clients of the app, created once from <see cref="StorageOptions"/>, with the
/// tables and containers created on first use. Extra pipeline policies (tests use one to inject
/// faults and count requests) apply to every storage request.
/// </summary>
public sealed class StorageClients
{
    private readonly StorageOptions _options;
    private Lazy<Task> _initialised;

    public TableServiceClient Tables { get; }
    public BlobServiceClient Blobs { get; }
    public TableClient Quotas { get; }
    public TableClient CountyYears { get; }
    public TableClient Inputs { get; }
    public TableClient Recipients { get; }
    public BlobContainerClient Published { get; }
    public BlobContainerClient Inbox { get; }

    public StorageClients(IOptions<StorageOptions> options, IEnumerable<StoragePipelinePolicy> policies)
    {
        _options = options.Value;
        var tableOptions = new TableClientOptions();
        var blobOptions = new BlobClientOptions();
        foreach (var policy in policies)
        {
            tableOptions.AddPolicy(policy.Policy, policy.Position);
            blobOptions.AddPolicy(policy.Policy, policy.Position);
        }
        tableOptions.Retry.NetworkTimeout = blobOptions.Retry.NetworkTimeout = TimeSpan.FromSeconds(30);
        if (!string.IsNullOrWhiteSpace(_options.ConnectionString))
        {
            Tables = new TableServiceClient(_options.ConnectionString, tableOptions);
            Blobs = new BlobServiceClient(_options.ConnectionString, blobOptions);
        }
        else if (!string.IsNullOrWhiteSpace(_options.AccountName))
        {
            TokenCredential credential = new DefaultAzureCredential();
            Tables = new TableServiceClient(new Uri($"https://{_options.AccountName}.table.core.windows.net"), credential, tableOptions);
            Blobs = new BlobServiceClient(new Uri($"https://{_options.AccountName}.blob.core.windows.net"), credential, blobOptions);
        }
        else
        {
            throw new InvalidOperationException("Storage is not configured: set Storage:ConnectionString (Azurite) or Storage:AccountName (Azure, managed identity).");
        }
        Quotas = Tables.GetTableClient(_options.QuotasTable);
        CountyYears = Tables.GetTableClient(_options.CountyYearsTable);
        Inputs = Tables.GetTableClient(_options.InputsTable);
        Recipients = Tables.GetTableClient(_options.RecipientsTable);
        Published = Blobs.GetBlobContainerClient(_options.PublishedContainer);
        Inbox = Blobs.GetBlobContainerClient(_options.InboxContainer);
        _initialised = new Lazy<Task>(CreateAsync, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>
    /// Creates the tables and containers if missing (once per process). A failure is not remembered:
    /// the next call tries again, so a transient storage error at start-up does not break the
    /// process for good.
    /// </summary>
    public async Task EnsureCreatedAsync()
    {
        var attempt = Volatile.Read(ref _initialised);
        try
        {
            await attempt.Value;
        }
        catch
        {
            Interlocked.CompareExchange(ref _initialised, new Lazy<Task>(CreateAsync, LazyThreadSafetyMode.ExecutionAndPublication), attempt);
            throw;
        }
    }

    private async Task CreateAsync()
    {
        var tables = new[] { Quotas, CountyYears, Inputs, Recipients }.Select(async t =>
        {
            // Create, not CreateIfNotExists: the Tables SDK's CreateIfNotExists answered an HTTP 500
            // like "already exists" (found by the fault sweep), and the process then had no table.
            try
            {
                await t.CreateAsync();
            }
            catch (RequestFailedException ex) when (ex.Status == 409)
            {
                // already there
            }
        });
        await Task.WhenAll(tables.Append(EnsureContainerAsync(Published, _options.PublicContainerAccess ? PublicAccessType.Blob : PublicAccessType.None))
            .Append(EnsureContainerAsync(Inbox, PublicAccessType.None)));
    }

    /// <summary>
    /// Creates the container if missing. In Azure the app's role is scoped to the container itself
    /// (infra/main.bicep creates it), which need not allow creating containers: on 403 it is enough
    /// that the container can be read (a missing one still fails, with 404).
    /// </summary>
    internal static async Task EnsureContainerAsync(BlobContainerClient container, PublicAccessType access)
    {
        try
        {
            await container.CreateIfNotExistsAsync(access);
        }
        catch (RequestFailedException ex) when (ex.Status == 403)
        {
            await foreach (var _ in container.GetBlobsAsync().AsPages(pageSizeHint: 1))
                break;
        }
    }
}

/// <summary>An Azure.Core pipeline policy added to every storage client (registered in DI).</summary>
public sealed record StoragePipelinePolicy(Azure.Core.Pipeline.HttpPipelinePolicy Policy, HttpPipelinePosition Position);
