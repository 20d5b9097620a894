using System.Text.Json;
using Kommuntal.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Kommuntal.Core.Validation;
using Kommuntal.Functions.Http;
using Microsoft.Azure.Functions.Worker;

namespace Kommuntal.Functions.Tests;

/// <summary>
/// ProblemMiddleware is the one exception handler of the HTTP functions: an unexpected exception is a
/// 500 problem that carries only the correlation id (the details stay in the log), with the security
/// headers and the correlation header like every other answer.
/// </summary>
public class ProblemMiddlewareTests
{
    /// <summary>A stand-in function that fails (in the test pipeline's catalog only).</summary>
    public sealed class Faulty
    {
        [Function("TestFault")]
        public Task<IActionResult> Fail([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "test/fault")] HttpRequest request) =>
            throw new InvalidOperationException("secret connection detail");

        [Function("TestPublicPageFault")]
        public Task<IActionResult> PublicPage([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "public/test/fel")] HttpRequest request) =>
            throw new InvalidOperationException("secret connection detail");

        [Function("TestPublicPageBadInput")]
        public Task<IActionResult> BadInput([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "public/test/ogiltig")] HttpRequest request) =>
            throw new ValidationFailedException([new ValidationProblem("query", null, "q", "invalid-query", "Sökordet är för långt.", "The search is too long.")]);

        [Function("TestPortalPageFault")]
        public Task<IActionResult> PortalPage([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "portal/test/fel")] HttpRequest request) =>
            throw new InvalidOperationException("secret connection detail");

        [Function("TestPublicApiFault")]
        public Task<IActionResult> PublicApi([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "public/decisions/test/fel")] HttpRequest request) =>
            throw new InvalidOperationException("secret connection detail");
    }

    [Fact]
    public async Task An_unexpected_exception_is_a_500_problem_with_only_the_correlation_id()
    {
        await using var host = new TestHost(configure: s => s.AddInProcessFunctions());
        var http = InProcess.NewContext("GET", "/api/test/fault", new Dictionary<string, string> { [CorrelationMiddleware.Header] = "report-42" });
        var outcome = await InProcess.RunAsync(host.Services, InProcess.TestFunction("TestFault"), http, new Dictionary<string, string>());

        Assert.Equal(500, outcome.Status);
        Assert.Equal("application/problem+json", outcome.ContentType);
        Assert.DoesNotContain("secret", outcome.Text);
        using var json = JsonDocument.Parse(outcome.Text);
        Assert.Equal("https://kommuntal.example/problems/internal-error", json.RootElement.GetProperty("type").GetString());
        Assert.Equal(500, json.RootElement.GetProperty("status").GetInt32());
        Assert.Equal("report-42", json.RootElement.GetProperty("correlationId").GetString());
        Assert.Contains("report-42", json.RootElement.GetProperty("detail").GetString());
        Assert.Equal("/api/test/fault", json.RootElement.GetProperty("instance").GetString());
        Assert.Equal("report-42", outcome.Headers[CorrelationMiddleware.Header].ToString());
        Assert.Equal("nosniff", outcome.Headers.XContentTypeOptions.ToString());
    }

    [Theory]
    [InlineData("TestPublicPageFault", "/api/public/test/fel")]
    [InlineData("TestPortalPageFault", "/api/portal/test/fel")]
    public async Task A_fault_on_a_page_route_is_the_500_page_with_only_the_correlation_id(string function, string path)
    {
        await using var host = new TestHost(configure: s => s.AddInProcessFunctions());
        var http = InProcess.NewContext("GET", path, new Dictionary<string, string> { [CorrelationMiddleware.Header] = "report-43" });
        var outcome = await InProcess.RunAsync(host.Services, InProcess.TestFunction(function), http, new Dictionary<string, string>());

        Assert.Equal(500, outcome.Status);
        Assert.Equal("text/html; charset=utf-8", outcome.ContentType);
        Assert.Contains("<h1>Något gick fel</h1>", outcome.Text);
        Assert.Contains("report-43", outcome.Text);
        Assert.DoesNotContain("secret", outcome.Text);
        Assert.DoesNotContain("InvalidOperationException", outcome.Text);
        Assert.Equal("no-store", outcome.Headers.CacheControl.ToString());
        Assert.Equal(SecurityHeaders.PageContentSecurityPolicy, outcome.Headers.ContentSecurityPolicy.ToString());
        Assert.Equal("report-43", outcome.Headers[CorrelationMiddleware.Header].ToString());
    }

    [Fact]
    public async Task Rejected_input_on_a_page_route_is_the_400_page_and_on_the_public_API_still_a_problem()
    {
        await using var host = new TestHost(configure: s => s.AddInProcessFunctions());
        var page = await InProcess.RunAsync(host.Services, InProcess.TestFunction("TestPublicPageBadInput"),
            InProcess.NewContext("GET", "/api/public/test/ogiltig"), new Dictionary<string, string>());
        Assert.Equal(400, page.Status);
        Assert.Equal("text/html; charset=utf-8", page.ContentType);
        Assert.Contains("<h1>Sidan kunde inte visas</h1>", page.Text);
        Assert.Contains("<html lang=\"sv\"", page.Text);

        // /api/public/decisions is the public API (JSON for programs): its errors stay RFC 9457 problems.
        var api = await InProcess.RunAsync(host.Services, InProcess.TestFunction("TestPublicApiFault"),
            InProcess.NewContext("GET", "/api/public/decisions/test/fel"), new Dictionary<string, string>());
        Assert.Equal(500, api.Status);
        Assert.Equal("application/problem+json", api.ContentType);
        Assert.DoesNotContain("secret", api.Text);
    }

    [Theory]
    [InlineData("/api/public", true)]
    [InlineData("/api/public/kommuner/laxa", true)]
    [InlineData("/api/public/data/kommuntal-2022.csv", true)]
    [InlineData("/api/portal", true)]
    [InlineData("/api/portal/2022/lan/18/beslut", true)]
    [InlineData("/api/public/decisions", false)]
    [InlineData("/api/public/decisions/2022/18/v1", false)]
    [InlineData("/api/public/files/2022/18-orebro-lan/beslut-v1.pdf", false)]
    [InlineData("/api/publications", false)]
    [InlineData("/api/countyyears/2022/18", false)]
    [InlineData("/api/assets/site.css", false)]
    public void Pages_are_the_public_site_and_the_portal_but_not_the_public_API(string path, bool page) =>
        Assert.Equal(page, PageRoutes.IsPage(path));
}
