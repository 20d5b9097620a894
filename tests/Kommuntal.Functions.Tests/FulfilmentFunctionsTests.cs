using System.Text.Json;
using Kommuntal.Application.Ports;
using Kommuntal.Infrastructure.Storage;
using Kommuntal.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace Kommuntal.Functions.Tests;

/// <summary>The statistics upload, the report over HTTP and the inbox door (issue 19), against Azurite.</summary>
public class FulfilmentFunctionsTests
{
    private static HttpRequest Post(string path, byte[] body, string fileName, string? query = null)
    {
        var request = QuotaFunctionsTests.Post(body, fileName);
        request.Path = path;
        if (query is not null) request.QueryString = new QueryString(query);
        return request;
    }

    [Fact]
    public async Task Upload_is_201_then_200_a_bad_file_400_and_the_report_has_the_issue_s_JSON_shape()
    {
        await using var host = FunctionsHost.Create();
        var fn = ActivatorUtilities.CreateInstance<FulfilmentFunctions>(host.Services);
        var csv = FulfilmentSamples.WholeYearCsv;
        var (status, _, json) = QuotaFunctionsTests.Read(await host.CallAsync(Post("/api/fulfilment/2022", csv.Content, csv.Name), q => fn.Upload(q, 2022, default)));
        Assert.Equal(201, status);
        Assert.Equal((1, 11, 201, 177), (json.GetProperty("version").GetInt32(), json.GetProperty("municipalities").GetInt32(), json.GetProperty("kommuntal").GetInt32(), json.GetProperty("received").GetInt32()));
        (status, _, json) = QuotaFunctionsTests.Read(await host.CallAsync(Post("/api/fulfilment/2022", csv.Content, csv.Name), q => fn.Upload(q, 2022, default)));
        Assert.Equal((200, false), (status, json.GetProperty("created").GetBoolean()));

        var june = FulfilmentSamples.JuneCp1252Csv;
        (status, _, json) = QuotaFunctionsTests.Read(await host.CallAsync(Post("/api/fulfilment/2022", june.Content, june.Name, "?period=2022-05"), q => fn.Upload(q, 2022, default)));
        Assert.Equal(400, status);
        Assert.Contains(json.GetProperty("errors").EnumerateArray(), e => e.GetProperty("code").GetString() == "period-conflict" && e.GetProperty("line").GetInt32() == 3);

        var get = Http.Request("GET", "/api/fulfilment/2022");
        get.QueryString = new QueryString("?county=18");
        var report = Http.Read(get, await host.CallAsync(get, q => fn.Report(q, 2022, default))).Body;
        Assert.Equal(["year", "kommuntal", "received", "counties", "municipalities"], report.EnumerateObject().Select(p => p.Name));
        Assert.Equal((2022, 201, 177), (report.GetProperty("year").GetInt32(), report.GetProperty("kommuntal").GetInt32(), report.GetProperty("received").GetInt32()));
        var county = report.GetProperty("counties").EnumerateArray().Single();
        Assert.Equal(["code", "kommuntal", "received"], county.EnumerateObject().Select(p => p.Name));
        Assert.Equal(("18", 201, 177), (county.GetProperty("code").GetString(), county.GetProperty("kommuntal").GetInt32(), county.GetProperty("received").GetInt32()));
        var municipalities = report.GetProperty("municipalities").EnumerateArray().ToList();
        Assert.Equal(12, municipalities.Count);
        Assert.Equal(["code", "kommuntal", "received", "source"], municipalities[0].EnumerateObject().Select(p => p.Name));
        Assert.All(municipalities, m => Assert.Equal("file", m.GetProperty("source").GetString()));
        Assert.Equal(177, municipalities.Sum(m => m.GetProperty("received").GetInt32()));
    }

    [Fact]
    public async Task A_file_in_the_inbox_s_fulfilment_folder_is_imported_with_the_period_of_its_folder()
    {
        await using var host = FunctionsHost.Create();
        var clients = host.Get<StorageClients>();
        var june = FulfilmentSamples.JuneCp1252Csv;
        await clients.Inbox.GetBlobClient("fulfilment/2022/2022-06/" + june.Name).UploadAsync(new BinaryData(june.Content), overwrite: true);
        await clients.Inbox.GetBlobClient("fulfilment/2022/2022-05/" + june.Name).UploadAsync(new BinaryData(june.Content), overwrite: true);
        await ActivatorUtilities.CreateInstance<InboxFunction>(host.Services).Run(new TimerInfo(), default);

        var current = await host.Get<IFulfilmentStore>().ListCurrentAsync(2022, default);
        var v = Assert.Single(current);
        Assert.Equal(("2022-06", 83), (v.Period, v.Rows.Sum(r => r.Received)));
        var names = new List<string>();
        await foreach (var b in clients.Inbox.GetBlobsAsync()) names.Add(b.Name);
        Assert.Contains("processed/fulfilment/2022/2022-06/" + june.Name, names);
        Assert.Contains("rejected/fulfilment/2022/2022-05/" + june.Name, names);
        var errors = JsonDocument.Parse((await clients.Inbox.GetBlobClient("rejected/fulfilment/2022/2022-05/" + june.Name + ".errors.json").DownloadContentAsync()).Value.Content.ToString()).RootElement;
        Assert.Contains(errors.GetProperty("errors").EnumerateArray(), e => e.GetProperty("code").GetString() == "period-conflict");
    }
}
