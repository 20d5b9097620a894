using System.Reflection;
using System.Runtime.CompilerServices;

namespace Kommuntal.Testing;

/// <summary>
/// Code conventions that no analyzer checks as the team wants them (docs/conventions.md). CA1068 lets
/// optional parameters follow a <see cref="CancellationToken"/>; here the token is last, full stop.
/// </summary>
public static class Conventions
{
    /// <summary>
    /// The methods that still take an optional parameter after their token, as "Type.Method": known debt
    /// (docs/conventions.md), each to be turned round with its callers. The list only shrinks: a method
    /// not on it fails the convention test.
    /// </summary>
    public static readonly IReadOnlySet<string> TokenNotLastYet = new HashSet<string>(StringComparer.Ordinal)
    {
        "Kommuntal.Application.Services.CountyYearService.ProposeAsync",
        "Kommuntal.Application.Services.CountyYearService.SetWishesAsync",
        "Kommuntal.Application.Services.CountyYearService.DecideAsync",
        "Kommuntal.Application.Services.CountyYearService.PublishAsync",
        "Kommuntal.Application.Services.CountyYearService.PublishProposalAsync",
        "Kommuntal.Application.Services.DeliveryStatusService.TryUpdateAsync",
        "Kommuntal.Functions.Http.JsonBody.ReadAsync",
        "Kommuntal.Cli.CliContext.BuildServicesAsync",
    };

    /// <summary>Every method and constructor of <paramref name="assembly"/> that takes a token, as
    /// "Type.Method(parameters)", where the token is not the last parameter.</summary>
    public static IReadOnlyList<string> TokenNotLast(Assembly assembly)
    {
        const BindingFlags declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var found = new List<string>();
        foreach (var type in Types(assembly))
        {
            if (type.IsDefined(typeof(CompilerGeneratedAttribute), false)) continue;
            foreach (var method in type.GetMethods(declared).Cast<MethodBase>().Concat(type.GetConstructors(declared)))
            {
                if (method.IsDefined(typeof(CompilerGeneratedAttribute), false) || method.Name.Contains('<', StringComparison.Ordinal)) continue;
                var parameters = method.GetParameters();
                var token = Array.FindLastIndex(parameters, p => p.ParameterType == typeof(CancellationToken));
                if (token >= 0 && token != parameters.Length - 1)
                    found.Add($"{type.FullName}.{method.Name}({string.Join(", ", parameters.Select(p => p.ParameterType.Name + " " + p.Name))})");
            }
        }
        return found;
    }

    private static IEnumerable<Type> Types(Assembly assembly)
    {
        try { return assembly.GetTypes(); }
        catch (ReflectionTypeLoadException e) { return e.Types.OfType<Type>(); }
    }
}
