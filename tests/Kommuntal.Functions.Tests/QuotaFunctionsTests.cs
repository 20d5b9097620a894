using System.Text;
using System.Text.Json;
using Kommuntal.Application.Ports;
using Kommuntal.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace Kommuntal.Functions.Tests;

public class QuotaFunctionsTests
{
    internal static HttpRequest Post(byte[] body, string? fileName = null)
    {
        var ctx = new DefaultHttpContext();
        ctx.Request.Method = "POST";
        ctx.Request.Body = new MemoryStream(body);
        ctx.Request.ContentLength = body.Length;
        ctx.Request.Path = "/api/quotas/2022";
        if (fileName is not null) ctx.Request.Headers["X-File-Name"] = fileName;
        ctx.Request.Headers["X-Kommuntal-Dev-Roles"] = "Coordinator.All";
        return ctx.Request;
    }

    internal static (int Status, string ContentType, JsonElement Body) Read(IActionResult result)
    {
        var c = Assert.IsType<ContentResult>(result);
        return (c.StatusCode!.Value, c.ContentType!, JsonDocument.Parse(c.Content!).RootElement.Clone());
    }

    [Fact]
    public async Task Uploading_the_2022_quota_returns_201_then_200_for_the_same_content()
    {
        await using var host = FunctionsHost.Create();
        var fn = ActivatorUtilities.CreateInstance<UploadFunctions>(host.Services);
        var body = Samples.Quota2022Csv.Content;

        var (status, type, json) = Read(await host.CallAsync(Post(body, "lanstal-2022.csv"), q => fn.UploadQuota(q, 2022, default)));
        Assert.Equal(201, status);
        Assert.StartsWith("application/json", type);
        Assert.Equal(1, json.GetProperty("version").GetInt32());
        Assert.Equal(7500, json.GetProperty("total").GetInt32());
        Assert.Equal(21, json.GetProperty("counties").GetArrayLength());

        var (status2, _, json2) = Read(await host.CallAsync(Post(body, "lanstal-2022.csv"), q => fn.UploadQuota(q, 2022, default)));
        Assert.Equal(200, status2);
        Assert.False(json2.GetProperty("created").GetBoolean());
        Assert.Single(await host.Get<IQuotaStore>().ListAsync(2022, default));
    }

    [Fact]
    public async Task A_bad_file_gets_400_problem_details_listing_every_problem_and_stores_nothing()
    {
        await using var host = FunctionsHost.Create();
        var fn = ActivatorUtilities.CreateInstance<UploadFunctions>(host.Services);
        var bad = Samples.File("tests", "data", "quotas", "bad", "duplicate-county.csv");

        var (status, type, json) = Read(await host.CallAsync(Post(bad.Content, bad.Name), q => fn.UploadQuota(q, 2022, default)));
        Assert.Equal(400, status);
        Assert.Equal("application/problem+json", type);
        Assert.Equal(400, json.GetProperty("status").GetInt32());
        var errors = json.GetProperty("errors").EnumerateArray().ToList();
        Assert.Contains(errors, e => e.GetProperty("code").GetString() == "duplicate-county" && e.GetProperty("line").GetInt32() == 17
                                     && e.GetProperty("file").GetString() == "duplicate-county.csv");
        Assert.Contains(errors, e => e.GetProperty("code").GetString() == "missing-county");
        Assert.Null(await host.Get<IQuotaStore>().GetCurrentAsync(2022, default));
    }

    [Fact]
    public async Task An_oversized_upload_is_refused_from_its_Content_Length_before_reading()
    {
        await using var host = FunctionsHost.Create();
        var fn = ActivatorUtilities.CreateInstance<UploadFunctions>(host.Services);
        var request = Post(Encoding.UTF8.GetBytes("x"));
        request.ContentLength = 2 * 1024 * 1024;
        var (status, _, json) = Read(await host.CallAsync(request, q => fn.UploadQuota(q, 2022, default)));
        Assert.Equal(413, status);
        Assert.Equal("file-too-large", json.GetProperty("errors")[0].GetProperty("code").GetString());
        Assert.Equal(0, request.Body.Position); // not read
    }
}
