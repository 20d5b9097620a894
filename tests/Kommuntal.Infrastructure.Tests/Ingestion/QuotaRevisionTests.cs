using System.Text.RegularExpressions;
using Azure.Data.Tables;
using Kommuntal.Application.Ports;
using Kommuntal.Application.Services;
using Kommuntal.Core.Lifecycle;
using Kommuntal.Infrastructure.Storage;
using Kommuntal.Testing;

namespace Kommuntal.Infrastructure.Tests.Ingestion;

public class QuotaRevisionTests
{
    private static async Task DecideAsync(TestHost host, string county)
    {
        var service = host.Get<CountyYearService>();
        await service.ProposeAsync(2022, county, "samordnaren", null, DraftPurpose.Proposal, default);
        await service.DecideAsync(2022, county, new DecisionRequest(new DateOnly(2021, 11, 8), $"TEST-2022-{county}", "landshövdingen", "integrationssamordnaren"), "samordnaren", default);
    }

    [Fact]
    public async Task A_revision_keeps_both_versions_and_flags_only_the_decided_counties_whose_lanstal_changed()
    {
        await using var host = new TestHost();
        var import = host.Get<QuotaImportService>();
        await import.ImportAsync(Samples.Quota2022Csv, 2022, "samordnaren", default);
        foreach (var county in new[] { "01", "03", "18" }) await DecideAsync(host, county);

        // The test revision changes 01, 09, 12 and 18; 01 and 18 are decided, 03 is decided but unchanged, 09 and 12 not started.
        var revision = await import.ImportAsync(IngestionSamples.Revision2022, 2022, "samordnaren", default);
        Assert.True(revision.Created);
        Assert.Equal(2, revision.Version.Version);
        Assert.Equal(["01", "09", "12", "18"], revision.ChangedCounties);
        Assert.Equal(["01", "18"], revision.FlaggedCounties);

        var versions = await host.Get<IQuotaStore>().ListAsync(2022, default);
        Assert.Equal([1, 2], versions.Select(v => v.Version));
        Assert.Equal(202, versions[0].Quota.For("18")!.Lanstal);
        Assert.Equal(212, versions[1].Quota.For("18")!.Lanstal);
        Assert.Equal("lanstal-2022.csv", versions[0].Source.FileName);
        Assert.Equal("lanstal-2022-revision-test-variant.csv", versions[1].Source.FileName);
        Assert.All(versions, v => Assert.Equal(7500, v.Quota.Total));

        var orebro = await host.Get<ICountyYearStore>().LoadAsync(2022, "18", default);
        Assert.True(orebro.State.NeedsNewDecision);
        Assert.Equal((212, 2), (orebro.State.Lanstal, orebro.State.QuotaVersion));
        Assert.Equal(202, orebro.CurrentDecision!.Lanstal); // the old decision stays valid until superseded
        var uppsala = await host.Get<ICountyYearStore>().LoadAsync(2022, "03", default);
        Assert.False(uppsala.State.NeedsNewDecision);
        Assert.Equal(276, uppsala.State.Lanstal);
        Assert.Equal(CountyYearStatus.None, (await host.Get<ICountyYearStore>().LoadAsync(2022, "12", default)).State.Status);

        // The same revision again: the existing version, nothing flagged twice.
        var again = await import.ImportAsync(IngestionSamples.Revision2022, 2022, "någon annan", default);
        Assert.False(again.Created);
        Assert.Equal(2, again.Version.Version);
        Assert.Empty(again.FlaggedCounties);
        Assert.Equal(2, (await host.Get<IQuotaStore>().ListAsync(2022, default)).Count);
    }

    [Fact]
    public async Task The_same_quota_in_another_format_is_a_new_version_with_the_same_numbers_and_changes_nothing()
    {
        // Idempotency is by content (SHA-256 of the bytes): the JSON of the same table is a new version, but no county changes.
        await using var host = new TestHost();
        var import = host.Get<QuotaImportService>();
        await import.ImportAsync(Samples.Quota2022Csv, 2022, "a", default);
        await DecideAsync(host, "18");
        var json = await import.ImportAsync(Samples.File("tests", "data", "quotas", "good", "lanstal-2022.json"), null, "a", default);
        Assert.True(json.Created);
        Assert.Empty(json.ChangedCounties);
        Assert.Empty(json.FlaggedCounties);
        Assert.Equal("SFS 2021:870", json.Version.Quota.StatuteReference);
    }

    [Fact]
    public async Task An_interrupted_quota_import_leaves_nothing()
    {
        var recorder = new BatchRecorder { FailWhen = _ => true };
        await using var host = new TestHost(storagePolicies: [recorder]);
        await Assert.ThrowsAsync<InjectedStorageFailureException>(() => host.Get<QuotaImportService>().ImportAsync(Samples.Quota2022Csv, 2022, "a", default));
        Assert.Equal(1, recorder.Failed);
        Assert.Null(await host.Get<IQuotaStore>().GetCurrentAsync(2022, default));
        await StorageAssert.NothingStoredAsync(host);

        // Once storage answers again, the same file imports as version 1.
        recorder.FailWhen = null;
        var outcome = await host.Get<QuotaImportService>().ImportAsync(Samples.Quota2022Csv, 2022, "a", default);
        Assert.Equal((1, true), (outcome.Version.Version, outcome.Created));
    }

    [Fact]
    public async Task A_transaction_that_storage_refuses_midway_rolls_back_every_row()
    {
        await using var host = new TestHost();
        var clients = host.Get<StorageClients>();
        // A stray row where version 1's Örebro row would go: the 24-row transaction fails on it (409) ...
        await clients.Quotas.AddEntityAsync(new TableEntity("2022", "v0001-18") { ["EntityType"] = "stray" });
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => host.Get<QuotaImportService>().ImportAsync(Samples.Quota2022Csv, 2022, "a", default));
        // ... and none of its other 23 rows (head, national row, 20 counties, hash) exists.
        Assert.Equal(["v0001-18"], (await StorageAssert.RowsAsync(clients.Quotas)).Select(r => r.RowKey));
    }

    [Fact]
    public async Task No_table_transaction_of_an_import_spans_two_partitions()
    {
        var recorder = new BatchRecorder();
        await using var host = new TestHost(storagePolicies: [recorder]);
        await host.Get<QuotaImportService>().ImportAsync(Samples.Quota2022Csv, 2022, "a", default);
        await host.Get<IndicatorImportService>().ImportAsync(IngestionSamples.Indicators2022Csv, 2022, "a", default);
        await host.Get<WishImportService>().ImportAsync(IngestionSamples.Wishes2022OrebroCsv, 2022, "18", "a", default);
        await host.Get<QuotaImportService>().ImportAsync(IngestionSamples.Revision2022, 2022, "a", default);

        Assert.True(recorder.Bodies.Count >= 4);
        foreach (var body in recorder.Bodies)
        {
            var keys = Regex.Matches(body, "\"PartitionKey\":\"([^\"]*)\"").Select(m => m.Groups[1].Value).ToList();
            Assert.Single(keys.Distinct());
            Assert.InRange(keys.Count, 1, 100);
        }
        // Quota versions (24 rows: head, national row, 21 counties, hash) and indicator versions (head, version, 21 counties, hash).
        Assert.Contains(recorder.Bodies, b => Regex.Matches(b, "\"PartitionKey\":\"2022\"").Count == 24);
        Assert.Contains(recorder.Bodies, b => Regex.Matches(b, "\"PartitionKey\":\"indicators-2022\"").Count == 24);
    }

    [Fact]
    public void The_transaction_guard_refuses_two_partitions_before_anything_is_sent()
    {
        var transaction = new TableTransaction(new TableClient(TestStorage.ConnectionString, "nothingissent"), "indicators-2022").Add(new TableEntity("indicators-2022", "v0001"));
        var ex = Assert.Throws<InvalidOperationException>(() => transaction.Add(new TableEntity("wishes-2022-18", "v0001")));
        Assert.Contains("one partition", ex.Message);
    }
}
