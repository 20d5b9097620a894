using System.Collections.Immutable;
using System.Diagnostics;
using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Kommuntal.Tools.Serve;

/// <summary>
/// The <see cref="FunctionContext"/> of one invocation, shaped as the isolated worker's ASP.NET Core
/// integration leaves it for worker middleware:
/// <list type="bullet">
/// <item>the request's <see cref="HttpContext"/> is in <see cref="Items"/> under <c>"HttpRequestContext"</c>,
/// which is where <c>FunctionContextExtensions.GetHttpContext()</c> of
/// Microsoft.Azure.Functions.Worker.Extensions.Http.AspNetCore looks (its
/// <c>FunctionsHttpProxyingMiddleware</c> puts it there before the app's middleware runs);</item>
/// <item><see cref="InstanceServices"/> is the request's scope (the integration makes
/// <c>HttpContext.RequestServices</c> the invocation's scope, so both are one);</item>
/// <item>the worker's bindings feature is present, so <c>GetInvocationResult()</c> reads and replaces
/// the function's return value, which is executed after the middleware as the integration does.</item>
/// </list>
/// Both are checked at start-up by <see cref="ContextSelfCheck"/> against the real extension methods.
/// </summary>
public sealed class ServedFunctionContext : FunctionContext
{
    /// <summary>Where the ASP.NET Core integration keeps the HttpContext (its internal Constants.HttpContextKey).</summary>
    public const string HttpContextKey = "HttpRequestContext";

    private readonly InvocationFeatures _features = new();

    public ServedFunctionContext(ServedFunctionDefinition definition, IServiceProvider services, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, object?>? bindingData = null)
    {
        FunctionDefinition = definition;
        InstanceServices = services;
        CancellationToken = cancellationToken;
        BindingContext = new ServedBindingContext(bindingData ?? new Dictionary<string, object?>());
        Bindings = BindingsFeature.New(BindingContext.BindingData);
        _features.Set(BindingsFeature.InterfaceType, Bindings);
    }

    public override string InvocationId { get; } = Guid.NewGuid().ToString();
    public override string FunctionId => FunctionDefinition.Id;
    public override TraceContext TraceContext { get; } = new ServedTraceContext(Activity.Current);
    public override BindingContext BindingContext { get; }
    public override RetryContext RetryContext => null!;
    public override IServiceProvider InstanceServices { get; set; }
    public override FunctionDefinition FunctionDefinition { get; }
    public override IDictionary<object, object> Items { get; set; } = new Dictionary<object, object>();
    public override IInvocationFeatures Features => _features;
    public override CancellationToken CancellationToken { get; }

    /// <summary>Whether the function itself was called (middleware may answer before it, e.g. a year out of range).</summary>
    public bool FunctionRan { get; internal set; }

    /// <summary>The timer trigger's value for a timer invocation.</summary>
    public TimerInfo? Timer { get; init; }

    /// <summary>The worker's bindings feature (InvocationResult is the function's return value).</summary>
    internal BindingsFeature Bindings { get; }

    public HttpContext? Http => Items.TryGetValue(HttpContextKey, out var h) ? h as HttpContext : null;

    public object? InvocationResult
    {
        get => Bindings.InvocationResult;
        set => Bindings.InvocationResult = value;
    }

    private sealed class InvocationFeatures : IInvocationFeatures
    {
        private readonly Dictionary<Type, object> _features = [];
        public T? Get<T>() => _features.TryGetValue(typeof(T), out var f) ? (T)f : default;
        public void Set<T>(T instance) => Set(typeof(T), instance);
        public void Set(Type type, object? instance)
        {
            if (instance is null) _features.Remove(type);
            else _features[type] = instance;
        }
        public IEnumerator<KeyValuePair<Type, object>> GetEnumerator() => _features.GetEnumerator();
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}

/// <summary>
/// The worker's <c>IFunctionBindingsFeature</c> (internal to Microsoft.Azure.Functions.Worker.Core;
/// the public <c>GetInvocationResult()</c>, <c>GetInputData()</c> and <c>GetOutputBindings()</c> read
/// it), implemented through <see cref="DispatchProxy"/>, which may implement a non-public interface.
/// </summary>
public class BindingsFeature : DispatchProxy
{
    public static readonly Type InterfaceType = typeof(FunctionContext).Assembly.GetType(
        "Microsoft.Azure.Functions.Worker.Context.Features.IFunctionBindingsFeature", throwOnError: false)
        ?? throw new InvalidOperationException(
            "Microsoft.Azure.Functions.Worker.Core has no IFunctionBindingsFeature: the worker package changed; update ServedFunctionContext.");

    public object? InvocationResult { get; set; }
    private IReadOnlyDictionary<string, object?> _triggerMetadata = new Dictionary<string, object?>();
    private readonly Dictionary<string, object?> _outputBindingData = [];

    internal static BindingsFeature New(IReadOnlyDictionary<string, object?> triggerMetadata)
    {
        var proxy = (BindingsFeature)Create(InterfaceType, typeof(BindingsFeature));
        proxy._triggerMetadata = triggerMetadata;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) => targetMethod?.Name switch
    {
        "get_InvocationResult" => InvocationResult,
        "set_InvocationResult" => InvocationResult = args![0],
        "get_TriggerMetadata" or "get_InputData" => _triggerMetadata,
        "get_OutputBindingData" => _outputBindingData,
        "get_OutputBindingsInfo" => null,
        var other => throw new NotSupportedException($"IFunctionBindingsFeature.{other} is not supported by the local server."),
    };
}

/// <summary>What the worker knows of a function: name, entry point, parameters, bindings.</summary>
public sealed class ServedFunctionDefinition : FunctionDefinition
{
    public ServedFunctionDefinition(ServedFunction function)
    {
        Name = function.Name;
        Id = "serve-" + function.Name;
        EntryPoint = function.EntryPoint;
        PathToAssembly = function.Method.DeclaringType!.Assembly.Location;
        Parameters = [.. function.Method.GetParameters().Select(p => new FunctionParameter(p.Name!, p.ParameterType))];
        var trigger = function.Kind == TriggerKind.Http ? "httpTrigger" : "timerTrigger";
        InputBindings = ImmutableDictionary<string, BindingMetadata>.Empty
            .Add(function.TriggerParameter.Name!, new ServedBindingMetadata(function.TriggerParameter.Name!, trigger, BindingDirection.In));
        OutputBindings = function.Kind == TriggerKind.Http
            ? ImmutableDictionary<string, BindingMetadata>.Empty.Add("$return", new ServedBindingMetadata("$return", "http", BindingDirection.Out))
            : ImmutableDictionary<string, BindingMetadata>.Empty;
    }

    public override ImmutableArray<FunctionParameter> Parameters { get; }
    public override string PathToAssembly { get; }
    public override string EntryPoint { get; }
    public override string Id { get; }
    public override string Name { get; }
    public override IImmutableDictionary<string, BindingMetadata> InputBindings { get; }
    public override IImmutableDictionary<string, BindingMetadata> OutputBindings { get; }
}

internal sealed class ServedBindingMetadata(string name, string type, BindingDirection direction) : BindingMetadata
{
    public override string Name { get; } = name;
    public override string Type { get; } = type;
    public override BindingDirection Direction { get; } = direction;
}

internal sealed class ServedBindingContext(IReadOnlyDictionary<string, object?> data) : BindingContext
{
    public override IReadOnlyDictionary<string, object?> BindingData { get; } = data;
}

internal sealed class ServedTraceContext(Activity? activity) : TraceContext
{
    public override string TraceParent { get; } = activity?.Id ?? "";
    public override string TraceState { get; } = activity?.TraceStateString ?? "";
}
