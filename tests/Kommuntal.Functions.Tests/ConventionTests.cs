using System.Reflection;
using Kommuntal.Testing;

namespace Kommuntal.Functions.Tests;

public class ConventionTests
{
    public static TheoryData<string> Assemblies => new()
    {
        typeof(Kommuntal.Core.Allocation.KommuntalModel).Assembly.GetName().Name!,
        typeof(Kommuntal.Application.Services.CountyYearService).Assembly.GetName().Name!,
        typeof(Kommuntal.Infrastructure.ServiceCollectionExtensions).Assembly.GetName().Name!,
        typeof(Kommuntal.Web.Rendering.PageRenderer).Assembly.GetName().Name!,
        typeof(FunctionsComposition).Assembly.GetName().Name!,
    };

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void A_cancellation_token_is_the_last_parameter_everywhere(string assembly)
    {
        var found = Conventions.TokenNotLast(Assembly.Load(assembly));
        var offenders = found.Where(f => !Conventions.TokenNotLastYet.Contains(f[..f.IndexOf('(', StringComparison.Ordinal)])).ToList();
        Assert.True(offenders.Count == 0, $"{assembly}: the CancellationToken is not last in\n{string.Join("\n", offenders)}");
    }
}
