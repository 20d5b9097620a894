using System.Collections.Immutable;
using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Kommuntal.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.DependencyInjection;

namespace Kommuntal.Functions.Tests;

/// <summary>An HTTP function of the app, as reflection finds it ([Function] with an [HttpTrigger] parameter).</summary>
internal sealed record HttpFunction(string Name, MethodInfo Method, string Route, IReadOnlyList<string> Methods, AuthorizationLevel Level)
{
    /// <summary>Every HTTP function of the Functions assembly.</summary>
    public static IReadOnlyList<HttpFunction> All { get; } = typeof(FunctionsComposition).Assembly.GetTypes()
        .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance))
        .Select(m => (Method: m, Function: m.GetCustomAttribute<FunctionAttribute>(),
            Trigger: m.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).FirstOrDefault(a => a is not null)))
        .Where(x => x.Function is not null && x.Trigger is not null)
        .Select(x => new HttpFunction(x.Function!.Name, x.Method, x.Trigger!.Route!, x.Trigger.Methods ?? [], x.Trigger.AuthLevel))
        .OrderBy(f => f.Name, StringComparer.Ordinal)
        .ToList();

    /// <summary>The route parameter names, e.g. ["year", "county"] for "countyyears/{year:int}/{county}".</summary>
    public IReadOnlyList<string> Parameters => Regex.Matches(Route, @"\{\*?(\w+)").Select(m => m.Groups[1].Value).ToList();

    /// <summary>The path for these route values.</summary>
    public string Path(IReadOnlyDictionary<string, string> values) =>
        "/api/" + Regex.Replace(Route, @"\{\*?(\w+)(:[^}]+)?\}", m => values[m.Groups[1].Value]);

    public override string ToString() => Name;
}

/// <summary>
/// Runs an HTTP function the way the isolated worker runs it in Azure: the app's worker middleware
/// in the order FunctionsComposition.UseKommuntalMiddleware registers it, around the function method (its route values bound from the
/// invocation's binding data, as the host sends them); then the returned IActionResult executed on
/// the HttpContext, as the ASP.NET Core integration's proxying middleware does after the pipeline;
/// then the response's OnStarting callbacks, as the server fires them before the first byte.
/// </summary>
internal static class WorkerPipeline
{
    /// <summary>The worker middleware of FunctionsComposition.UseKommuntalMiddleware, in order (a test checks the list against it).</summary>
    public static readonly IReadOnlyList<Type> Middleware = [typeof(CorrelationMiddleware), typeof(SecurityHeadersMiddleware), typeof(YearRouteMiddleware)];

    /// <summary>What ASP.NET Core needs to execute action results (the integration has the same).</summary>
    private static readonly IServiceProvider ResultServices = new ServiceCollection().AddLogging().AddMvcCore().Services.BuildServiceProvider();

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

    /// <summary>Invokes <paramref name="function"/> for <paramref name="http"/> with the route values given.</summary>
    public static async Task<Outcome> RunAsync(IServiceProvider services, HttpFunction function, HttpContext http, IReadOnlyDictionary<string, string> route)
    {
        var ran = false;
        var context = new TestFunctionContext(function.Name, services, http, route.ToDictionary(kv => kv.Key, kv => (object?)kv.Value));
        FunctionExecutionDelegate pipeline = async ctx =>
        {
            ran = true;
            var target = ActivatorUtilities.CreateInstance(services, function.Method.DeclaringType!);
            var args = function.Method.GetParameters().Select(p =>
                p.ParameterType == typeof(HttpRequest) ? http.Request
                : p.ParameterType == typeof(CancellationToken) ? (object)CancellationToken.None
                : Convert.ChangeType(route[p.Name!], p.ParameterType, CultureInfo.InvariantCulture)).ToArray();
            var returned = function.Method.Invoke(target, args);
            ctx.Items[ResultKey] = returned is Task<IActionResult> task ? await task : (IActionResult)returned!;
        };
        foreach (var type in Middleware.Reverse())
        {
            var middleware = (IFunctionsWorkerMiddleware)ActivatorUtilities.CreateInstance(services, type);
            var inner = pipeline;
            pipeline = ctx => middleware.Invoke(ctx, inner);
        }
        var body = new StartingStream((ServerResponseFeature)http.Features.Get<IHttpResponseFeature>()!);
        http.Response.Body = body;
        await pipeline(context);

        if (context.Items.TryGetValue(ResultKey, out var result) && result is IActionResult action)
        {
            http.RequestServices = ResultServices;
            await action.ExecuteResultAsync(new ActionContext(http, new RouteData(), new ActionDescriptor()));
        }
        await body.EnsureStartedAsync();
        return new Outcome(http.Response.StatusCode, http.Response.Headers, http.Response.ContentType ?? "", body.ToArray(), ran);
    }

    private const string ResultKey = "test:invocation-result";

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

    /// <summary>The invocation context the worker builds: the HttpContext under the key the ASP.NET Core integration uses, and the trigger's binding data.</summary>
    private sealed class TestFunctionContext : FunctionContext
    {
        public TestFunctionContext(string name, IServiceProvider services, HttpContext http, Dictionary<string, object?> bindingData)
        {
            InstanceServices = services;
            FunctionDefinition = new Definition(name);
            BindingContext = new Bindings(bindingData);
            Items = new Dictionary<object, object> { ["HttpRequestContext"] = http };
        }

        public override string InvocationId { get; } = Guid.NewGuid().ToString();
        public override string FunctionId => FunctionDefinition.Id;
        public override TraceContext TraceContext => null!;
        public override BindingContext BindingContext { get; }
        public override RetryContext RetryContext => null!;
        public override IServiceProvider InstanceServices { get; set; }
        public override FunctionDefinition FunctionDefinition { get; }
        public override IDictionary<object, object> Items { get; set; }
        public override IInvocationFeatures Features { get; } = new InvocationFeatures();
        public override CancellationToken CancellationToken => CancellationToken.None;
    }

    private sealed class Bindings(IReadOnlyDictionary<string, object?> data) : BindingContext
    {
        public override IReadOnlyDictionary<string, object?> BindingData => data;
    }

    private sealed class Definition(string name) : FunctionDefinition
    {
        public override ImmutableArray<FunctionParameter> Parameters => [];
        public override string PathToAssembly => typeof(FunctionsComposition).Assembly.Location;
        public override string EntryPoint => name;
        public override string Id => name;
        public override string Name => name;
        public override IImmutableDictionary<string, BindingMetadata> InputBindings => ImmutableDictionary<string, BindingMetadata>.Empty;
        public override IImmutableDictionary<string, BindingMetadata> OutputBindings => ImmutableDictionary<string, BindingMetadata>.Empty;
    }

    private sealed class InvocationFeatures : IInvocationFeatures
    {
        private readonly Dictionary<Type, object> _features = [];
        public T? Get<T>() => _features.TryGetValue(typeof(T), out var f) ? (T)f : default;
        public void Set<T>(T instance) { if (instance is null) _features.Remove(typeof(T)); else _features[typeof(T)] = instance; }
        public IEnumerator<KeyValuePair<Type, object>> GetEnumerator() => _features.GetEnumerator();
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
