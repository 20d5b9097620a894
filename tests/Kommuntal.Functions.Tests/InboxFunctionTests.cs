using System.Text.Json;
using Kommuntal.Application.Ports;
using Kommuntal.Application.Services;
using Kommuntal.Infrastructure.Storage;
using Kommuntal.Testing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace Kommuntal.Functions.Tests;

/// <summary>The inbox timer against the real blob container in Azurite.</summary>
public class InboxFunctionTests
{
    private static async Task PutAsync(TestHost host, string path, byte[] content)
    {
        var clients = host.Get<StorageClients>();
        await clients.Inbox.GetBlobClient(path).UploadAsync(new BinaryData(content), overwrite: true);
    }

    private static async Task<List<string>> BlobsAsync(TestHost host)
    {
        var names = new List<string>();
        await foreach (var b in host.Get<StorageClients>().Inbox.GetBlobsAsync()) names.Add(b.Name);
        return names;
    }

    private static async Task<JsonElement> JsonBlobAsync(TestHost host, string path)
    {
        var content = await host.Get<StorageClients>().Inbox.GetBlobClient(path).DownloadContentAsync();
        return JsonDocument.Parse(content.Value.Content.ToString()).RootElement.Clone();
    }

    private static Task RunTimerAsync(TestHost host) =>
        ActivatorUtilities.CreateInstance<InboxFunction>(host.Services).Run(new TimerInfo(), default);

    [Fact]
    public async Task All_four_formats_of_the_2022_quota_import_identically_from_the_inbox_and_move_to_processed()
    {
        await using var host = FunctionsHost.Create();
        var files = IngestionSamples.Quota2022FourFormats;
        await PutAsync(host, "quotas/" + files[0].Name, files[0].Content);            // annex: the year from its title
        await PutAsync(host, "quotas/2022/" + files[1].Name, files[1].Content);       // CSV: the year from the folder
        await PutAsync(host, "quotas/" + files[2].Name, files[2].Content);            // xlsx: the year from its title row
        await PutAsync(host, "quotas/" + files[3].Name, files[3].Content);            // JSON: "year"

        await RunTimerAsync(host);

        var versions = await host.Get<IQuotaStore>().ListAsync(2022, default);
        Assert.Equal(4, versions.Count);
        Assert.All(versions, v => Assert.Equal(IngestionSamples.Expected2022, v.Quota.Counties.Select(c => (c.CountyCode, c.Lanstal)).ToList()));
        Assert.Equal(files.Select(f => f.Name).Order(), versions.Select(v => v.Source.FileName).Order());
        Assert.All(versions, v => Assert.StartsWith("inbox:quotas/", v.Source.UploadedBy));

        var blobs = await BlobsAsync(host);
        Assert.Equal(
            new[] { "quotas/2022/lanstal-2022.csv", "quotas/lanstal-2022-sfs-bilaga.txt", "quotas/lanstal-2022.json", "quotas/lanstal-2022.xlsx" }
                .SelectMany(p => new[] { "processed/" + p, "processed/" + p + ".result.json" }).Order(),
            blobs.Order());
        var moved = await host.Get<StorageClients>().Inbox.GetBlobClient("processed/quotas/lanstal-2022.xlsx").DownloadContentAsync();
        Assert.Equal(files[2].Content, moved.Value.Content.ToArray());
        var sidecar = await JsonBlobAsync(host, "processed/quotas/2022/lanstal-2022.csv.result.json");
        Assert.Equal("accepted", sidecar.GetProperty("status").GetString());
        Assert.Equal(2022, sidecar.GetProperty("result").GetProperty("year").GetInt32());
        Assert.Equal(7500, sidecar.GetProperty("result").GetProperty("total").GetInt32());

        // The timer firing again finds nothing to do.
        await RunTimerAsync(host);
        Assert.Equal(4, (await host.Get<IQuotaStore>().ListAsync(2022, default)).Count);
        Assert.Equal(8, (await BlobsAsync(host)).Count);
    }

    [Fact]
    public async Task A_bad_file_moves_to_rejected_with_an_errors_sidecar_and_nothing_is_stored()
    {
        await using var host = FunctionsHost.Create();
        var bad = Samples.File("tests", "data", "quotas", "bad", "duplicate-county.csv");
        await PutAsync(host, "quotas/2022/" + bad.Name, bad.Content);
        await PutAsync(host, "lanstal-2022.csv", Samples.Quota2022Csv.Content); // not in a kind's folder

        var report = await host.Get<InboxService>().RunAsync("inbox", default);
        Assert.Equal(2, report.Count(InboxFileStatus.Rejected));

        var blobs = await BlobsAsync(host);
        Assert.Equal(["rejected/lanstal-2022.csv", "rejected/lanstal-2022.csv.errors.json",
            "rejected/quotas/2022/duplicate-county.csv", "rejected/quotas/2022/duplicate-county.csv.errors.json"], blobs.Order());
        var sidecar = await JsonBlobAsync(host, "rejected/quotas/2022/duplicate-county.csv.errors.json");
        Assert.Equal("rejected", sidecar.GetProperty("status").GetString());
        var errors = sidecar.GetProperty("errors").EnumerateArray().ToList();
        Assert.Contains(errors, e => e.GetProperty("code").GetString() == "duplicate-county" && e.GetProperty("line").GetInt32() == 17
                                     && e.GetProperty("messageSv").GetString()!.Contains("förekommer redan på rad 16"));
        Assert.Contains(errors, e => e.GetProperty("code").GetString() == "missing-county");
        var pathErrors = (await JsonBlobAsync(host, "rejected/lanstal-2022.csv.errors.json")).GetProperty("errors");
        Assert.Equal("inbox-path", pathErrors[0].GetProperty("code").GetString());
        Assert.Null(await host.Get<IQuotaStore>().GetCurrentAsync(2022, default));
    }

    [Fact]
    public async Task Indicators_and_wishes_are_imported_from_their_folders()
    {
        await using var host = FunctionsHost.Create();
        var indicators = Samples.File("tests", "data", "indicators", "good", "indicators-2022.xlsx");
        var wishes = Samples.File("tests", "data", "wishes", "good", "wishes-2022-18.json");
        await PutAsync(host, "indicators/2022/" + indicators.Name, indicators.Content);
        await PutAsync(host, "wishes/2022/18/" + wishes.Name, wishes.Content);

        var report = await host.Get<InboxService>().RunAsync("inbox", default);
        Assert.Equal(2, report.Count(InboxFileStatus.Accepted));
        var stored = await host.Get<IInputStore>().GetIndicatorsAsync(2022, default);
        Assert.Equal((1, 290, "xlsx"), (stored!.Version, stored.Indicators.Rows.Count, stored.Source.Format));
        Assert.Equal(3, (await host.Get<ICountyYearStore>().LoadAsync(2022, "18", default)).State.Wishes.Count);
        var sidecar = await JsonBlobAsync(host, "processed/wishes/2022/18/wishes-2022-18.json.result.json");
        Assert.Equal(("18", 3), (sidecar.GetProperty("result").GetProperty("county").GetString(), sidecar.GetProperty("result").GetProperty("wishes").GetInt32()));
    }

    [Fact]
    public async Task A_file_over_the_limit_is_rejected_from_its_listed_size_without_being_read()
    {
        await using var host = FunctionsHost.Create(settings: new Dictionary<string, string?> { ["Kommuntal:Ingestion:MaxFileBytes"] = "500" });
        var csv = Samples.Quota2022Csv;
        await PutAsync(host, "quotas/2022/" + csv.Name, csv.Content);
        var report = await host.Get<InboxService>().RunAsync("inbox", default);
        var result = Assert.Single(report.Files);
        Assert.Equal(InboxFileStatus.Rejected, result.Status);
        Assert.Equal("file-too-large", Assert.Single(result.Problems).Code);
        var moved = await host.Get<StorageClients>().Inbox.GetBlobClient("rejected/quotas/2022/lanstal-2022.csv").DownloadContentAsync();
        Assert.Equal(csv.Content, moved.Value.Content.ToArray()); // moved intact, streamed across
        Assert.Null(await host.Get<IQuotaStore>().GetCurrentAsync(2022, default));
    }

    [Fact]
    public async Task Two_instances_firing_at_once_import_each_file_once()
    {
        await using var a = FunctionsHost.Create();
        await using var b = FunctionsHost.Create(prefix: a.Prefix); // a second Functions instance on the same storage
        foreach (var file in IngestionSamples.Quota2022FourFormats)
            await PutAsync(a, "quotas/2022/" + file.Name, file.Content);

        var runs = await Task.WhenAll(a.Get<InboxService>().RunAsync("inbox-a", default), b.Get<InboxService>().RunAsync("inbox-b", default));

        Assert.Equal(4, runs.Sum(r => r.Count(InboxFileStatus.Accepted)));
        Assert.Equal(0, runs.Sum(r => r.Count(InboxFileStatus.Failed)));
        Assert.Equal(4, (await a.Get<IQuotaStore>().ListAsync(2022, default)).Count);
        var blobs = await BlobsAsync(a);
        Assert.Equal(8, blobs.Count);
        Assert.All(blobs, n => Assert.StartsWith("processed/quotas/2022/", n));
    }

    [Fact]
    public async Task A_file_a_crashed_run_already_imported_is_not_stored_twice()
    {
        await using var host = FunctionsHost.Create();
        // The crashed run imported the file but died before moving it: it is still in the inbox.
        await host.Get<QuotaImportService>().ImportAsync(Samples.Quota2022Csv, 2022, "inbox:quotas/2022/lanstal-2022.csv", default);
        await PutAsync(host, "quotas/2022/lanstal-2022.csv", Samples.Quota2022Csv.Content);

        var report = await host.Get<InboxService>().RunAsync("inbox", default);
        Assert.Equal(InboxFileStatus.Accepted, Assert.Single(report.Files).Status);
        Assert.Single(await host.Get<IQuotaStore>().ListAsync(2022, default));
        var sidecar = await JsonBlobAsync(host, "processed/quotas/2022/lanstal-2022.csv.result.json");
        Assert.False(sidecar.GetProperty("result").GetProperty("created").GetBoolean());
    }

    [Fact]
    public async Task A_later_file_of_the_same_name_does_not_overwrite_the_processed_one()
    {
        await using var host = FunctionsHost.Create();
        await PutAsync(host, "quotas/2022/lanstal.csv", Samples.Quota2022Csv.Content);
        await host.Get<InboxService>().RunAsync("inbox", default);
        var revision = IngestionSamples.Revision2022;
        await PutAsync(host, "quotas/2022/lanstal.csv", revision.Content);
        var report = await host.Get<InboxService>().RunAsync("inbox", default);

        var movedTo = Assert.Single(report.Files).MovedTo!;
        Assert.Matches(@"^processed/quotas/2022/lanstal\.[0-9a-f]{12}\.csv$", movedTo);
        var container = host.Get<StorageClients>().Inbox;
        Assert.Equal(Samples.Quota2022Csv.Content, (await container.GetBlobClient("processed/quotas/2022/lanstal.csv").DownloadContentAsync()).Value.Content.ToArray());
        Assert.Equal(revision.Content, (await container.GetBlobClient(movedTo).DownloadContentAsync()).Value.Content.ToArray());
        Assert.Equal(2, (await host.Get<IQuotaStore>().ListAsync(2022, default)).Count);
    }

    [Fact]
    public async Task A_file_claimed_by_another_run_is_left_alone()
    {
        await using var host = FunctionsHost.Create();
        await PutAsync(host, "quotas/2022/lanstal-2022.csv", Samples.Quota2022Csv.Content);
        var inbox = host.Get<IInbox>();
        var item = Assert.Single(await inbox.ListAsync(default));
        await using (var claim = await inbox.TryClaimAsync(item, TimeSpan.FromSeconds(60), default))
        {
            Assert.NotNull(claim);
            Assert.Null(await inbox.TryClaimAsync(item, TimeSpan.FromSeconds(60), default)); // a second claimer gets nothing
            var report = await host.Get<InboxService>().RunAsync("inbox", default);
            Assert.Equal(InboxFileStatus.Skipped, Assert.Single(report.Files).Status);
            Assert.Null(await host.Get<IQuotaStore>().GetCurrentAsync(2022, default));
        }
        // Released without completing: the next run imports it.
        var next = await host.Get<InboxService>().RunAsync("inbox", default);
        Assert.Equal(InboxFileStatus.Accepted, Assert.Single(next.Files).Status);
    }
}
