using System.Text;
using System.Text.Json;
using Kommuntal.Application.Ports;
using Kommuntal.Application.Services;
using Kommuntal.Core.Unaccompanied;
using Kommuntal.Infrastructure.Storage;
using Kommuntal.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Kommuntal.Functions.Tests;

/// <summary>The shares (andelstal) and share requests through HTTP and the inbox, against Azurite (test variants in tests/data/andelstal).</summary>
public class AndelstalUploadTests
{
    private static InputFileData Data(string name) => new(name, Samples.File("tests", "data", "andelstal", name).Content);

    private sealed record InputFileData(string Name, byte[] Content);

    private static HttpRequest Post(string path, InputFileData file)
    {
        var request = QuotaFunctionsTests.Post(file.Content, file.Name);
        request.Path = path;
        request.ContentLength = file.Content.Length;
        return request;
    }

    [Fact]
    public async Task Shares_over_HTTP_are_201_then_200_for_the_same_bytes_and_a_county_file_replaces_only_its_county()
    {
        await using var host = FunctionsHost.Create();
        var fn = ActivatorUtilities.CreateInstance<ShareUploadFunctions>(host.Services);
        var country = Data("andelstal-2022.csv");
        var (status, _, json) = QuotaFunctionsTests.Read(await host.CallAsync(Post("/api/andelstal/2022", country), q => fn.UploadShares(q, 2022, default)));
        Assert.True(status == 201, json.ToString());
        Assert.Equal((1, 21, 290), (json.GetProperty("version").GetInt32(), json.GetProperty("counties").GetArrayLength(), json.GetProperty("shares").GetArrayLength()));
        var orebro = json.GetProperty("shares").EnumerateArray().Single(s => s.GetProperty("municipality").GetString() == "1880");
        Assert.Equal(("Örebro", 15.019m), (orebro.GetProperty("name").GetString(), orebro.GetProperty("andelstal").GetDecimal()));
        Assert.Equal(1000m, json.GetProperty("shares").EnumerateArray().Sum(s => s.GetProperty("andelstal").GetDecimal()));

        (status, _, json) = QuotaFunctionsTests.Read(await host.CallAsync(Post("/api/andelstal/2022", country), q => fn.UploadShares(q, 2022, default)));
        Assert.Equal((200, 1), (status, json.GetProperty("version").GetInt32()));

        // One county in Excel's dialect: a new version with that county replaced (the same figures here) and every other county kept.
        (status, _, json) = QuotaFunctionsTests.Read(await host.CallAsync(Post("/api/andelstal/2022", Data("andelstal-2022-18-excel.csv")), q => fn.UploadShares(q, 2022, default)));
        Assert.Equal((201, 2), (status, json.GetProperty("version").GetInt32()));
        Assert.Equal(["18"], json.GetProperty("counties").EnumerateArray().Select(c => c.GetString()));
        var stored = await host.Get<IShareStore>().GetSharesAsync(2022, default);
        Assert.Equal((2, 290, 1_000_000L), (stored!.Version, stored.Shares.Count, stored.Shares.Sum(s => s.Share.Thousandths)));
    }

    [Fact]
    public async Task A_bad_shares_file_is_400_naming_file_line_and_field_and_stores_nothing()
    {
        await using var host = FunctionsHost.Create();
        var fn = ActivatorUtilities.CreateInstance<ShareUploadFunctions>(host.Services);
        var bad = new InputFileData("andelstal.csv", Encoding.UTF8.GetBytes("# test file\nmunicipality_code,andelstal\n1880,15.0191\n1861,1.55\n"));
        var (status, _, json) = QuotaFunctionsTests.Read(await host.CallAsync(Post("/api/andelstal/2022", bad), q => fn.UploadShares(q, 2022, default)));
        Assert.Equal(400, status);
        var error = Assert.Single(json.GetProperty("errors").EnumerateArray());
        Assert.Equal(("andelstal.csv", 3, "andelstal", "not-a-per-mille"), (error.GetProperty("file").GetString(), error.GetProperty("line").GetInt32(),
            error.GetProperty("field").GetString(), error.GetProperty("code").GetString()));
        Assert.Null(await host.Get<IShareStore>().GetSharesAsync(2022, default));
    }

    [Fact]
    public async Task Requests_over_HTTP_answer_the_shares_before_and_after_and_a_transfer_over_the_share_is_refused_on_its_line()
    {
        await using var host = FunctionsHost.Create();
        var fn = ActivatorUtilities.CreateInstance<ShareUploadFunctions>(host.Services);
        var partial = Data("requests-2022-18-partial.csv");
        // Before any shares are on record a transfer cannot be checked: 422, nothing stored.
        var (status, _, json) = QuotaFunctionsTests.Read(await host.CallAsync(Post("/api/andelstal-requests/2022/18", partial), q => fn.UploadShareRequests(q, 2022, "18", default)));
        Assert.Equal(422, status);
        Assert.Null(await host.Get<IShareStore>().GetRequestsAsync(2022, "18", default));

        await host.Get<ShareImportService>().ImportSharesAsync(Samples.File("tests", "data", "andelstal", "andelstal-2022.csv"), 2022, "test", default);
        (status, _, json) = QuotaFunctionsTests.Read(await host.CallAsync(Post("/api/andelstal-requests/2022/18", partial), q => fn.UploadShareRequests(q, 2022, "18", default)));
        Assert.True(status == 201, json.ToString());
        var requests = json.GetProperty("requests").EnumerateArray().ToList();
        Assert.Equal([("transfer", true), ("lower", false)], requests.Select(r => (r.GetProperty("request").GetString(), r.GetProperty("applied").GetBoolean())));
        var rows = json.GetProperty("shares").EnumerateArray().ToDictionary(r => r.GetProperty("municipality").GetString()!, r => (r.GetProperty("before").GetDecimal(), r.GetProperty("after").GetDecimal()));
        Assert.Equal((1.55m, 1.05m), rows["1861"]);
        Assert.Equal((15.019m, 15.519m), rows["1880"]);
        Assert.Equal(rows.Values.Sum(r => r.Item1), rows.Values.Sum(r => r.Item2));

        var tooMuch = new InputFileData("begaran.csv", Encoding.UTF8.GetBytes("# test file\nmunicipality_code,request,per_mille,counterpart_code,reason\n1864,transfer,0.5,1885,Testvariant\n"));
        (status, _, json) = QuotaFunctionsTests.Read(await host.CallAsync(Post("/api/andelstal-requests/2022/18", tooMuch), q => fn.UploadShareRequests(q, 2022, "18", default)));
        Assert.Equal(400, status);
        var error = Assert.Single(json.GetProperty("errors").EnumerateArray());
        Assert.Equal(("begaran.csv", 3, "per_mille", "exceeds-share"), (error.GetProperty("file").GetString(), error.GetProperty("line").GetInt32(),
            error.GetProperty("field").GetString(), error.GetProperty("code").GetString()));
        Assert.Equal(1, (await host.Get<IShareStore>().GetRequestsAsync(2022, "18", default))!.Version);
    }

    [Fact]
    public async Task Shares_and_requests_are_imported_from_their_inbox_folders()
    {
        await using var host = FunctionsHost.Create();
        var clients = host.Get<StorageClients>();
        var shares = Data("andelstal-2022.csv");
        var requests = Data("requests-2022-18-whole.csv");
        await clients.Inbox.GetBlobClient("andelstal/2022/" + shares.Name).UploadAsync(new BinaryData(shares.Content), overwrite: true);
        var report = await host.Get<InboxService>().RunAsync("inbox", default);
        Assert.Equal(1, report.Count(InboxFileStatus.Accepted));
        await clients.Inbox.GetBlobClient("andelstal-requests/2022/18/" + requests.Name).UploadAsync(new BinaryData(requests.Content), overwrite: true);
        report = await host.Get<InboxService>().RunAsync("inbox", default);
        Assert.Equal(1, report.Count(InboxFileStatus.Accepted));

        var stored = await host.Get<IShareStore>().GetRequestsAsync(2022, "18", default);
        var transfer = Assert.Single(stored!.Requests);
        Assert.Equal(("1864", ShareRequestKind.Transfer, new PerMille(440), "1885"), (transfer.MunicipalityCode, transfer.Kind, transfer.Amount!.Value, transfer.CounterpartCode));
        var county = await host.Get<ShareImportService>().CountySharesAsync(2022, "18", default);
        Assert.Equal(PerMille.Zero, county!.Row("1864")!.After);
        Assert.Equal(county.TotalBefore, county.TotalAfter);
        var sidecar = await clients.Inbox.GetBlobClient("processed/andelstal-requests/2022/18/requests-2022-18-whole.csv.result.json").DownloadContentAsync();
        using var doc = JsonDocument.Parse(sidecar.Value.Content.ToString());
        Assert.Equal(1, doc.RootElement.GetProperty("result").GetProperty("transfers").GetInt32());
    }
}
