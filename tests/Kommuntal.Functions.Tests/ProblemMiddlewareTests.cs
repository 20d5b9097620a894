using System.Text.Json;
using Kommuntal.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
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
}
