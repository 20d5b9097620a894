using System.Diagnostics;

namespace Kommuntal.Infrastructure.Storage;

/// <summary>
/// Checks that the storage the app needs answers: one cheap table read and one container read,
/// each with a timeout. Used by the health endpoint.
/// </summary>
public sealed class StorageHealthCheck(StorageClients clients) : IHealthCheck
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public async Task<IReadOnlyList<HealthCheckResult>> CheckAsync(CancellationToken cancellationToken) =>
        await Task.WhenAll(
            Run("tables", async ct =>
            {
                await foreach (var _ in clients.CountyYears.QueryAsync<Azure.Data.Tables.TableEntity>(maxPerPage: 1, select: ["PartitionKey"], cancellationToken: ct).AsPages(pageSizeHint: 1))
                    break;
            }, cancellationToken),
            Run("blobs", async ct => await clients.Published.GetPropertiesAsync(cancellationToken: ct), cancellationToken));

    private static async Task<HealthCheckResult> Run(string name, Func<CancellationToken, Task> check, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(Timeout);
        var sw = Stopwatch.StartNew();
        try
        {
            await check(cts.Token);
            return new HealthCheckResult(name, true, sw.ElapsedMilliseconds, null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The error's first line only: no connection strings or keys in the answer.
            return new HealthCheckResult(name, false, sw.ElapsedMilliseconds, ex is OperationCanceledException ? $"no answer within {Timeout.TotalSeconds:0} s" : ex.GetType().Name + ": " + ex.Message.Split('\n')[0]);
        }
    }
}
