using Azure.Core;
using Azure.Identity;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Options;

namespace Kommuntal.Infrastructure.Storage;

/// <summary>
/// The Table and Blob clients of the app, created once from <see cref="StorageOptions"/>. The tables
/// and containers are created once, at start-up, by <see cref="StorageInitializer"/>. Extra pipeline
/// policies (tests use one to inject faults and count requests) apply to every storage request.
/// </summary>
public sealed class StorageClients
{
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
        var o = options.Value;
        var tableOptions = new TableClientOptions();
        var blobOptions = new BlobClientOptions();
        foreach (var policy in policies)
        {
            tableOptions.AddPolicy(policy.Policy, policy.Position);
            blobOptions.AddPolicy(policy.Policy, policy.Position);
        }
        tableOptions.Retry.NetworkTimeout = blobOptions.Retry.NetworkTimeout = TimeSpan.FromSeconds(30);
        if (!string.IsNullOrWhiteSpace(o.ConnectionString))
        {
            Tables = new TableServiceClient(o.ConnectionString, tableOptions);
            Blobs = new BlobServiceClient(o.ConnectionString, blobOptions);
        }
        else if (!string.IsNullOrWhiteSpace(o.AccountName))
        {
            TokenCredential credential = new DefaultAzureCredential();
            Tables = new TableServiceClient(new Uri($"https://{o.AccountName}.table.core.windows.net"), credential, tableOptions);
            Blobs = new BlobServiceClient(new Uri($"https://{o.AccountName}.blob.core.windows.net"), credential, blobOptions);
        }
        else
        {
            throw new InvalidOperationException("Storage is not configured: set Storage:ConnectionString (Azurite) or Storage:AccountName (Azure, managed identity).");
        }
        Quotas = Tables.GetTableClient(o.QuotasTable);
        CountyYears = Tables.GetTableClient(o.CountyYearsTable);
        Inputs = Tables.GetTableClient(o.InputsTable);
        Recipients = Tables.GetTableClient(o.RecipientsTable);
        Published = Blobs.GetBlobContainerClient(o.PublishedContainer);
        Inbox = Blobs.GetBlobContainerClient(o.InboxContainer);
    }

    /// <summary>The tables of the app, in the order they are created.</summary>
    public IReadOnlyList<TableClient> AllTables => [Quotas, CountyYears, Inputs, Recipients];
}

/// <summary>An Azure.Core pipeline policy added to every storage client (registered in DI).</summary>
public sealed record StoragePipelinePolicy(Azure.Core.Pipeline.HttpPipelinePolicy Policy, HttpPipelinePosition Position);
