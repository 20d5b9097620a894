using Kommuntal.Testing;

namespace Kommuntal.Functions.Tests;

/// <summary>A TestHost with the Functions edge registered and the local development mode of access control on.</summary>
internal static class FunctionsHost
{
    public static TestHost Create(bool developmentMode = true, bool authenticationInFront = false, DateTimeOffset? now = null) =>
        new(new Dictionary<string, string?>
        {
            ["Security:DevelopmentMode"] = developmentMode.ToString(),
            ["Security:AuthenticationInFront"] = authenticationInFront.ToString(),
        }, configure: s => s.AddKommuntalEdge(), now: now);
}
