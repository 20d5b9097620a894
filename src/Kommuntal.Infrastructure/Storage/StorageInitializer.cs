using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kommuntal.Infrastructure.Storage;

/// <summary>
/// Creates the app's tables and containers where they are missing: once, at start-up, before any
/// store is used. A host (the Functions app, <c>kommuntal-serve</c>) runs it through
/// <see cref="StorageStartup"/>; the command line and the tests call <see cref="InitializeAsync"/>.
/// In Azure, infra/main.bicep has created them all already, and the app's blob role is scoped to its
/// two containers, which need not allow creating one (see <see cref="EnsureContainerAsync"/>).
/// </summary>
public sealed class StorageInitializer(StorageClients clients, IOptions<StorageOptions> options)
{
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var tables = clients.AllTables.Select(async t =>
        {
            // Create, not CreateIfNotExists: the Tables SDK's CreateIfNotExists answered an HTTP 500
            // like "already exists" (found by the fault sweep), and the process then had no table.
            try
            {
                await t.CreateAsync(cancellationToken);
            }
            catch (RequestFailedException ex) when (ex.Status == 409)
            {
                // already there
            }
        });
        var published = options.Value.PublicContainerAccess ? PublicAccessType.Blob : PublicAccessType.None;
        await Task.WhenAll(tables
            .Append(EnsureContainerAsync(clients.Published, published, cancellationToken))
            .Append(EnsureContainerAsync(clients.Inbox, PublicAccessType.None, cancellationToken)));
    }

    /// <summary>
    /// Creates the container if missing. In Azure the app's role is scoped to the container itself
    /// (infra/main.bicep creates it), which need not allow creating containers: on 403 it is enough
    /// that the container can be read (a missing one still fails, with 404).
    /// </summary>
    internal static async Task EnsureContainerAsync(BlobContainerClient container, PublicAccessType access, CancellationToken cancellationToken = default)
    {
        try
        {
            await container.CreateIfNotExistsAsync(access, cancellationToken: cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 403)
        {
            await foreach (var _ in container.GetBlobsAsync(cancellationToken: cancellationToken).AsPages(pageSizeHint: 1))
                break;
        }
    }
}

/// <summary>
/// Runs <see cref="StorageInitializer"/> when a host starts, before the other hosted services start
/// (so before the Functions worker takes invocations and before kommuntal-serve listens). A failure
/// is tried again twice (after 1 and 4 seconds: the storage may still be starting); then the host
/// does not start, and the platform (or the operator) starts it again.
/// </summary>
public sealed class StorageStartup(StorageInitializer initializer, ILogger<StorageStartup> logger) : IHostedLifecycleService
{
    internal static readonly TimeSpan[] Delays = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(4)];

    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await initializer.InitializeAsync(cancellationToken);
                return;
            }
            catch (Exception ex) when (attempt < Delays.Length && ex is not OperationCanceledException { CancellationToken.IsCancellationRequested: true })
            {
                logger.LogWarning(ex, "Creating the tables and containers failed (attempt {Attempt}); trying again in {Delay}", attempt + 1, Delays[attempt]);
                await Task.Delay(Delays[attempt], cancellationToken);
            }
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
