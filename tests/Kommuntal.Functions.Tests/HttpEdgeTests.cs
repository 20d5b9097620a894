using System.Text.Json;
using System.Text.RegularExpressions;
using Azure.Core;
using Azure.Core.Pipeline;
using Kommuntal.Functions.Http;
using Kommuntal.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Kommuntal.Functions.Tests;

/// <summary>
/// The HTTP edge through the worker pipeline (issue 14, items 6 and 8): every HTTP function's
/// response carries the security headers, HSTS in Azure and over HTTPS but not on plain-HTTP
/// localhost, and every route with a year outside 2016–2100 answers 404 before the function, the
/// access check or any storage request.
/// </summary>
public class HttpEdgeTests
{
    private static readonly IReadOnlyDictionary<string, string> SampleRoute = new Dictionary<string, string>
    {
        ["year"] = "2022", ["county"] = "18", ["number"] = "1", ["version"] = "current", ["path"] = "index.html", ["name"] = "site.css",
        ["slug"] = "1860-laxa", ["file"] = "kommuntal-2022.csv", ["document"] = "forslag-1.pdf", ["id"] = "message-1",
    };

    public static TheoryData<string> HttpFunctions() => [.. HttpFunction.All.Select(f => f.Name)];

    private static HttpFunction Function(string name) => HttpFunction.All.Single(f => f.Name == name);

    /// <summary>Counts every storage request the app makes (Azure.Core pipeline policy on every client).</summary>
    private sealed class CountingPolicy : HttpPipelineSynchronousPolicy
    {
        private int _count;
        public int Count => Volatile.Read(ref _count);
        public override void OnSendingRequest(HttpMessage message) => Interlocked.Increment(ref _count);
    }

    private static TestHost Host(bool azure, CountingPolicy? counter = null) => new(
        new Dictionary<string, string?>
        {
            ["Security:DevelopmentMode"] = (!azure).ToString(),
            ["WEBSITE_HOSTNAME"] = azure ? "func-kommuntal-test-abc123.azurewebsites.net" : null,
            ["Kommuntal:Web:AntiforgeryKey"] = azure ? TestSecrets.AntiforgeryKey : null, // required in Azure (the portal's forms)
        },
        configure: s => s.AddInProcessFunctions(), storagePolicies: counter is null ? null : [counter]);

    [Fact]
    public void The_test_pipeline_is_the_middleware_UseKommuntalMiddleware_registers_and_covers_every_HTTP_function_of_functions_metadata()
    {
        // The tests run the server's pipeline, built by UseKommuntalMiddleware itself: every middleware it names is in it.
        var program = File.ReadAllText(Samples.Path("src", "Kommuntal.Functions", "FunctionsComposition.cs"));
        var registered = Regex.Matches(program, @"UseMiddleware<([\w.]+)>").Select(m => m.Groups[1].Value.Split('.')[^1]).ToList();
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
        services.AddInProcessFunctions();
        var pipeline = Assert.Single(services, d => d.ServiceType == typeof(Kommuntal.Tools.Serve.WorkerPipeline)).ImplementationInstance;
        Assert.Equal(registered.Count, ((Kommuntal.Tools.Serve.WorkerPipeline)pipeline!).Count);
        Assert.All(registered, name => Assert.Contains(services, d => d.ServiceType.Name == name));
        Assert.Contains(nameof(ProblemMiddleware), registered);

        using var metadata = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "functions.metadata")));
        var http = metadata.RootElement.EnumerateArray()
            .Where(f => f.GetProperty("bindings").EnumerateArray().Any(b => b.GetProperty("type").GetString() == "httpTrigger"))
            .Select(f => f.GetProperty("name").GetString()!).Order(StringComparer.Ordinal);
        Assert.Equal(http, HttpFunction.All.Select(f => f.Name));
        Assert.Contains("OpenApi", http);
        Assert.Contains("Health", http);
    }

    [Theory]
    [MemberData(nameof(HttpFunctions))]
    public async Task Every_HTTP_function_answers_with_the_security_headers_and_HSTS_in_Azure(string name)
    {
        var function = Function(name);
        foreach (var azure in new[] { true, false })
        {
            await using var host = Host(azure);
            var http = InProcess.NewContext(function.Methods[0], function.Path(SampleRoute), body: "{}"u8.ToArray());
            var outcome = await InProcess.RunAsync(host.Services, function, http, SampleRoute.Where(kv => function.Parameters.Contains(kv.Key)).ToDictionary());

            Assert.True(outcome.FunctionRan, $"{name} did not run ({outcome.Status})");
            Assert.Equal("nosniff", outcome.Headers.XContentTypeOptions.ToString());
            Assert.Equal("DENY", outcome.Headers.XFrameOptions.ToString());
            Assert.Equal("no-referrer", outcome.Headers["Referrer-Policy"].ToString());
            var html = outcome.ContentType.StartsWith("text/html", StringComparison.Ordinal);
            // The pages of Kommuntal.Web keep their strict page policy; everything else has the API policy.
            var expected = !html ? SecurityHeaders.ApiPolicy : SecurityHeaders.PageContentSecurityPolicy;
            Assert.Equal(expected, outcome.Headers.ContentSecurityPolicy.ToString());
            // In Azure (HTTPS only) always; on plain-HTTP localhost never.
            Assert.Equal(azure ? SecurityHeaders.StrictTransportSecurity : "", outcome.Headers.StrictTransportSecurity.ToString());
        }
    }

    [Fact]
    public async Task HSTS_is_sent_over_HTTPS_to_any_host_but_localhost()
    {
        await using var host = Host(azure: false);
        var openApi = Function("OpenApi");
        async Task<string> Hsts(bool https, string name)
        {
            var http = InProcess.NewContext("GET", "/api/openapi.json", https: https, host: name);
            return (await InProcess.RunAsync(host.Services, openApi, http, new Dictionary<string, string>())).Headers.StrictTransportSecurity.ToString();
        }
        Assert.Equal(SecurityHeaders.StrictTransportSecurity, await Hsts(https: true, "kommuntal.lansstyrelsen.example"));
        Assert.Equal("", await Hsts(https: true, "localhost"));
        Assert.Equal("", await Hsts(https: true, "127.0.0.1"));
        Assert.Equal("", await Hsts(https: false, "kommuntal.lansstyrelsen.example"));
    }

    /// <summary>Stand-ins for functions that write their own responses, without any header call (in the test pipeline's catalog only).</summary>
    public sealed class Writers
    {
        [Function("TestPage")]
        public async Task<Microsoft.AspNetCore.Mvc.IActionResult> Page([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "test/page")] HttpRequest request)
        {
            request.HttpContext.Response.ContentType = "text/html; charset=utf-8";
            await request.HttpContext.Response.WriteAsync("<!doctype html><p>Sida</p>");
            return new Microsoft.AspNetCore.Mvc.EmptyResult();
        }

        [Function("TestLooseJson")]
        public Task<Microsoft.AspNetCore.Mvc.IActionResult> LooseJson([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "test/json")] HttpRequest request)
        {
            request.HttpContext.Response.Headers.ContentSecurityPolicy = "default-src *";
            return Task.FromResult<Microsoft.AspNetCore.Mvc.IActionResult>(new Microsoft.AspNetCore.Mvc.ContentResult { ContentType = "application/json", Content = "{}" });
        }
    }

    [Fact]
    public async Task A_page_written_without_header_calls_gets_the_page_policy_and_an_API_response_cannot_be_loosened()
    {
        await using var host = Host(azure: true);
        Task<InProcess.Outcome> Run(string name) =>
            InProcess.RunAsync(host.Services, InProcess.TestFunction(name), InProcess.NewContext("GET", "/api/test"), new Dictionary<string, string>());
        var page = await Run("TestPage");
        Assert.Equal(SecurityHeaders.PagePolicy, page.Headers.ContentSecurityPolicy.ToString());
        Assert.Equal("nosniff", page.Headers.XContentTypeOptions.ToString());
        Assert.Equal(SecurityHeaders.StrictTransportSecurity, page.Headers.StrictTransportSecurity.ToString());
        Assert.Equal("<!doctype html><p>Sida</p>", page.Text);

        var json = await Run("TestLooseJson");
        Assert.Equal(SecurityHeaders.ApiPolicy, json.Headers.ContentSecurityPolicy.ToString());
    }

    [Theory]
    [MemberData(nameof(HttpFunctions))]
    public async Task A_year_outside_2016_to_2100_is_404_before_the_function_the_access_check_and_any_storage_request(string name)
    {
        var function = Function(name);
        if (!function.Parameters.Contains("year")) return;
        var counter = new CountingPolicy();
        await using var host = Host(azure: false, counter);
        var atStartUp = counter.Count; // the tables and containers the host creates at start-up (StorageInitializer)
        foreach (var year in new[] { "2015", "2101", "0", "1999", "99999" })
        {
            var route = SampleRoute.Where(kv => function.Parameters.Contains(kv.Key)).ToDictionary();
            route["year"] = year;
            // As a national coordinator: without the year rule every one of these would pass the access check.
            var http = InProcess.NewContext(function.Methods[0], function.Path(route), new Dictionary<string, string> { ["X-Kommuntal-Dev-Roles"] = "Coordinator.All" });
            var outcome = await InProcess.RunAsync(host.Services, function, http, route);

            Assert.Equal(404, outcome.Status);
            Assert.False(outcome.FunctionRan);
            Assert.Equal("nosniff", outcome.Headers.XContentTypeOptions.ToString());
            if (PageRoutes.IsPage(function.Path(route)))
            {
                // A portal page: the 404 page (ProblemMiddleware decides), not a problem.
                Assert.Equal("text/html; charset=utf-8", outcome.ContentType);
                Assert.Contains("<h1>Sidan finns inte</h1>", System.Text.Encoding.UTF8.GetString(outcome.Body));
                Assert.Equal(SecurityHeaders.PageContentSecurityPolicy, outcome.Headers.ContentSecurityPolicy.ToString());
                continue;
            }
            Assert.Equal("application/problem+json", outcome.ContentType);
            using var problem = JsonDocument.Parse(outcome.Body);
            Assert.Equal("https://kommuntal.example/problems/not-found", problem.RootElement.GetProperty("type").GetString());
            Assert.Contains("2016", problem.RootElement.GetProperty("detail").GetString());
            Assert.Equal("nosniff", outcome.Headers.XContentTypeOptions.ToString());
        }
        Assert.Equal(atStartUp, counter.Count);

        // The edges of the range pass on to the function.
        foreach (var year in new[] { "2016", "2100" })
        {
            var route = SampleRoute.Where(kv => function.Parameters.Contains(kv.Key)).ToDictionary();
            route["year"] = year;
            var http = InProcess.NewContext(function.Methods[0], function.Path(route));
            Assert.True((await InProcess.RunAsync(host.Services, function, http, route)).FunctionRan, $"{name} {year}");
        }
    }
}
