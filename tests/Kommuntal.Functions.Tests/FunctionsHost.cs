using Kommuntal.Testing;

namespace Kommuntal.Functions.Tests;

/// <summary>A TestHost with the Functions edge registered and the local development mode of access control on.</summary>
internal static class FunctionsHost
{
    public static TestHost Create(bool developmentMode = true, bool authenticationInFront = false, DateTimeOffset? now = null,
        IDictionary<string, string?>? settings = null, string? prefix = null, IEnumerable<Azure.Core.Pipeline.HttpPipelinePolicy>? storagePolicies = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["Security:DevelopmentMode"] = developmentMode.ToString(),
            ["Security:AuthenticationInFront"] = authenticationInFront.ToString(),
        };
        // What App Service sets on an instance with authentication on (the app refuses to start without it).
        if (authenticationInFront) all["WEBSITE_AUTH_ENABLED"] = "True";
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>()) all[k] = v;
        return new TestHost(all, configure: s => s.AddInProcessFunctions(), now: now, prefix: prefix, storagePolicies: storagePolicies);
    }
}
