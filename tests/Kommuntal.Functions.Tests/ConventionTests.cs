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
    public void A_cancellation_token_is_the_last_parameter_everywhere(string assembly) =>
        Assert.Null(Conventions.TokenNotLastFailure(Assembly.Load(assembly)));
}
