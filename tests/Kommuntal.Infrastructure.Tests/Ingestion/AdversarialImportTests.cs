using System.Text.Json;
using Kommuntal.Application.Options;
using Kommuntal.Application.Services;
using Kommuntal.Core.Validation;
using Kommuntal.Infrastructure.Storage;
using Kommuntal.Testing;
using Microsoft.Extensions.Options;

namespace Kommuntal.Infrastructure.Tests.Ingestion;

/// <summary>
/// The adversarial corpus (<see cref="AdversarialCorpus"/>) through the blob inbox against Azurite:
/// every file is moved to rejected/ with its named problem in the errors sidecar, and nothing is
/// stored. The budgets are settings (Kommuntal:Ingestion:Limits) checked at start-up.
/// </summary>
public class AdversarialImportTests
{
    public static TheoryData<string> Files => new(AdversarialCorpus.All.Select(c => c.File));

    [Theory]
    [MemberData(nameof(Files))]
    public async Task A_corpus_file_dropped_in_the_inbox_is_rejected_with_its_problem_and_nothing_is_stored(string name)
    {
        var c = AdversarialCorpus.All.Single(x => x.File == name);
        await using var host = new TestHost();
        var clients = host.Get<StorageClients>();
        var path = StoredData.InboxPath(c);
        await clients.Inbox.GetBlobClient(path).UploadAsync(new BinaryData(AdversarialCorpus.Load(c).Content));

        var report = await host.Get<InboxService>().RunAsync("inbox", default);

        var result = Assert.Single(report.Files);
        Assert.True(result.Status == InboxFileStatus.Rejected, $"{result.Status} {result.Error}");
        Assert.Contains(result.Problems, p => p.Code == c.Code);
        Assert.InRange(result.Problems.Count, 1, 201);
        var sidecar = await clients.Inbox.GetBlobClient($"rejected/{path}.errors.json").DownloadContentAsync();
        var errors = JsonDocument.Parse(sidecar.Value.Content.ToString()).RootElement.GetProperty("errors").EnumerateArray().ToList();
        Assert.Contains(errors, e => e.GetProperty("code").GetString() == c.Code && e.GetProperty("file").GetString() == name);
        Assert.True(sidecar.Value.Content.ToMemory().Length < 200_000, $"the sidecar has {sidecar.Value.Content.ToMemory().Length} bytes");
        Assert.Equal(0, await StoredData.InputRowCountAsync(host));
    }

    [Fact]
    public async Task The_limits_are_settings_and_apply_to_every_import()
    {
        await using var host = new TestHost(new Dictionary<string, string?>
        {
            ["Kommuntal:Ingestion:Limits:MaxRows"] = "10",
            ["Kommuntal:Ingestion:Limits:MaxProblems"] = "3",
        });
        var limits = host.Get<IOptions<IngestionOptions>>().Value.Limits;
        Assert.Equal((10, 3, 4_000), (limits.MaxRows, limits.MaxProblems, limits.MaxCellCharacters));
        var ex = await Assert.ThrowsAsync<ValidationFailedException>(() => host.Get<QuotaImportService>().ImportAsync(Samples.Quota2022Csv, 2022, "test", default));
        Assert.Equal("too-many-rows", Assert.Single(ex.Problems).Code);
        Assert.Equal(0, await StoredData.InputRowCountAsync(host));
    }

    [Fact]
    public async Task A_limit_that_is_not_positive_stops_the_app_at_start_up_naming_the_setting()
    {
        await using var host = new TestHost(new Dictionary<string, string?> { ["Kommuntal:Ingestion:Limits:MaxCellCharacters"] = "0" });
        var ex = Assert.Throws<OptionsValidationException>(() => host.Get<IOptions<IngestionOptions>>().Value);
        Assert.Contains("Kommuntal:Ingestion:Limits", ex.Message, StringComparison.Ordinal);
    }
}
