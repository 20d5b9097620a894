using System.Text;
using System.Text.Json;
using Kommuntal.Application.Ports;
using Kommuntal.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Kommuntal.Functions.Tests;

/// <summary>The ingestion routes called with real HttpRequest bodies, against Azurite.</summary>
public class IngestionFunctionsTests
{
    private static HttpRequest Post(string path, byte[] body, string fileName, long? contentLength = -1)
    {
        var request = QuotaFunctionsTests.Post(body, fileName);
        request.Path = path;
        request.ContentLength = contentLength == -1 ? body.Length : contentLength;
        return request;
    }

    private static IReadOnlyList<(string Code, int Lanstal)> Counties(JsonElement json) =>
        json.GetProperty("counties").EnumerateArray().Select(c => (c.GetProperty("code").GetString()!, c.GetProperty("lanstal").GetInt32())).ToList();

    [Fact]
    public async Task All_four_formats_of_the_2022_quota_import_identically_over_HTTP()
    {
        await using var host = FunctionsHost.Create();
        var fn = ActivatorUtilities.CreateInstance<UploadFunctions>(host.Services);
        var expectedVersion = 1;
        foreach (var file in IngestionSamples.Quota2022FourFormats)
        {
            var (status, _, json) = QuotaFunctionsTests.Read(await host.CallAsync(Post("/api/quotas/2022", file.Content, file.Name), q => fn.UploadQuota(q, 2022, default)));
            Assert.True(status == 201, $"{file.Name}: {status} {json}");
            Assert.Equal(expectedVersion++, json.GetProperty("version").GetInt32());
            Assert.Equal(IngestionSamples.Expected2022, Counties(json));
            Assert.Equal(7500, json.GetProperty("total").GetInt32());
            Assert.Equal(file.Name, json.GetProperty("sourceFileName").GetString());
            Assert.Empty(json.GetProperty("changedCounties").EnumerateArray()); // other bytes, the same numbers
        }
        var versions = await host.Get<IQuotaStore>().ListAsync(2022, default);
        Assert.Equal(4, versions.Count);
        Assert.All(versions, v => Assert.Equal(IngestionSamples.Expected2022, v.Quota.Counties.Select(c => (c.CountyCode, c.Lanstal)).ToList()));
    }

    [Fact]
    public async Task A_workbook_uploaded_twice_is_201_then_200_with_the_same_version()
    {
        await using var host = FunctionsHost.Create();
        var fn = ActivatorUtilities.CreateInstance<UploadFunctions>(host.Services);
        var xlsx = Samples.File("tests", "data", "quotas", "good", "lanstal-2022.xlsx");
        var (first, _, _) = QuotaFunctionsTests.Read(await host.CallAsync(Post("/api/quotas/2022", xlsx.Content, xlsx.Name), q => fn.UploadQuota(q, 2022, default)));
        var (second, _, json) = QuotaFunctionsTests.Read(await host.CallAsync(Post("/api/quotas/2022", xlsx.Content, xlsx.Name), q => fn.UploadQuota(q, 2022, default)));
        Assert.Equal((201, 200), (first, second));
        Assert.Equal(1, json.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task A_file_that_states_another_year_than_the_route_is_400_and_stores_nothing()
    {
        await using var host = FunctionsHost.Create();
        var fn = ActivatorUtilities.CreateInstance<UploadFunctions>(host.Services);
        var annex = Samples.File("samples", "2022", "lanstal-2022-sfs-bilaga.txt");
        var (status, type, json) = QuotaFunctionsTests.Read(await host.CallAsync(Post("/api/quotas/2023", annex.Content, annex.Name), q => fn.UploadQuota(q, 2023, default)));
        Assert.Equal((400, "application/problem+json"), (status, type));
        var error = json.GetProperty("errors").EnumerateArray().Single();
        Assert.Equal(("year-conflict", 2, "year"), (error.GetProperty("code").GetString(), error.GetProperty("line").GetInt32(), error.GetProperty("field").GetString()));
        Assert.Contains("2022", error.GetProperty("messageSv").GetString());
        Assert.Null(await host.Get<IQuotaStore>().GetCurrentAsync(2023, default));
        Assert.Null(await host.Get<IQuotaStore>().GetCurrentAsync(2022, default));
    }

    [Fact]
    public async Task The_configured_size_limit_is_checked_from_Content_Length_and_while_reading()
    {
        await using var host = FunctionsHost.Create(settings: new Dictionary<string, string?> { ["Kommuntal:Ingestion:MaxFileBytes"] = "500" });
        var fn = ActivatorUtilities.CreateInstance<UploadFunctions>(host.Services);
        var csv = Samples.Quota2022Csv;
        Assert.True(csv.Content.Length > 500);

        var declared = Post("/api/quotas/2022", csv.Content, csv.Name);
        var (status, _, json) = QuotaFunctionsTests.Read(await host.CallAsync(declared, q => fn.UploadQuota(q, 2022, default)));
        Assert.Equal(413, status); // Content Too Large, the problem naming the file
        Assert.Equal("file-too-large", json.GetProperty("errors")[0].GetProperty("code").GetString());
        Assert.Equal(0, declared.Body.Position); // refused from Content-Length, not read

        var chunked = Post("/api/quotas/2022", csv.Content, csv.Name, contentLength: null); // no Content-Length (chunked upload)
        (status, _, json) = QuotaFunctionsTests.Read(await host.CallAsync(chunked, q => fn.UploadQuota(q, 2022, default)));
        Assert.Equal(413, status); // Content Too Large, the problem naming the file
        Assert.Equal("file-too-large", json.GetProperty("errors")[0].GetProperty("code").GetString());
        Assert.True(chunked.Body.Position <= 500 + 81920); // stopped once over the limit
        Assert.Null(await host.Get<IQuotaStore>().GetCurrentAsync(2022, default));
    }

    [Fact]
    public async Task Indicators_are_201_then_200_and_a_bad_workbook_is_400_naming_the_cell()
    {
        await using var host = FunctionsHost.Create();
        var fn = ActivatorUtilities.CreateInstance<UploadFunctions>(host.Services);
        var xlsx = Samples.File("tests", "data", "indicators", "good", "indicators-2022.xlsx");

        var (status, _, json) = QuotaFunctionsTests.Read(await host.CallAsync(Post("/api/indicators/2022", xlsx.Content, xlsx.Name), q => fn.UploadIndicators(q, 2022, default)));
        Assert.Equal(201, status);
        Assert.Equal((2022, 1, 290, "xlsx"), (json.GetProperty("year").GetInt32(), json.GetProperty("version").GetInt32(),
            json.GetProperty("municipalities").GetInt32(), json.GetProperty("format").GetString()));
        Assert.Equal(["population", "reception"], json.GetProperty("columns").EnumerateArray().Select(c => c.GetString()));

        (status, _, json) = QuotaFunctionsTests.Read(await host.CallAsync(Post("/api/indicators/2022", xlsx.Content, xlsx.Name), q => fn.UploadIndicators(q, 2022, default)));
        Assert.Equal((200, false), (status, json.GetProperty("created").GetBoolean()));

        var bad = Samples.File("tests", "data", "indicators", "bad", "formula-cell.xlsx");
        (status, _, json) = QuotaFunctionsTests.Read(await host.CallAsync(Post("/api/indicators/2022", bad.Content, bad.Name), q => fn.UploadIndicators(q, 2022, default)));
        Assert.Equal(400, status);
        var error = json.GetProperty("errors").EnumerateArray().Single();
        Assert.Equal(("formula-cell", "C208", "population"), (error.GetProperty("code").GetString(), error.GetProperty("cell").GetString(), error.GetProperty("field").GetString()));
        Assert.Single(await host.Get<IInputStore>().ListIndicatorsAsync(2022, default));
    }

    [Fact]
    public async Task Wishes_are_201_then_200_recorded_on_the_county_year_and_a_conflicting_county_is_400()
    {
        await using var host = FunctionsHost.Create();
        var fn = ActivatorUtilities.CreateInstance<UploadFunctions>(host.Services);
        var json1252 = Samples.File("tests", "data", "wishes", "good", "wishes-2022-18-excel-1252.csv");

        var (status, _, json) = QuotaFunctionsTests.Read(await host.CallAsync(Post("/api/wishes/2022/18", json1252.Content, json1252.Name), q => fn.UploadWishes(q, 2022, "18", default)));
        Assert.Equal(201, status);
        Assert.True(json.GetProperty("recordedNow").GetBoolean());
        var wishes = json.GetProperty("wishes").EnumerateArray().ToList();
        Assert.Equal(["Örebro", "Laxå", "Degerfors"], wishes.Select(w => w.GetProperty("name").GetString()));
        Assert.Equal(["agreement", "volunteer", "housing"], wishes.Select(w => w.GetProperty("kind").GetString()));
        Assert.Equal(3, (await host.Get<ICountyYearStore>().LoadAsync(2022, "18", default)).State.Wishes.Count);

        (status, _, _) = QuotaFunctionsTests.Read(await host.CallAsync(Post("/api/wishes/2022/18", json1252.Content, json1252.Name), q => fn.UploadWishes(q, 2022, "18", default)));
        Assert.Equal(200, status);

        var conflict = Samples.File("tests", "data", "wishes", "bad", "county-conflict.json");
        (status, _, json) = QuotaFunctionsTests.Read(await host.CallAsync(Post("/api/wishes/2022/18", conflict.Content, conflict.Name), q => fn.UploadWishes(q, 2022, "18", default)));
        Assert.Equal(400, status);
        Assert.Contains(json.GetProperty("errors").EnumerateArray(), e => e.GetProperty("code").GetString() == "county-conflict" && e.GetProperty("line").GetInt32() == 4);
        Assert.Single(await host.Get<IInputStore>().ListWishesAsync(2022, "18", default));
    }

    [Fact]
    public async Task Wishes_for_an_unknown_county_are_404_like_every_county_route()
    {
        await using var host = FunctionsHost.Create();
        var fn = ActivatorUtilities.CreateInstance<UploadFunctions>(host.Services);
        var body = Encoding.UTF8.GetBytes("municipality_code,kind,number,reason\n");
        var (status, _, json) = QuotaFunctionsTests.Read(await host.CallAsync(Post("/api/wishes/2022/99", body, "w.csv"), q => fn.UploadWishes(q, 2022, "99", default)));
        Assert.Equal(404, status);
        Assert.Contains("'99'", json.GetProperty("detail").GetString());
        Assert.Empty(await host.Get<IInputStore>().ListWishesAsync(2022, "99", default));
    }
}
