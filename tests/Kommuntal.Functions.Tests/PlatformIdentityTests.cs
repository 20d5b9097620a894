using Kommuntal.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Kommuntal.Functions.Tests;

/// <summary>
/// Identity that is not there (issue 14, item 3): the Functions app's host, built as Program.cs builds
/// it (AddKommuntalFunctions on a host builder), refuses to start when the principal header would be
/// trusted without App Service authentication, or when development roles are on in Azure. The
/// platform variables reach the app through configuration (the host adds the environment).
/// </summary>
public class PlatformIdentityTests
{
    private static IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = TestStorage.ConnectionString,
            ["Storage:Prefix"] = TestStorage.NewPrefix(),
            // Required in Azure too (the portal's forms), but not what these tests are about.
            ["Kommuntal:Web:AntiforgeryKey"] = TestSecrets.AntiforgeryKey,
        }.Where(kv => !settings.ContainsKey(kv.Key)).Concat(settings));
        builder.Services.AddKommuntalFunctions(builder.Configuration);
        return builder.Build();
    }

    private static async Task<string> Refused(Dictionary<string, string?> settings)
    {
        using var app = Build(settings);
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());
        return ex.Message;
    }

    private static async Task Starts(Dictionary<string, string?> settings)
    {
        using var app = Build(settings);
        await app.StartAsync();
        await app.StopAsync();
    }

    [Fact]
    public async Task Authentication_in_front_is_refused_unless_the_platform_says_App_Service_authentication_is_on()
    {
        var message = await Refused(new() { ["Security:AuthenticationInFront"] = "true", ["WEBSITE_HOSTNAME"] = "func-kommuntal-prod-abc123.azurewebsites.net" });
        Assert.Contains("Security:AuthenticationInFront is true but App Service authentication is not on", message);
        Assert.Contains("WEBSITE_AUTH_ENABLED=True", message);

        // Switched off by the platform is the same as absent.
        message = await Refused(new() { ["Security:AuthenticationInFront"] = "true", ["WEBSITE_AUTH_ENABLED"] = "False" });
        Assert.Contains("WEBSITE_AUTH_ENABLED", message);

        await Starts(new() { ["Security:AuthenticationInFront"] = "true", ["WEBSITE_AUTH_ENABLED"] = "True", ["WEBSITE_HOSTNAME"] = "func-kommuntal-prod-abc123.azurewebsites.net" });
        await Starts(new() { ["Security:AuthenticationInFront"] = "false" });
    }

    [Theory]
    [InlineData("WEBSITE_HOSTNAME", "func-kommuntal-test-abc123.azurewebsites.net")]
    [InlineData("WEBSITE_INSTANCE_ID", "7c1e0d0fb1f6a2e0c0ffee")]
    public async Task Development_mode_is_refused_whenever_the_app_runs_in_Azure(string variable, string value)
    {
        var message = await Refused(new() { ["Security:DevelopmentMode"] = "true", [variable] = value });
        Assert.Contains($"Security:DevelopmentMode is refused in Azure ({variable} is set)", message);
        // Not even with authentication on: the header would still be read when no principal is sent.
        message = await Refused(new() { ["Security:DevelopmentMode"] = "true", [variable] = value, ["WEBSITE_AUTH_ENABLED"] = "True" });
        Assert.Contains("refused in Azure", message);
    }

    [Fact]
    public async Task Development_mode_starts_locally_where_no_platform_variable_is_set()
    {
        await Starts(new() { ["Security:DevelopmentMode"] = "true" });
    }
}
