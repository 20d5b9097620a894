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
    /// Null when every method and constructor of <paramref name="assembly"/> takes its token last;
    /// otherwise the failure message naming every offender. The check the convention tests share.
    /// </summary>
    public static string? TokenNotLastFailure(Assembly assembly)
    {
        var offenders = TokenNotLast(assembly);
        return offenders.Count == 0 ? null : $"{assembly.GetName().Name}: the CancellationToken is not last in\n{string.Join("\n", offenders)}";
    }

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
