using Azure.Data.Tables;
using Kommuntal.Infrastructure.Storage;

namespace Kommuntal.Testing;

/// <summary>What a test host's storage holds of imported inputs.</summary>
public static class StoredData
{
    /// <summary>Rows in the quota, input and county-year tables (the host created the tables, so 0 is a real answer).</summary>
    public static async Task<int> InputRowCountAsync(TestHost host)
    {
        var clients = host.Get<StorageClients>();
        var n = 0;
        foreach (var table in new[] { clients.Quotas, clients.Inputs, clients.CountyYears })
            await foreach (var _ in table.QueryAsync<TableEntity>(select: ["PartitionKey"])) n++;
        return n;
    }

    /// <summary>Where a corpus file of a kind goes in the blob inbox (year 2022; wishes for county 18).</summary>
    public static string InboxPath(AdversarialCorpus.Case c) => c.Kind switch
    {
        "quota" => $"quotas/{AdversarialCorpus.Year}/{c.File}",
        "indicators" => $"indicators/{AdversarialCorpus.Year}/{c.File}",
        "wishes" => $"wishes/{AdversarialCorpus.Year}/{AdversarialCorpus.County}/{c.File}",
        _ => throw new ArgumentException(c.Kind),
    };

    /// <summary>The command line that imports a corpus file of a kind.</summary>
    public static string[] CliImport(AdversarialCorpus.Case c, string path) => c.Kind switch
    {
        "quota" => ["quota", "import", path, "--year", "2022"],
        "indicators" => ["indicators", "import", path, "--year", "2022"],
        "wishes" => ["wishes", "import", path, "--county", AdversarialCorpus.County, "--year", "2022"],
        _ => throw new ArgumentException(c.Kind),
    };
}
