using Azure.Data.Tables;
using Kommuntal.Infrastructure.Storage;
using Kommuntal.Testing;

namespace Kommuntal.Infrastructure.Tests.Ingestion;

/// <summary>What is in a test host's storage.</summary>
internal static class StorageAssert
{
    public static async Task<List<TableEntity>> RowsAsync(TableClient table)
    {
        var rows = new List<TableEntity>();
        await foreach (var e in table.QueryAsync<TableEntity>()) rows.Add(e);
        return rows;
    }

    /// <summary>No quota, input or county-year row exists (the host created the tables, so "empty" is a real answer).</summary>
    public static async Task NothingStoredAsync(TestHost host)
    {
        var clients = host.Get<StorageClients>();
        Assert.Empty(await RowsAsync(clients.Quotas));
        Assert.Empty(await RowsAsync(clients.Inputs));
        Assert.Empty(await RowsAsync(clients.CountyYears));
    }
}
