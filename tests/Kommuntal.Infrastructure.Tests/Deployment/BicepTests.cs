using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Kommuntal.Testing;
using Xunit.Abstractions;

namespace Kommuntal.Infrastructure.Tests.Deployment;

/// <summary>
/// The infrastructure (infra/main.bicep) lints and builds with the pinned Bicep CLI without errors
/// or warnings, and what it would deploy has the security properties the app relies on: no keys,
/// managed identity everywhere, exactly the roles the app needs, and the settings the app reads.
/// </summary>
[Collection(BicepCollection.Name)]
public sealed class BicepTests(BicepFixture bicep, ITestOutputHelper output)
{
    internal const string BlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    internal const string TableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    internal const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";
    internal const string CommunicationAndEmailServiceOwner = "09976791-48a7-449e-bb21-39d1a415f350";

    internal static readonly string[] DeployableScenarios = ["test", "prod", "custom"];

    /// <summary>Every app setting the template sets; the app reads each (see README "Configuration").</summary>
    private static readonly string[] ExpectedAppSettings =
    [
        "AzureWebJobsStorage__accountName", "AzureWebJobsStorage__credential", "Storage__AccountName",
        "Email__Sender", "Email__Acs__Endpoint", "Kommuntal__Notifications__SenderAddress", "Kommuntal__PublicBaseUrl", "Kommuntal__Web__AntiforgeryKey",
        "Schedules__YearlyRun", "Schedules__Inbox", "Schedules__Notifications", "Schedules__DeliveryStatus", "Schedules__Reminders", "Schedules__FulfilmentReminders",
        "Security__AuthenticationInFront", "APPLICATIONINSIGHTS_CONNECTION_STRING", "APPLICATIONINSIGHTS_AUTHENTICATION_STRING",
    ];

    [Fact]
    public void Lint_reports_no_errors_and_no_warnings()
    {
        output.WriteLine($"bicep lint: {bicep.Lint.Elapsed.TotalSeconds:0.0} s; all Bicep runs of the fixture: {bicep.Elapsed.TotalSeconds:0.0} s");
        Assert.True(bicep.Lint.ExitCode == 0, bicep.Lint.Describe());
        Assert.True(bicep.Lint.Problems.Count == 0, bicep.Lint.Describe());
    }

    [Fact]
    public void Build_compiles_main_bicep_to_an_ARM_template_without_errors_or_warnings()
    {
        output.WriteLine($"bicep build: {bicep.Build.Elapsed.TotalSeconds:0.0} s");
        Assert.True(bicep.Build.ExitCode == 0, bicep.Build.Describe());
        Assert.True(bicep.Build.Problems.Count == 0, bicep.Build.Describe());
        Assert.Equal(BicepCli.Version, ((string)bicep.Template["metadata"]!["_generator"]!["version"]!)[..BicepCli.Version.Length]);
        // Language version 2.0 (user-defined types: the inboxUploaders parameter): resources by symbolic name.
        Assert.Equal("2.0", (string?)bicep.Template["languageVersion"]);
        Assert.NotEmpty(bicep.Template["resources"]!.AsObject());
    }

    [Fact]
    public void Every_parameter_file_scenario_expands_without_problems()
    {
        foreach (var scenario in DeployableScenarios)
        {
            var run = bicep.SnapshotRuns[scenario];
            output.WriteLine($"bicep snapshot ({scenario}): {run.Elapsed.TotalSeconds:0.0} s");
            Assert.True(run.ExitCode == 0 && run.Problems.Count == 0, run.Describe());
            Assert.Empty(bicep.Snapshots[scenario]["diagnostics"]!.AsArray());
        }
    }

    [Fact]
    public void The_tools_project_pins_the_Bicep_CLI_version_the_tests_run()
    {
        var project = File.ReadAllText(Samples.Path("tools", "Kommuntal.Tools.Bicep", "Kommuntal.Tools.Bicep.csproj"));
        Assert.Contains($"<PackageDownload Include=\"{BicepCli.PackageId}\" Version=\"[{BicepCli.Version}]\" />", project);
        Assert.Contains(Path.Combine(BicepCli.PackageId.ToLowerInvariant(), BicepCli.Version), BicepCli.Locate().Replace('\\', '/'));
    }

    [Fact]
    public void The_diagnostics_parser_recognises_errors_and_warnings()
    {
        var parsed = BicepCli.ParseDiagnostics(
            "/tmp/x/main.bicep(197,5) : Warning BCP037: The property \"bogus\" is not allowed on objects of type \"X\".\n" +
            "/tmp/x/main.bicep(3,1) : Error no-unused-params: Parameter \"a\" is declared but never used. [https://aka.ms/bicep/linter-diagnostics#no-unused-params]\n" +
            "Build succeeded.\n");
        Assert.Equal(2, parsed.Count);
        Assert.Equal(("Warning", "BCP037", 197), (parsed[0].Level, parsed[0].Code, parsed[0].Line));
        Assert.Equal(("Error", "no-unused-params", 3), (parsed[1].Level, parsed[1].Code, parsed[1].Line));
    }

    [Fact]
    public void Resource_names_are_valid_and_globally_unique_names_carry_the_hash()
    {
        foreach (var scenario in DeployableScenarios)
        {
            var storage = (string)DataAccount(bicep, scenario)["name"]!;
            Assert.Matches("^st[a-z0-9]{1,9}[a-z0-9]{13}$", storage);
            Assert.InRange(storage.Length, 3, 24);
            var host = (string)HostAccount(bicep, scenario)["name"]!;
            Assert.Matches("^sth[a-z0-9]{1,8}[a-z0-9]{13}$", host);
            Assert.InRange(host.Length, 3, 24);
            Assert.Equal(storage[^13..], host[^13..]);
            var site = (string)bicep.Single(scenario, "Microsoft.Web/sites")["name"]!;
            var acs = (string)bicep.Single(scenario, "Microsoft.Communication/communicationServices")["name"]!;
            Assert.Matches("^func-kommuntal-[a-z0-9-]+-[a-z0-9]{6}$", site);
            Assert.InRange(site.Length, 2, 60);
            Assert.Matches("^acs-kommuntal-[a-z0-9-]+-[a-z0-9]{6}$", acs);
            // The same hash in every globally unique name.
            Assert.Equal(site[^6..], acs[^6..]);
            Assert.Equal(site[^6..], storage[^13..][..6]);
        }
        Assert.StartsWith("stacceptanc", (string)DataAccount(bicep, "custom")["name"]!);
        Assert.StartsWith("sthacceptan", (string)HostAccount(bicep, "custom")["name"]!);
    }

    [Fact]
    public void Application_Insights_accepts_telemetry_only_with_Entra_ID()
    {
        foreach (var scenario in DeployableScenarios)
        {
            Assert.True((bool)bicep.Single(scenario, "Microsoft.Insights/components")["properties"]!["DisableLocalAuth"]!);
            Assert.True((bool)bicep.Single(scenario, "Microsoft.OperationalInsights/workspaces")["properties"]!["features"]!["disableLocalAuth"]!);
            var settings = bicep.AppSettings(scenario);
            Assert.Equal("Authorization=AAD", settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]);
            Assert.Contains("/providers/Microsoft.Insights/components/", settings["APPLICATIONINSIGHTS_CONNECTION_STRING"]);
            Assert.EndsWith(".ConnectionString]", settings["APPLICATIONINSIGHTS_CONNECTION_STRING"]);
        }
    }

    [Fact]
    public void The_function_app_is_Flex_Consumption_dotnet_isolated_10_with_a_system_assigned_identity()
    {
        foreach (var scenario in DeployableScenarios)
        {
            var plan = bicep.Single(scenario, "Microsoft.Web/serverfarms");
            Assert.Equal("FC1", (string?)plan["sku"]!["name"]);
            Assert.Equal("FlexConsumption", (string?)plan["sku"]!["tier"]);

            var site = bicep.Single(scenario, "Microsoft.Web/sites");
            Assert.Equal("SystemAssigned", (string?)site["identity"]!["type"]);
            Assert.Equal("functionapp,linux", (string?)site["kind"]);
            var properties = site["properties"]!;
            Assert.Equal((string?)plan["id"], (string?)properties["serverFarmId"]);
            Assert.True((bool)properties["httpsOnly"]!);
            Assert.Equal("1.2", (string?)properties["siteConfig"]!["minTlsVersion"]);
            Assert.Equal("Disabled", (string?)properties["siteConfig"]!["ftpsState"]);

            var config = properties["functionAppConfig"]!;
            Assert.Equal("dotnet-isolated", (string?)config["runtime"]!["name"]);
            Assert.Equal("10.0", (string?)config["runtime"]!["version"]);
            Assert.Equal("blobContainer", (string?)config["deployment"]!["storage"]!["type"]);
            Assert.Equal("SystemAssignedIdentity", (string?)config["deployment"]!["storage"]!["authentication"]!["type"]);

            // No FTP and no basic-auth publishing.
            var policies = bicep.Resources(scenario, "Microsoft.Web/sites/basicPublishingCredentialsPolicies");
            Assert.Equal(new[] { "ftp", "scm" }, policies.Select(p => LastSegment(p)).Order());
            Assert.All(policies, p => Assert.False((bool)p["properties"]!["allow"]!));
        }
    }

    [Fact]
    public void No_key_or_secret_is_read_or_configured_anywhere()
    {
        var template = bicep.Build.StandardOutput;
        foreach (var forbidden in new[] { "listKeys", "listkeys", "listConnectionStrings", "AccountKey", "accesskey", "SharedAccessKey", "secureObject" })
        {
            Assert.DoesNotContain(forbidden, template, StringComparison.OrdinalIgnoreCase);
        }
        // No credential to any service: the one secure parameter is the portal's own anti-forgery key
        // (key material the app signs its forms with, not access to anything), random per deployment.
        Assert.Equal(["portalAntiforgeryKey"], bicep.Template["parameters"]!.AsObject()
            .Where(p => string.Equals((string?)p.Value!["type"], "securestring", StringComparison.OrdinalIgnoreCase)).Select(p => p.Key));
        foreach (var scenario in DeployableScenarios)
        {
            Assert.All(bicep.AppSettings(scenario), setting =>
            {
                Assert.DoesNotContain("AccountKey", setting.Value, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain("accesskey", setting.Value, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain("SharedAccessKey", setting.Value, StringComparison.OrdinalIgnoreCase);
                // Connection strings are for Azurite only (Storage__ConnectionString, an ACS connection string with a key).
                if (setting.Key != "APPLICATIONINSIGHTS_CONNECTION_STRING") Assert.DoesNotContain("ConnectionString", setting.Key, StringComparison.OrdinalIgnoreCase);
            });
            Assert.True((bool)bicep.Single(scenario, "Microsoft.Communication/communicationServices")["properties"]!["disableLocalAuth"]!,
                "ACS access keys must be disabled: the app sends e-mail with its managed identity");
        }
    }

    [Fact]
    public void The_app_settings_are_exactly_the_ones_the_app_reads_with_managed_identity_values()
    {
        foreach (var scenario in DeployableScenarios)
        {
            var settings = bicep.AppSettings(scenario);
            var additional = scenario == "custom" ? new[] { "Kommuntal__Contacts__18__Name", "Kommuntal__Notifications__MaxAttempts" } : [];
            Assert.Equal(ExpectedAppSettings.Concat(additional).Order(),
                settings.Keys.Where(k => !k.StartsWith("AzureWebJobs.", StringComparison.Ordinal)).Order());
            var storage = (string)DataAccount(bicep, scenario)["name"]!;
            Assert.Equal((string)HostAccount(bicep, scenario)["name"]!, settings["AzureWebJobsStorage__accountName"]);
            Assert.Equal("managedidentity", settings["AzureWebJobsStorage__credential"]);
            Assert.Equal(storage, settings["Storage__AccountName"]);
            Assert.Equal("acs", settings["Email__Sender"]);
            Assert.StartsWith("[format('https://{0}', reference('", settings["Email__Acs__Endpoint"]);
            Assert.Contains("/Microsoft.Communication/communicationServices/", settings["Email__Acs__Endpoint"]);
            Assert.EndsWith(".hostName)]", settings["Email__Acs__Endpoint"]);
            Assert.StartsWith("[format('{0}@{1}', 'DoNotReply', reference('", settings["Kommuntal__Notifications__SenderAddress"]);
            Assert.EndsWith(".mailFromSenderDomain)]", settings["Kommuntal__Notifications__SenderAddress"]);
            // Flex Consumption takes the runtime from functionAppConfig; these settings are rejected there.
            Assert.DoesNotContain("FUNCTIONS_WORKER_RUNTIME", settings.Keys);
            Assert.DoesNotContain("FUNCTIONS_EXTENSION_VERSION", settings.Keys);
        }
        Assert.Equal(BicepFixture.PublicBaseUrl, bicep.AppSettings("prod")["Kommuntal__PublicBaseUrl"]);
        // The portal's anti-forgery key comes from its secure parameter, by default random per deployment.
        Assert.Contains("newGuid()", bicep.AppSettings("test")["Kommuntal__Web__AntiforgeryKey"], StringComparison.Ordinal);
        var key = bicep.Template["parameters"]!["portalAntiforgeryKey"]!;
        Assert.Equal("securestring", (string)key["type"]!);
        Assert.Contains("newGuid()", (string)key["defaultValue"]!, StringComparison.Ordinal);
    }

    [Fact]
    public void Functions_are_switched_off_and_schedules_overridden_through_parameters()
    {
        var custom = bicep.AppSettings("custom");
        Assert.Equal("true", custom["AzureWebJobs.YearlyRun.Disabled"]);
        Assert.Equal("true", custom["AzureWebJobs.Notifications.Disabled"]);
        Assert.Equal("0 30 4 1 7 *", custom["Schedules__YearlyRun"]);
        Assert.DoesNotContain(bicep.AppSettings("test").Keys, k => k.StartsWith("AzureWebJobs.", StringComparison.Ordinal));
    }

    [Fact]
    public void Additional_app_settings_are_added_but_cannot_replace_a_managed_one()
    {
        var custom = bicep.AppSettings("custom");
        Assert.Equal("Anna Andersson", custom["Kommuntal__Contacts__18__Name"]);
        Assert.Equal("7", custom["Kommuntal__Notifications__MaxAttempts"]);

        var refused = bicep.SnapshotRuns["custom-collision"];
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("additionalAppSettings must not set storage__accountName: the template sets it", refused.StandardOutput + refused.StandardError);
    }

    [Fact]
    public void Development_mode_and_the_platforms_own_variables_are_refused_in_additional_app_settings()
    {
        var devMode = bicep.SnapshotRuns["custom-development-mode"];
        Assert.NotEqual(0, devMode.ExitCode);
        Assert.Contains("additionalAppSettings must not set security__developmentMode", devMode.StandardOutput + devMode.StandardError);

        var platform = bicep.SnapshotRuns["custom-platform-variable"];
        Assert.NotEqual(0, platform.ExitCode);
        Assert.Contains("additionalAppSettings must not set WEBSITE_AUTH_ENABLED", platform.StandardOutput + platform.StandardError);

        // No deployable scenario sets development mode in any spelling.
        foreach (var scenario in DeployableScenarios)
            Assert.DoesNotContain(bicep.AppSettings(scenario).Keys, k => k.Replace("_", "").Replace(":", "").Equals("SecurityDevelopmentMode", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Every_timer_schedule_the_app_binds_has_a_six_field_app_setting()
    {
        var functions = Samples.Path("src", "Kommuntal.Functions");
        var bound = Directory.EnumerateFiles(functions, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => Regex.Matches(File.ReadAllText(f), @"TimerTrigger\(\s*""%(?<name>[A-Za-z0-9_:]+)%""").Select(m => m.Groups["name"].Value))
            .Distinct()
            .ToList();
        Assert.Contains("Schedules:YearlyRun", bound);

        var settings = bicep.AppSettings("test");
        foreach (var name in bound)
        {
            var setting = name.Replace(":", "__", StringComparison.Ordinal);
            Assert.True(settings.ContainsKey(setting), $"The app binds %{name}% but the template sets no app setting {setting}");
        }
        foreach (var (name, value) in settings.Where(s => s.Key.StartsWith("Schedules__", StringComparison.Ordinal)))
        {
            Assert.True(value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 6, $"{name} = '{value}' is not a six-field (seconds first) cron expression");
            Assert.True(bound.Contains(name.Replace("__", ":", StringComparison.Ordinal)), $"The template sets {name} but no function binds it");
        }
    }

    [Fact]
    public void App_Service_authentication_is_in_front_only_with_an_Entra_ID_client_id_and_lets_anonymous_requests_through()
    {
        // Test: no authentication in front, and the app is told so (it then refuses principal headers).
        Assert.Empty(bicep.Resources("test", "Microsoft.Web/sites/config"));
        Assert.Equal("false", bicep.AppSettings("test")["Security__AuthenticationInFront"]);

        // Production: authsettingsV2 with Entra ID for the client id; anonymous requests pass (public downloads).
        Assert.Equal("true", bicep.AppSettings("prod")["Security__AuthenticationInFront"]);
        var auth = bicep.Single("prod", "Microsoft.Web/sites/config");
        Assert.EndsWith("/authsettingsV2", (string)auth["name"]!);
        var properties = auth["properties"]!;
        Assert.True((bool)properties["platform"]!["enabled"]!);
        Assert.False((bool)properties["globalValidation"]!["requireAuthentication"]!);
        Assert.Equal("AllowAnonymous", (string?)properties["globalValidation"]!["unauthenticatedClientAction"]);
        Assert.True((bool)properties["httpSettings"]!["requireHttps"]!);
        var entra = properties["identityProviders"]!["azureActiveDirectory"]!;
        Assert.True((bool)entra["enabled"]!);
        Assert.Equal(BicepFixture.ClientId, (string?)entra["registration"]!["clientId"]);
        Assert.Null(entra["registration"]!["clientSecretSettingName"]);
        Assert.Contains($"'{BicepFixture.TenantId}'", (string)entra["registration"]!["openIdIssuer"]!);
        Assert.Equal(new[] { $"api://{BicepFixture.ClientId}", BicepFixture.ClientId }, entra["validation"]!["allowedAudiences"]!.AsArray().Select(a => (string)a!));

        // authenticationInFront without a client id fails the deployment instead of trusting headers.
        var refused = bicep.SnapshotRuns["prod-without-client-id"];
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("entraClientId is required when authenticationInFront is true", refused.StandardOutput + refused.StandardError);
    }

    [Fact]
    public void E_mail_goes_out_from_a_linked_domain_azure_managed_for_test_and_a_custom_domain_only_once_verified()
    {
        JsonNode Domain(string s) => bicep.Single(s, "Microsoft.Communication/emailServices/domains");
        string[] Linked(string s) => bicep.Single(s, "Microsoft.Communication/communicationServices")["properties"]!["linkedDomains"]!.AsArray().Select(d => (string)d!).ToArray();

        Assert.Equal("AzureManaged", (string?)Domain("test")["properties"]!["domainManagement"]);
        Assert.Equal(new[] { (string)Domain("test")["id"]! }, Linked("test"));

        Assert.Equal("CustomerManaged", (string?)Domain("prod")["properties"]!["domainManagement"]);
        Assert.EndsWith($"/domains/{BicepFixture.CustomDomain}", (string)Domain("prod")["id"]!);
        Assert.Equal(new[] { (string)Domain("prod")["id"]! }, Linked("prod"));
        Assert.Empty(Linked("custom"));

        foreach (var scenario in DeployableScenarios)
        {
            Assert.Equal("Disabled", (string?)Domain(scenario)["properties"]!["userEngagementTracking"]);
            var emailService = bicep.Single(scenario, "Microsoft.Communication/emailServices");
            Assert.Equal((string?)emailService["properties"]!["dataLocation"],
                (string?)bicep.Single(scenario, "Microsoft.Communication/communicationServices")["properties"]!["dataLocation"]);
            Assert.Contains($"/domains/{LastSegment(Domain(scenario))}'", bicep.AppSettings(scenario)["Kommuntal__Notifications__SenderAddress"]);
        }
    }

    [Fact]
    public void Every_parameter_is_described_in_the_template_and_in_infra_README()
    {
        var readme = File.ReadAllText(Path.Combine(bicep.InfraDirectory, "README.md"));
        foreach (var (name, parameter) in bicep.Template["parameters"]!.AsObject())
        {
            Assert.False(string.IsNullOrWhiteSpace((string?)parameter!["metadata"]?["description"]), $"parameter {name} has no @description");
            Assert.True(readme.Contains($"`{name}`", StringComparison.Ordinal), $"infra/README.md does not document parameter `{name}`");
        }
        foreach (var (name, _) in bicep.Template["outputs"]!.AsObject())
        {
            Assert.True(readme.Contains($"`{name}`", StringComparison.Ordinal), $"infra/README.md does not document output `{name}`");
        }
        Assert.Equal(
            new[] { "AZURE_FUNCTION_NAME", "KOMMUNTAL_STORAGE_ACCOUNT", "acsEndpoint", "authenticationInFront", "emailDomainLinked", "emailDomainVerificationRecords", "functionAppName", "functionAppUrl", "hostStorageAccountName", "senderAddress", "storageAccountName" }.Order(),
            bicep.Template["outputs"]!.AsObject().Select(o => o.Key).Order());
    }

    /// <summary>The data account (tables, published, inbox): "st…", not "sth…".</summary>
    internal static JsonObject DataAccount(BicepFixture bicep, string scenario) =>
        bicep.Resources(scenario, "Microsoft.Storage/storageAccounts").Single(a => !((string)a["name"]!).StartsWith("sth", StringComparison.Ordinal));

    /// <summary>The Functions host's account (host state, function keys, app package).</summary>
    internal static JsonObject HostAccount(BicepFixture bicep, string scenario) =>
        bicep.Resources(scenario, "Microsoft.Storage/storageAccounts").Single(a => ((string)a["name"]!).StartsWith("sth", StringComparison.Ordinal));

    internal static string LastSegment(JsonNode resource) => ((string)resource["name"]!).Split('/')[^1];
}
