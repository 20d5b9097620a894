using System.Net;
using System.Text;
using System.Text.Json;
using Kommuntal.Application.Ports;
using static Kommuntal.Tools.Serve.Tests.Api.CoordinatorYearSocketTests;

namespace Kommuntal.Tools.Serve.Tests.Api;

/// <summary>
/// Every refusal a client can meet, over a socket: 401, 403 (another county), 404, 409, 412, 413,
/// 415 and 428, each as RFC 9457 problem details (<c>application/problem+json</c>, its status, a
/// <c>type</c> naming the problem, the request path as <c>instance</c>), and each checked against
/// openapi.json by the client's handler. Nothing refused is stored.
/// </summary>
public class RefusalSocketTests
{
    private const string County = "api/countyyears/2022/18";

    private static async Task<JsonElement> Problem(HttpStatusCode status, string type, HttpResponseMessage response, string? path = null)
    {
        var body = await Expect(status, response);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal((int)status, body.GetProperty("status").GetInt32());
        Assert.Equal($"https://kommuntal.example/problems/{type}", body.GetProperty("type").GetString());
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("detail").GetString()));
        Assert.Equal(path ?? response.RequestMessage!.RequestUri!.AbsolutePath, body.GetProperty("instance").GetString());
        return body;
    }

    [Fact]
    public async Task Identity_401_and_another_county_403()
    {
        await using var app = await ServedApp.StartAsync(); // no --as: a request without identity is anonymous

        await Problem(HttpStatusCode.Unauthorized, "unauthenticated", await app.KeyedClient.GetAsync(County));

        var other = new HttpRequestMessage(HttpMethod.Get, "api/countyyears/2022/19");
        other.Headers.Add("X-Kommuntal-Dev-Roles", "Coordinator.18");
        var refused = await Problem(HttpStatusCode.Forbidden, "forbidden", await app.KeyedClient.SendAsync(other));
        Assert.Contains("19", refused.GetProperty("detail").GetString());

        // A county coordinator cannot upload national data.
        var quota = Upload("api/quotas/2022", "text/csv", "samples", "2022", "lanstal-2022.csv");
        quota.Headers.Add("X-Kommuntal-Dev-Roles", "Coordinator.18");
        await Problem(HttpStatusCode.Forbidden, "forbidden", await app.KeyedClient.SendAsync(quota));
        Assert.Null(await app.Get<IQuotaStore>().GetCurrentAsync(2022, default));
    }

    [Fact]
    public async Task Not_found_404_conflicts_409_stale_412_and_missing_If_Match_428()
    {
        await using var app = await ServedApp.StartAsync(asRoles: ["Coordinator.All"]);
        var api = app.KeyedClient;
        await Expect(HttpStatusCode.Created, await api.SendAsync(Upload("api/quotas/2022", "text/csv", "samples", "2022", "lanstal-2022.csv")));
        await Expect(HttpStatusCode.Created, await api.SendAsync(Upload("api/indicators/2022", "text/csv", "tests", "data", "indicators", "good", "indicators-2022.csv")));

        // 404: an unknown county, a draft that does not exist, a decision never published.
        await Problem(HttpStatusCode.NotFound, "not-found", await api.GetAsync("api/countyyears/2022/99"));
        await Problem(HttpStatusCode.NotFound, "not-found", await api.GetAsync(County + "/drafts/7"));
        await Problem(HttpStatusCode.NotFound, "not-found", await app.Client.GetAsync("api/public/decisions/2022/18/current"));

        // 409: publishing with nothing decided; deciding a what-if.
        var whatIf = await api.SendAsync(JsonRequest(HttpMethod.Post, County + "/drafts", new { purpose = "what-if" }));
        var number = (await Expect(HttpStatusCode.Created, whatIf)).GetProperty("number").GetInt32();
        var etag = whatIf.Headers.ETag!.ToString();
        await Problem(HttpStatusCode.Conflict, "invalid-transition", await api.SendAsync(JsonRequest(HttpMethod.Post, County + "/publication", null, etag)));
        await Problem(HttpStatusCode.Conflict, "not-a-proposal", await api.SendAsync(JsonRequest(HttpMethod.Post, County + "/decisions", DecideBody(number), etag)));

        // 412: an ETag someone else's change made stale.
        var proposal = await api.SendAsync(JsonRequest(HttpMethod.Post, County + "/drafts", new { purpose = "proposal" }));
        await Expect(HttpStatusCode.Created, proposal);
        await Problem(HttpStatusCode.PreconditionFailed, "concurrency-conflict", await api.SendAsync(JsonRequest(HttpMethod.Post, County + "/decisions", DecideBody(), etag)));

        // 428: deciding and publishing without If-Match, or with '*'.
        await Problem((HttpStatusCode)428, "precondition-required", await api.SendAsync(JsonRequest(HttpMethod.Post, County + "/decisions", DecideBody())));
        await Problem((HttpStatusCode)428, "precondition-required", await api.SendAsync(JsonRequest(HttpMethod.Post, County + "/publication", null, "*")));

        var state = await Expect(HttpStatusCode.OK, await api.GetAsync(County));
        Assert.Empty(state.GetProperty("decisions").EnumerateArray()); // nothing refused was stored
    }

    [Fact]
    public async Task Too_large_413_and_unsupported_media_type_415_name_the_file_and_store_nothing()
    {
        await using var app = await ServedApp.StartAsync(asRoles: ["Coordinator.All"], settings: new Dictionary<string, string?> { ["Kommuntal:Ingestion:MaxFileBytes"] = "500" });
        var api = app.KeyedClient;

        // 413 from Content-Length, before reading, for a file over the configured limit.
        var big = await Problem(HttpStatusCode.RequestEntityTooLarge, "file-too-large", await api.SendAsync(Upload("api/quotas/2022", "text/csv", "samples", "2022", "lanstal-2022.csv")));
        var error = Assert.Single(big.GetProperty("errors").EnumerateArray());
        Assert.Equal(("lanstal-2022.csv", "file-too-large"), (error.GetProperty("file").GetString(), error.GetProperty("code").GetString()));
        Assert.Contains("500", error.GetProperty("messageSv").GetString());

        // ... and while reading, when the client sends no Content-Length (chunked).
        var chunked = new HttpRequestMessage(HttpMethod.Post, "api/indicators/2022") { Content = new StreamContent(new MemoryStream(new byte[4000])) };
        chunked.Headers.TransferEncodingChunked = true;
        await Problem(HttpStatusCode.RequestEntityTooLarge, "file-too-large", await api.SendAsync(chunked));

        // A JSON body over 256 KiB.
        var wishes = new StringContent("[" + new string(' ', 300 * 1024) + "]", Encoding.UTF8, "application/json");
        await Problem(HttpStatusCode.RequestEntityTooLarge, "file-too-large", await api.SendAsync(new HttpRequestMessage(HttpMethod.Put, County + "/wishes") { Content = wishes }));

        // 415: a file sent as a multipart form (curl -F) rather than as the body.
        var form = new MultipartFormDataContent { { new ByteArrayContent("x"u8.ToArray()), "file", "lanstal-2022.csv" } };
        var multipart = await Problem(HttpStatusCode.UnsupportedMediaType, "unsupported-media-type", await api.SendAsync(new HttpRequestMessage(HttpMethod.Post, "api/quotas/2022") { Content = form }));
        Assert.Equal("Content-Type", Assert.Single(multipart.GetProperty("errors").EnumerateArray()).GetProperty("field").GetString());

        // 415: a JSON endpoint sent something else.
        var xml = new StringContent("<draft/>", Encoding.UTF8, "application/xml");
        var notJson = await Problem(HttpStatusCode.UnsupportedMediaType, "unsupported-media-type", await api.SendAsync(new HttpRequestMessage(HttpMethod.Post, County + "/drafts") { Content = xml }));
        Assert.Contains("application/json", notJson.GetProperty("detail").GetString());
        var form2 = new FormUrlEncodedContent([new("purpose", "proposal")]);
        await Problem(HttpStatusCode.UnsupportedMediaType, "unsupported-media-type", await api.SendAsync(new HttpRequestMessage(HttpMethod.Post, County + "/drafts") { Content = form2 }));

        Assert.Null(await app.Get<IQuotaStore>().GetCurrentAsync(2022, default));
        var state = await Expect(HttpStatusCode.OK, await api.GetAsync(County));
        Assert.Empty(state.GetProperty("drafts").EnumerateArray());
        Assert.Empty(state.GetProperty("wishes").EnumerateArray());
    }

    [Fact]
    public async Task A_bad_file_is_400_naming_every_line_and_a_request_body_with_JSON_but_no_content_type_is_read()
    {
        await using var app = await ServedApp.StartAsync(asRoles: ["Coordinator.All"]);
        var api = app.KeyedClient;
        var bad = await Problem(HttpStatusCode.BadRequest, "validation", await api.SendAsync(Upload("api/quotas/2022", "text/csv", "tests", "data", "quotas", "bad", "county-name-mismatch.csv")));
        Assert.Equal(17, Assert.Single(bad.GetProperty("errors").EnumerateArray()).GetProperty("line").GetInt32());

        // No Content-Type at all is read as JSON (as before); it still has to be JSON.
        var raw = new ByteArrayContent("{ not json"u8.ToArray());
        var invalid = await Problem(HttpStatusCode.BadRequest, "validation", await api.SendAsync(new HttpRequestMessage(HttpMethod.Put, County + "/wishes") { Content = raw }));
        Assert.Equal("invalid-json", Assert.Single(invalid.GetProperty("errors").EnumerateArray()).GetProperty("code").GetString());
        Assert.Null(raw.Headers.ContentType);
    }
}
