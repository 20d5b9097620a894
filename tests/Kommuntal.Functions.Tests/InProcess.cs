using System.Globalization;
using System.Linq.Expressions;
using System.Text.RegularExpressions;
using Kommuntal.Testing;
using Kommuntal.Tools.Serve;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace Kommuntal.Functions.Tests;

/// <summary>An HTTP function of the app as the local server's catalog finds it ([Function] with an [HttpTrigger] parameter).</summary>
internal sealed record HttpFunction(ServedFunction Served)
{
    /// <summary>Every HTTP function of the Functions assembly.</summary>
    public static IReadOnlyList<HttpFunction> All { get; } = [.. InProcess.AppCatalog.Http.Select(f => new HttpFunction(f))];

    public string Name => Served.Name;
    public string Route => Served.Route!;
    public IReadOnlyList<string> Methods => Served.Methods;
    public AuthorizationLevel Level => Served.AuthLevel;

    /// <summary>The route parameter names, e.g. ["year", "county"] for "countyyears/{year:int}/{county}".</summary>
    public IReadOnlyList<string> Parameters => Served.RouteParameters;

    /// <summary>The path for these route values.</summary>
    public string Path(IReadOnlyDictionary<string, string> values) =>
        "/api/" + Regex.Replace(Route, @"\{\*?(\w+)(:[^}]+)?\}", m => values[m.Groups[1].Value]);

    public override string ToString() => Name;
}

/// <summary>
/// The app's functions in process, run by the local server's own invoker (tools/Kommuntal.Tools.Serve,
/// <see cref="FunctionInvoker"/>): the worker middleware FunctionsComposition.UseKommuntalMiddleware
/// registers, in order, around the function; the function's parameters bound by the server's plan
/// (route values from the invocation's binding data, as the host sends them); the invocation result
/// executed on the HttpContext, as the ASP.NET Core integration does after the pipeline; then the
/// response's OnStarting callbacks, as a server fires them before the first byte. One pipeline for
/// the tests and the server, so the two cannot drift.
/// </summary>
internal static class InProcess
{
    /// <summary>The app's functions.</summary>
    public static FunctionCatalog AppCatalog { get; } = FunctionCatalog.Discover(typeof(FunctionsComposition).Assembly);

    /// <summary>The app's functions and the stand-ins of this test assembly (functions that write their own responses).</summary>
    private static readonly FunctionCatalog s_catalog = new(
        [.. AppCatalog.Functions, .. FunctionCatalog.Discover(typeof(InProcess).Assembly).Functions], []);

    /// <summary>What ASP.NET Core needs to execute action results (the integration has the same).</summary>
    private static readonly IServiceProvider ResultServices = new ServiceCollection().AddLogging().AddMvcCore().Services.BuildServiceProvider();

    /// <summary>The Functions edge and the worker pipeline with the app's middleware (for a TestHost's configure).</summary>
    public static IServiceCollection AddInProcessFunctions(this IServiceCollection services) =>
        WorkerPipeline.AddFunctionInvoker(services.AddKommuntalEdge(), s_catalog);

    public sealed record Outcome(int Status, IHeaderDictionary Headers, string ContentType, byte[] Body, bool FunctionRan)
    {
        public string Text => System.Text.Encoding.UTF8.GetString(Body);
    }

    public static HttpContext NewContext(string method, string path, IDictionary<string, string>? headers = null, byte[]? body = null, bool https = false, string host = "localhost")
    {
        var ctx = new DefaultHttpContext();
        ctx.Features.Set<IHttpResponseFeature>(new ServerResponseFeature());
        ctx.Request.Method = method.ToUpperInvariant();
        ctx.Request.Scheme = https ? "https" : "http";
        ctx.Request.Host = new HostString(host);
        ctx.Request.Path = path;
        ctx.Request.Body = new MemoryStream(body ?? []);
        ctx.Request.ContentLength = body?.Length ?? 0;
        foreach (var (k, v) in headers ?? new Dictionary<string, string>()) ctx.Request.Headers[k] = v;
        return ctx;
    }

    /// <summary>Runs <paramref name="function"/> for <paramref name="http"/>, routed with the values given, through the server's invoker.</summary>
    public static async Task<Outcome> RunAsync(IServiceProvider services, ServedFunction function, HttpContext http, IReadOnlyDictionary<string, string> route)
    {
        foreach (var (k, v) in route) http.Request.RouteValues[k] = v;
        http.RequestServices = ResultServices;
        var body = new StartingStream((ServerResponseFeature)http.Features.Get<IHttpResponseFeature>()!);
        http.Response.Body = body;
        var context = await services.GetRequiredService<FunctionInvoker>().InvokeHttpAsync(http, function, services);
        await body.EnsureStartedAsync();
        return new Outcome(http.Response.StatusCode, http.Response.Headers, http.Response.ContentType ?? "", body.ToArray(), context.FunctionRan);
    }

    public static Task<Outcome> RunAsync(IServiceProvider services, HttpFunction function, HttpContext http, IReadOnlyDictionary<string, string> route) =>
        RunAsync(services, function.Served, http, route);

    /// <summary>A stand-in function of this test assembly by its name.</summary>
    public static ServedFunction TestFunction(string name) => s_catalog.Find(name) ?? throw new ArgumentException(name);

    /// <summary>
    /// Calls a function method on an instance the test made, for <paramref name="request"/>, inside
    /// the app's worker middleware, as the worker would: the FunctionContext names the function and
    /// carries the call's route arguments as binding data, and an exception becomes the problem the
    /// middleware answers with. Returns the invocation result after the middleware (not executed:
    /// read it with Http.Read). E.g. <c>host.CallAsync(req, q =&gt; api.Decide(q, 2022, "18", default))</c>.
    /// </summary>
    public static async Task<IActionResult> CallAsync(this TestHost host, HttpRequest request, Expression<Func<HttpRequest, Task<IActionResult>>> call)
    {
        var body = (MethodCallExpression)call.Body;
        var function = s_catalog.Functions.Single(f => f.Method == body.Method);
        var route = body.Method.GetParameters().Select((p, i) => (p.Name!, Argument: body.Arguments[i]))
            .Where(a => function.RouteParameters.Contains(a.Item1, StringComparer.OrdinalIgnoreCase))
            .ToDictionary(a => a.Item1, a => (object?)Convert.ToString(Expression.Lambda(a.Argument, call.Parameters).Compile().DynamicInvoke(request),
                CultureInfo.InvariantCulture), StringComparer.OrdinalIgnoreCase);
        var invoke = call.Compile();
        var context = new ServedFunctionContext(host.Get<FunctionInvoker>().Definition(function), host.Services, request.HttpContext.RequestAborted, route);
        context.Items[ServedFunctionContext.HttpContextKey] = request.HttpContext;
        await host.Get<WorkerPipeline>().Build(async _ => context.InvocationResult = await invoke(request))(context);
        return Assert.IsAssignableFrom<IActionResult>(context.InvocationResult);
    }

    /// <summary>The response feature of a server: it keeps the OnStarting callbacks and fires them (last registered first) once.</summary>
    private sealed class ServerResponseFeature : HttpResponseFeature
    {
        private readonly List<(Func<object, Task> Callback, object State)> _starting = [];
        private bool _started;

        public override bool HasStarted => _started;

        public override void OnStarting(Func<object, Task> callback, object state) => _starting.Add((callback, state));

        public async Task StartAsync()
        {
            if (_started) return;
            for (var i = _starting.Count - 1; i >= 0; i--) await _starting[i].Callback(_starting[i].State);
            _started = true;
        }
    }

    /// <summary>A response body that starts the response (fires OnStarting) before its first byte, as a server does.</summary>
    private sealed class StartingStream(ServerResponseFeature feature) : MemoryStream
    {
        public Task EnsureStartedAsync() => feature.StartAsync();

        public override void Write(byte[] buffer, int offset, int count)
        {
            feature.StartAsync().GetAwaiter().GetResult();
            base.Write(buffer, offset, count);
        }

        public override async Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            await feature.StartAsync();
            await base.WriteAsync(buffer, offset, count, cancellationToken);
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await feature.StartAsync();
            await base.WriteAsync(buffer, cancellationToken);
        }
    }
}
