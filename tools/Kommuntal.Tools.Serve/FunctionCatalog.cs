using System.Reflection;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Azure.Functions.Worker;

namespace Kommuntal.Tools.Serve;

public enum TriggerKind { Http, Timer }

/// <summary>
/// One function of the app as its attributes declare it: <c>[Function(name)]</c> on a public
/// method, its trigger parameter (<c>[HttpTrigger]</c> or <c>[TimerTrigger]</c>) and what the
/// Functions host would read from them (the same values the Worker SDK writes to functions.metadata).
/// </summary>
public sealed record ServedFunction(
    string Name,
    MethodInfo Method,
    TriggerKind Kind,
    ParameterInfo TriggerParameter,
    string? Route,
    IReadOnlyList<string> Methods,
    AuthorizationLevel AuthLevel,
    string? Schedule)
{
    /// <summary>Namespace.Class.Method, as functions.metadata's entryPoint.</summary>
    public string EntryPoint => $"{Method.DeclaringType!.FullName}.{Method.Name}";

    /// <summary>The HTTP methods in upper case; empty means every method (a trigger without methods).</summary>
    public IReadOnlyList<string> HttpMethods => [.. Methods.Select(m => m.ToUpperInvariant())];

    /// <summary>The route parameters of an HTTP function's template (e.g. year, county, path).</summary>
    public IReadOnlyList<string> RouteParameters =>
        Route is null ? [] : [.. RoutePatternFactory.Parse(Route).Parameters.Select(p => p.Name)];
}

/// <summary>The functions found in an assembly, and those with a trigger this server cannot serve.</summary>
public sealed record FunctionCatalog(IReadOnlyList<ServedFunction> Functions, IReadOnlyList<string> Unsupported)
{
    public IEnumerable<ServedFunction> Http => Functions.Where(f => f.Kind == TriggerKind.Http);
    public IEnumerable<ServedFunction> Timers => Functions.Where(f => f.Kind == TriggerKind.Timer);

    public ServedFunction? Find(string name) =>
        Functions.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Reads every <c>[Function]</c> method of the assembly (public types, public methods, as the
    /// Worker SDK does). An HTTP trigger without a route is served at the function's name, without
    /// methods on every method, without a level at <see cref="AuthorizationLevel.Function"/>: the
    /// attribute's own defaults.
    /// </summary>
    public static FunctionCatalog Discover(Assembly assembly)
    {
        var functions = new List<ServedFunction>();
        var unsupported = new List<string>();
        var methods = assembly.GetExportedTypes()
            .Where(t => t.IsClass)
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Select(m => (Method: m, Attribute: m.GetCustomAttribute<FunctionAttribute>()))
            .Where(x => x.Attribute is not null)
            .OrderBy(x => x.Attribute!.Name, StringComparer.Ordinal);
        foreach (var (method, attribute) in methods)
        {
            var name = attribute!.Name;
            var http = Trigger<HttpTriggerAttribute>(method);
            var timer = Trigger<TimerTriggerAttribute>(method);
            if (http is { } h)
            {
                var route = string.IsNullOrEmpty(h.Attribute.Route) ? name : h.Attribute.Route;
                functions.Add(new ServedFunction(name, method, TriggerKind.Http, h.Parameter, route,
                    [.. (h.Attribute.Methods ?? []).Select(m => m.ToLowerInvariant())], h.Attribute.AuthLevel, null));
            }
            else if (timer is { } t)
            {
                functions.Add(new ServedFunction(name, method, TriggerKind.Timer, t.Parameter, null, [], AuthorizationLevel.Admin, t.Attribute.Schedule));
            }
            else
            {
                var trigger = method.GetParameters().SelectMany(p => p.GetCustomAttributes())
                    .FirstOrDefault(a => a.GetType().Name.EndsWith("TriggerAttribute", StringComparison.Ordinal));
                unsupported.Add($"{name} ({trigger?.GetType().Name ?? "no trigger"})");
            }
        }
        return new FunctionCatalog(functions, unsupported);
    }

    private static (ParameterInfo Parameter, T Attribute)? Trigger<T>(MethodInfo method) where T : Attribute =>
        method.GetParameters().Select(p => (p, a: p.GetCustomAttribute<T>())).Where(x => x.a is not null)
            .Select(x => ((ParameterInfo, T)?)(x.p, x.a!)).FirstOrDefault();
}
