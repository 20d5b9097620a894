using Kommuntal.Application.Ports;
using Kommuntal.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace Kommuntal.Functions.Tests;

/// <summary>
/// The adversarial corpus (<see cref="AdversarialCorpus"/>) uploaded to the HTTP functions (real
/// request bodies, Azurite): every file is 400 with its named problem and nothing is stored. And an
/// .ods saved by LibreOffice imports through HTTP and the inbox like the .xlsx.
/// </summary>
public class AdversarialUploadTests
{
    public static TheoryData<string> Files => new(AdversarialCorpus.All.Select(c => c.File));

    private static HttpRequest Post(string path, byte[] body, string fileName)
    {
        var request = QuotaFunctionsTests.Post(body, fileName);
        request.Path = path;
        return request;
    }

    internal static Task<IActionResult> UploadAsync(TestHost host, string kind, byte[] content, string fileName)
    {
        var fn = ActivatorUtilities.CreateInstance<UploadFunctions>(host.Services);
        return kind switch
        {
            "quota" => host.CallAsync(Post("/api/quotas/2022", content, fileName), q => fn.UploadQuota(q, 2022, default)),
            "indicators" => host.CallAsync(Post("/api/indicators/2022", content, fileName), q => fn.UploadIndicators(q, 2022, default)),
            "wishes" => host.CallAsync(Post("/api/wishes/2022/18", content, fileName), q => fn.UploadWishes(q, 2022, "18", default)),
            _ => throw new ArgumentException(kind),
        };
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task A_corpus_file_uploaded_over_HTTP_is_400_with_its_problem_and_nothing_is_stored(string name)
    {
        var c = AdversarialCorpus.All.Single(x => x.File == name);
        await using var host = FunctionsHost.Create();
        var (status, type, json) = QuotaFunctionsTests.Read(await UploadAsync(host, c.Kind, AdversarialCorpus.Load(c).Content, name));
        Assert.Equal((400, "application/problem+json"), (status, type));
        var errors = json.GetProperty("errors").EnumerateArray().ToList();
        Assert.Contains(errors, e => e.GetProperty("code").GetString() == c.Code && e.GetProperty("file").GetString() == name);
        Assert.InRange(errors.Count, 1, 201);
        Assert.All(errors, e => Assert.True(e.GetProperty("message").GetString()!.Length <= 500));
        Assert.Equal(0, await StoredData.InputRowCountAsync(host));
    }

    [Fact]
    public async Task An_ods_saved_by_LibreOffice_imports_over_HTTP_like_the_workbook()
    {
        await using var host = FunctionsHost.Create();
        var ods = Samples.File("tests", "data", "quotas", "good", "lanstal-2022.ods");
        var (status, _, json) = QuotaFunctionsTests.Read(await UploadAsync(host, "quota", ods.Content, ods.Name));
        Assert.True(status == 201, json.ToString());
        Assert.Equal(7500, json.GetProperty("total").GetInt32());
        var stored = await host.Get<IQuotaStore>().GetCurrentAsync(2022, default);
        Assert.Equal("lanstal-2022.ods", stored!.Source.FileName);
        Assert.Equal(IngestionSamples.Expected2022, stored.Quota.Counties.Select(x => (x.CountyCode, x.Lanstal)).ToList());
    }

    [Fact]
    public async Task Wishes_and_indicators_saved_by_LibreOffice_import_from_the_inbox()
    {
        await using var host = FunctionsHost.Create();
        var clients = host.Get<Infrastructure.Storage.StorageClients>();
        var indicators = Samples.File("tests", "data", "indicators", "good", "indicators-2022.ods");
        var wishes = Samples.File("tests", "data", "wishes", "good", "wishes-2022-18.ods");
        await clients.Inbox.GetBlobClient("indicators/2022/" + indicators.Name).UploadAsync(new BinaryData(indicators.Content));
        await clients.Inbox.GetBlobClient("wishes/2022/18/" + wishes.Name).UploadAsync(new BinaryData(wishes.Content));
        await ActivatorUtilities.CreateInstance<InboxFunction>(host.Services).Run(new Microsoft.Azure.Functions.Worker.TimerInfo(), default);
        var stored = await host.Get<IInputStore>().GetIndicatorsAsync(2022, default);
        Assert.Equal((290, "ods"), (stored!.Indicators.Rows.Count, stored.Source.Format));
        Assert.Equal(3, (await host.Get<ICountyYearStore>().LoadAsync(2022, "18", default)).State.Wishes.Count);
    }
}
