using Kommuntal.Application.Ports;
using Kommuntal.Application.Services;
using Kommuntal.Infrastructure.Storage;
using Kommuntal.Testing;

namespace Kommuntal.Infrastructure.Tests;

public class QuotaStoreTests
{
    [Fact]
    public async Task The_2022_quota_round_trips_through_Table_Storage()
    {
        await using var host = new TestHost();
        var import = host.Get<QuotaImportService>();
        var outcome = await import.ImportAsync(Samples.Quota2022Csv, 2022, "tester", default);
        Assert.True(outcome.Created);
        Assert.Equal(1, outcome.Version.Version);

        var read = await host.Get<IQuotaStore>().GetCurrentAsync(2022, default);
        Assert.NotNull(read);
        Assert.Equal(7500, read.Quota.Total);
        Assert.Equal(outcome.Version.Quota.Counties, read.Quota.Counties);
        Assert.Equal("lanstal-2022.csv", read.Source.FileName);
        Assert.Equal("tester", read.Source.UploadedBy);
        Assert.Equal(TestHost.DefaultNow, read.Source.UploadedAt);
        Assert.Equal(64, read.Source.Sha256.Length);
    }

    [Fact]
    public async Task Uploading_the_same_content_again_returns_the_existing_version()
    {
        await using var host = new TestHost();
        var import = host.Get<QuotaImportService>();
        var first = await import.ImportAsync(Samples.Quota2022Csv, 2022, "a", default);
        var again = await import.ImportAsync(Samples.Quota2022Csv, 2022, "b", default);
        Assert.False(again.Created);
        Assert.Equal(first.Version.Version, again.Version.Version);
        Assert.Single(await host.Get<IQuotaStore>().ListAsync(2022, default));
    }

    [Fact]
    public async Task A_version_is_one_transaction_in_the_year_partition()
    {
        await using var host = new TestHost();
        await host.Get<QuotaImportService>().ImportAsync(Samples.Quota2022Csv, 2022, "a", default);
        var rows = new List<string>();
        await foreach (var e in host.Get<StorageClients>().Quotas.QueryAsync<Azure.Data.Tables.TableEntity>())
        {
            Assert.Equal("2022", e.PartitionKey);
            rows.Add(e.RowKey);
        }
        Assert.Equal(24, rows.Count); // head + national row + 21 county rows + content hash
        Assert.Contains("v0001-18", rows);
    }
}
