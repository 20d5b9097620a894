using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using Kommuntal.Functions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.DependencyInjection;

namespace Kommuntal.Tools.Serve;

/// <summary>
/// The worker's invocation pipeline as the app configures it. <c>Program.cs</c> calls
/// <c>FunctionsComposition.UseKommuntalMiddleware</c> on the real worker's builder; this server calls
/// the same method on this builder, so the same middleware (registered by the worker's own
/// <c>UseMiddleware&lt;T&gt;</c> and friends) runs in the same order, the first added outermost.
/// </summary>
public sealed class WorkerPipeline(IServiceCollection services) : IFunctionsWorkerApplicationBuilder
{
    private readonly List<Func<FunctionExecutionDelegate, FunctionExecutionDelegate>> _components = [];

    public IServiceCollection Services { get; } = services;

    /// <summary>How many middleware the app added.</summary>
    public int Count => _components.Count;

    public IFunctionsWorkerApplicationBuilder Use(Func<FunctionExecutionDelegate, FunctionExecutionDelegate> middleware)
    {
        _components.Add(middleware);
        return this;
    }

    /// <summary>
    /// The app's worker middleware (<see cref="FunctionsComposition.UseKommuntalMiddleware"/>) on a
    /// pipeline of these services, and an invoker of the catalog's functions through it: what this
    /// server runs, and what the Functions tests run in process.
    /// </summary>
    public static IServiceCollection AddFunctionInvoker(IServiceCollection services, FunctionCatalog catalog)
    {
        var pipeline = new WorkerPipeline(services);
        pipeline.UseKommuntalMiddleware();
        return services.AddSingleton(catalog).AddSingleton(pipeline).AddSingleton<FunctionInvoker>();
    }

    /// <summary>The middleware around <paramref name="function"/>, the first added outermost.</summary>
    public FunctionExecutionDelegate Build(FunctionExecutionDelegate function)
    {
        var next = function;
        for (var i = _components.Count - 1; i >= 0; i--) next = _components[i](next);
        return next;
    }
}

/// <summary>
/// Runs a function through the pipeline: creates the function class per invocation from the
/// invocation's services (as the worker's default activator does), binds its parameters and keeps
/// its return value as the invocation result. Every parameter of every function is bound by a plan
/// made at start-up, so a parameter this server cannot bind stops it before it listens.
/// </summary>
public sealed class FunctionInvoker
{
    private readonly Dictionary<string, Plan> _plans = new(StringComparer.OrdinalIgnoreCase);
    private readonly FunctionExecutionDelegate _pipeline;

    public FunctionInvoker(FunctionCatalog catalog, WorkerPipeline pipeline)
    {
        foreach (var f in catalog.Functions) _plans[f.Name] = Plan.For(f);
        _pipeline = pipeline.Build(ExecuteAsync);
    }

    public ServedFunctionDefinition Definition(ServedFunction function) => _plans[function.Name].Definition;

    /// <summary>Runs the middleware and the function; the result is left in <see cref="ServedFunctionContext.InvocationResult"/>.</summary>
    public Task InvokeAsync(ServedFunctionContext context) => _pipeline(context);

    /// <summary>
    /// Runs an HTTP function for a routed request as the ASP.NET Core integration does: an invocation
    /// with <paramref name="services"/> (the request's scope), the request's route values as binding
    /// data and its HttpContext where middleware finds it; the middleware and the function; then the
    /// invocation result executed on the response (with the request's services) unless the request
    /// was aborted. A function that wrote the response itself returns nothing. Exceptions go up.
    /// </summary>
    public async Task<ServedFunctionContext> InvokeHttpAsync(HttpContext http, ServedFunction function, IServiceProvider services)
    {
        var routeValues = http.Request.RouteValues.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.OrdinalIgnoreCase);
        var context = new ServedFunctionContext(Definition(function), services, http.RequestAborted, routeValues);
        context.Items[ServedFunctionContext.HttpContextKey] = http;
        await InvokeAsync(context);
        var result = context.InvocationResult switch
        {
            IActionResult r => r,
            null => null,
            var value => new ObjectResult(value),
        };
        if (result is not null && !http.RequestAborted.IsCancellationRequested)
            await result.ExecuteResultAsync(new ActionContext(http, http.GetRouteData(), new ActionDescriptor()));
        return context;
    }

    private async Task ExecuteAsync(FunctionContext context)
    {
        var served = (ServedFunctionContext)context;
        var plan = _plans[context.FunctionDefinition.Name];
        var instance = plan.Factory?.Invoke(context.InstanceServices, null);
        var args = new object?[plan.Binders.Length];
        for (var i = 0; i < args.Length; i++) args[i] = plan.Binders[i](served);
        served.FunctionRan = true;
        var returned = plan.Method.Invoke(instance, BindingFlags.DoNotWrapExceptions, null, args, CultureInfo.InvariantCulture);
        served.InvocationResult = await plan.Await(returned);
    }

    private sealed record Plan(ServedFunctionDefinition Definition, MethodInfo Method, ObjectFactory? Factory,
        Func<ServedFunctionContext, object?>[] Binders, Func<object?, Task<object?>> Await)
    {
        public static Plan For(ServedFunction f)
        {
            var m = f.Method;
            var factory = m.IsStatic ? null : ActivatorUtilities.CreateFactory(m.DeclaringType!, Type.EmptyTypes);
            return new Plan(new ServedFunctionDefinition(f), m, factory, [.. m.GetParameters().Select(p => Binder(f, p))], Awaiter(m.ReturnType));
        }

        private static Func<ServedFunctionContext, object?> Binder(ServedFunction f, ParameterInfo p)
        {
            var type = p.ParameterType;
            if (type == typeof(HttpRequest) && f.Kind == TriggerKind.Http) return c => c.Http!.Request;
            if (type == typeof(HttpContext) && f.Kind == TriggerKind.Http) return c => c.Http;
            if (type == typeof(TimerInfo) && f.Kind == TriggerKind.Timer) return c => c.Timer;
            if (type.IsAssignableFrom(typeof(ServedFunctionContext))) return c => c;
            if (type == typeof(CancellationToken)) return c => c.CancellationToken;
            var routeName = f.RouteParameters.FirstOrDefault(r => string.Equals(r, p.Name, StringComparison.OrdinalIgnoreCase));
            if (routeName is not null)
            {
                var converter = TypeDescriptor.GetConverter(type);
                if (type != typeof(string) && !converter.CanConvertFrom(typeof(string)))
                    throw new InvalidOperationException($"Function {f.Name}: route value '{routeName}' cannot be converted to {type.Name}.");
                return c => c.Http!.GetRouteValue(routeName) is { } v
                    ? type == typeof(string) ? Convert.ToString(v, CultureInfo.InvariantCulture) : converter.ConvertFrom(null, CultureInfo.InvariantCulture, Convert.ToString(v, CultureInfo.InvariantCulture)!)
                    : p.HasDefaultValue ? p.DefaultValue : null;
            }
            if (p.HasDefaultValue) return _ => p.DefaultValue;
            throw new InvalidOperationException(
                $"Function {f.Name}: parameter '{p.Name}' ({type.Name}) is neither the trigger, a route value, FunctionContext nor CancellationToken; the local server cannot bind it.");
        }

        private static Func<object?, Task<object?>> Awaiter(Type returnType)
        {
            if (returnType == typeof(void)) return _ => Task.FromResult<object?>(null);
            if (returnType == typeof(Task)) return async r => { await (Task)r!; return null; };
            if (returnType == typeof(ValueTask)) return async r => { await (ValueTask)r!; return null; };
            if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(Task<>))
            {
                var result = returnType.GetProperty(nameof(Task<object>.Result))!;
                return async r => { await (Task)r!; return result.GetValue(r); };
            }
            if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(ValueTask<>))
            {
                var asTask = returnType.GetMethod(nameof(ValueTask<object>.AsTask))!;
                var result = typeof(Task<>).MakeGenericType(returnType.GetGenericArguments()[0]).GetProperty(nameof(Task<object>.Result))!;
                return async r => { var t = (Task)asTask.Invoke(r, null)!; await t; return result.GetValue(t); };
            }
            return r => Task.FromResult(r);
        }
    }
}
