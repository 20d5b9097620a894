using System.Text.RegularExpressions;
using Kommuntal.Functions;
using Kommuntal.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Kommuntal.Tools.Serve.Tests;

/// <summary>
/// The worker middleware is defined once (FunctionsComposition.UseKommuntalMiddleware) and the local
/// server runs it the way the worker does, with function contexts that the worker's own extension
/// methods read as they read the ASP.NET Core integration's.
/// </summary>
public class WorkerPipelineTests
{
    [Fact]
    public void Program_cs_adds_worker_middleware_only_through_UseKommuntalMiddleware()
    {
        var program = File.ReadAllText(Samples.Path("src", "Kommuntal.Functions", "Program.cs"));
        var calls = Regex.Matches(program, @"\.(Use\w*)\s*[<(]").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(["UseKommuntalMiddleware"], calls);
    }

    [Fact]
    public void The_servers_pipeline_holds_the_apps_middleware()
    {
        var pipeline = new WorkerPipeline(new ServiceCollection());
        pipeline.UseKommuntalMiddleware();
        Assert.True(pipeline.Count >= 1);
        Assert.Contains(pipeline.Services, d => d.ServiceType == typeof(CorrelationMiddleware));
    }

    [Fact]
    public async Task Middleware_runs_in_the_order_added_the_first_outermost_around_the_function()
    {
        var order = new List<string>();
        var pipeline = new WorkerPipeline(new ServiceCollection());
        pipeline.UseMiddleware(async (FunctionContext _, Func<Task> next) => { order.Add("first in"); await next(); order.Add("first out"); });
        pipeline.UseMiddleware(async (FunctionContext _, Func<Task> next) => { order.Add("second in"); await next(); order.Add("second out"); });
        var run = pipeline.Build(_ => { order.Add("function"); return Task.CompletedTask; });

        await run(Context());
        Assert.Equal(["first in", "second in", "function", "second out", "first out"], order);
    }

    [Fact]
    public void A_served_context_gives_middleware_the_request_and_the_result_through_the_workers_own_extension_methods()
    {
        var context = Context();
        var http = new DefaultHttpContext();
        Assert.Null(context.GetHttpContext());
        context.Items[ServedFunctionContext.HttpContextKey] = http;
        Assert.Same(http, context.GetHttpContext());

        context.InvocationResult = "from the function";
        var result = context.GetInvocationResult();
        Assert.Equal("from the function", result.Value);
        result.Value = "replaced by middleware";
        Assert.Equal("replaced by middleware", context.InvocationResult);

        Assert.Equal("Health", context.FunctionDefinition.Name);
        Assert.Equal("httpTrigger", context.FunctionDefinition.InputBindings.Values.Single().Type);
        Assert.True(Guid.TryParse(context.InvocationId, out _));
    }

    private static ServedFunctionContext Context()
    {
        var health = FunctionCatalog.Discover(typeof(FunctionsComposition).Assembly).Find("Health")!;
        return new ServedFunctionContext(new ServedFunctionDefinition(health), new ServiceCollection().BuildServiceProvider(), CancellationToken.None);
    }
}
