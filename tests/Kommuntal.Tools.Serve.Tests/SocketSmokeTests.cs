using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Kommuntal.Infrastructure.Storage;
using Kommuntal.Testing;

namespace Kommuntal.Tools.Serve.Tests;

/// <summary>
/// The served app as a client meets it: HttpClient over a real socket, the app's middleware, keys,
/// identity, routing and the timers' admin API, against Azurite.
/// </summary>
public class SocketSmokeTests
{
    private static ByteArrayContent File(params string[] path)
    {
        var content = new ByteArrayContent(System.IO.File.ReadAllBytes(Samples.Path(path)));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("text/csv");
        return content;
    }

    private static HttpRequestMessage Upload(string url, params string[] path)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = File(path) };
        request.Headers.Add("X-File-Name", Path.GetFileName(path[^1]));
        return request;
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    [Fact]
    public async Task Health_answers_200_through_the_correlation_middleware()
    {
        await using var app = await ServedApp.StartAsync();

        var request = new HttpRequestMessage(HttpMethod.Get, "api/health");
        request.Headers.Add("X-Correlation-Id", "smoke-health-1");
        var response = await app.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("healthy", (await Json(response)).GetProperty("status").GetString());
        Assert.Equal("smoke-health-1", response.Headers.GetValues("X-Correlation-Id").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());

        // Without one (or with one that could forge a log line) the invocation id is the correlation id.
        var bad = new HttpRequestMessage(HttpMethod.Get, "api/health");
        bad.Headers.TryAddWithoutValidation("X-Correlation-Id", "bad id\twith tab");
        var generated = (await app.Client.SendAsync(bad)).Headers.GetValues("X-Correlation-Id").Single();
        Assert.True(Guid.TryParse(generated, out _), generated);
    }

    [Fact]
    public async Task A_quota_posted_with_the_key_is_stored_201_then_200_and_a_broken_one_is_400_problem_json_naming_its_lines()
    {
        await using var app = await ServedApp.StartAsync(asRoles: ["Coordinator.All"]);

        var first = await app.KeyedClient.SendAsync(Upload("api/quotas/2022", "samples", "2022", "lanstal-2022.csv"));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var body = await Json(first);
        Assert.Equal(7500, body.GetProperty("total").GetInt32());
        Assert.Equal(21, body.GetProperty("counties").GetArrayLength());
        Assert.StartsWith("developer", body.GetProperty("uploadedBy").GetString()); // the --as identity

        // The same bytes again, with the key as ?code= this time: the existing version.
        var again = await app.Client.SendAsync(Upload($"api/quotas/2022?code={app.FunctionKey}", "samples", "2022", "lanstal-2022.csv"));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(body.GetProperty("version").GetInt32(), (await Json(again)).GetProperty("version").GetInt32());

        var broken = await app.KeyedClient.SendAsync(Upload("api/quotas/2022", "tests", "data", "quotas", "bad", "county-name-mismatch.csv"));
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.Equal("application/problem+json", broken.Content.Headers.ContentType!.MediaType);
        var error = Assert.Single((await Json(broken)).GetProperty("errors").EnumerateArray());
        Assert.Equal("county-name-mismatch.csv", error.GetProperty("file").GetString());
        Assert.Equal(17, error.GetProperty("line").GetInt32());
        Assert.Equal("county-name-mismatch", error.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Function_level_routes_need_a_key_the_host_way_and_identity_comes_from_as_unless_a_header_says_otherwise()
    {
        await using var app = await ServedApp.StartAsync(asRoles: ["Coordinator.18"]);

        var noKey = await app.Client.GetAsync("api/countyyears/2022/18");
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        Assert.Empty(await noKey.Content.ReadAsByteArrayAsync()); // the host's 401: no body

        var wrong = new HttpRequestMessage(HttpMethod.Get, "api/countyyears/2022/18");
        wrong.Headers.Add("x-functions-key", app.FunctionKey[..^1] + (app.FunctionKey[^1] == 'A' ? 'B' : 'A'));
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Client.SendAsync(wrong)).StatusCode);

        // --as Coordinator.18: the own county's year; the master key works as a function key too.
        Assert.Equal(HttpStatusCode.OK, (await app.KeyedClient.GetAsync("api/countyyears/2022/18")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync($"api/countyyears/2022/18?code={app.MasterKey}")).StatusCode);

        // Another county: 403 from the app's access check, as problem details.
        var other = await app.KeyedClient.GetAsync("api/countyyears/2022/19");
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Equal("application/problem+json", other.Content.Headers.ContentType!.MediaType);

        // An explicit development header wins over --as.
        var asOther = new HttpRequestMessage(HttpMethod.Get, "api/countyyears/2022/18");
        asOther.Headers.Add("X-Kommuntal-Dev-Roles", "Coordinator.19");
        Assert.Equal(HttpStatusCode.Forbidden, (await app.KeyedClient.SendAsync(asOther)).StatusCode);
    }

    [Fact]
    public async Task Without_as_a_request_without_identity_is_anonymous_and_refused_by_the_app()
    {
        await using var app = await ServedApp.StartAsync();
        var response = await app.KeyedClient.GetAsync("api/countyyears/2022");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("unauthenticated", (await Json(response)).GetProperty("type").GetString()!.Split('/')[^1]);
    }

    [Fact]
    public async Task Unknown_routes_other_methods_and_failed_route_constraints_are_the_hosts_empty_404_and_catch_all_routes_reach_the_function()
    {
        await using var app = await ServedApp.StartAsync(asRoles: ["Coordinator.All"]);
        foreach (var (method, url) in new[]
        {
            (HttpMethod.Get, "api/no-such-route"),
            (HttpMethod.Get, "api/quotas/2022"),          // POST only
            (HttpMethod.Head, "api/health"),              // GET only: HEAD too is 404 on the host
            (HttpMethod.Get, "api/countyyears/twenty"),   // {year:int}
            (HttpMethod.Get, "health"),                   // without the route prefix
        })
        {
            var response = await app.KeyedClient.SendAsync(new HttpRequestMessage(method, url));
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{method} {url}: {response.StatusCode}");
            Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        }

        // public/files/{*path}: a path with slashes reaches the function, which answers its own 404.
        var file = await app.Client.GetAsync("api/public/files/2022/18-orebro-lan/beslut-v1.pdf");
        Assert.Equal(HttpStatusCode.NotFound, file.StatusCode);
        Assert.Equal("application/problem+json", file.Content.Headers.ContentType!.MediaType);
        Assert.Equal("/api/public/files/2022/18-orebro-lan/beslut-v1.pdf", (await Json(file)).GetProperty("instance").GetString());

        // Anonymous routes need no key.
        var openApi = await app.Client.GetAsync("api/openapi.json");
        Assert.Equal(HttpStatusCode.OK, openApi.StatusCode);
        Assert.Equal("3", (await Json(openApi)).GetProperty("openapi").GetString()![..1]);
    }

    [Fact]
    public async Task Timers_run_on_demand_through_the_admin_api_with_the_master_key_only()
    {
        await using var app = await ServedApp.StartAsync(asRoles: ["Coordinator.All"]);
        var storage = app.Get<StorageClients>();
        await storage.Inbox.UploadBlobAsync("quotas/2022/lanstal-2022.csv", BinaryData.FromBytes(System.IO.File.ReadAllBytes(Samples.Path("samples", "2022", "lanstal-2022.csv"))));

        Assert.Equal(HttpStatusCode.Unauthorized, (await app.RunTimerAsync("Inbox", key: "")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.RunTimerAsync("Inbox", key: app.FunctionKey)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.RunTimerAsync("NoSuchTimer")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.RunTimerAsync("Health")).StatusCode); // an HTTP function
        Assert.Null(app.Timers.LastRun("Inbox"));

        var response = await app.RunTimerAsync("inbox"); // names are case-insensitive, as on the host
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await app.Timers.LastRun("Inbox")!.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True((await storage.Inbox.GetBlobClient("processed/quotas/2022/lanstal-2022.csv").ExistsAsync()).Value, "the file was not moved to processed/");
        var quota = await app.Get<Kommuntal.Application.Ports.IQuotaStore>().GetCurrentAsync(2022, CancellationToken.None);
        Assert.Equal(7500, quota!.Quota.Total);
    }

    [Fact]
    public void The_server_refuses_to_start_where_WEBSITE_HOSTNAME_is_set()
    {
        var ex = Assert.Throws<ServeRefusedException>(() =>
            ServedApp.Create(null, false, new Dictionary<string, string?> { ["WEBSITE_HOSTNAME"] = "kommuntal.azurewebsites.net" }, out _, out _));
        Assert.Contains("WEBSITE_HOSTNAME", ex.Message);
    }
}
