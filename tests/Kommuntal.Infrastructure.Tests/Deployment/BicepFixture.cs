using System.Text.Json.Nodes;
using Kommuntal.Testing;

namespace Kommuntal.Infrastructure.Tests.Deployment;

/// <summary>
/// Runs the Bicep CLI once for all deployment tests: <c>bicep lint infra/main.bicep</c>,
/// <c>bicep build infra/main.bicep --stdout</c>, and <c>bicep snapshot</c> of the parameter files
/// in a few scenarios. A snapshot is the deployment as Azure Resource Manager would expand it
/// (parameters applied, conditions and loops evaluated, names and resource ids computed; only
/// values known after deployment stay expressions), so the tests read what would be deployed.
/// Snapshots are written next to the parameter file, so each scenario runs in its own copy of infra/.
/// </summary>
public sealed class BicepFixture : IAsyncLifetime
{
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    public const string SubscriptionId = "00000000-0000-0000-0000-00000000c0de";
    public const string TenantId = "00000000-0000-0000-0000-00000000fade";
    public const string ResourceGroup = "rg-kommuntal";
    public const string ClientId = "11111111-2222-3333-4444-555555555555";
    public const string CustomDomain = "utskick.example.se";
    public const string PublicBaseUrl = "https://kommuntal.example.se/api/public/files";

    /// <summary>
    /// A parameter file (of infra/, or written by the fixture when <see cref="Scenario.Content"/> is
    /// given) and the environment variables it reads.
    /// </summary>
    public sealed record Scenario(string ParameterFile, Dictionary<string, string?> Environment, string? Content = null);

    public const string CustomScenarioParameters = """
        using 'main.bicep'

        param environmentName = 'acceptance-swe-1'
        param customEmailDomain = 'utskick.example.se'
        param customEmailDomainVerified = false
        param disabledFunctions = ['YearlyRun', 'Notifications']
        param scheduleYearlyRun = '0 30 4 1 7 *'
        param additionalAppSettings = {
          Kommuntal__Contacts__18__Name: 'Anna Andersson'
          Kommuntal__Notifications__MaxAttempts: 7
        }
        param inboxUploaders = [
          { principalId: '22222222-0000-0000-0000-000000000018', principalType: 'Group', pathPattern: 'wishes/*/18/*' }
          { principalId: '33333333-0000-0000-0000-000000000000', principalType: 'ServicePrincipal', pathPattern: 'quotas/*' }
        ]
        """;

    /// <summary>The Entra ID group that may drop Örebro län's wish files into the inbox (custom scenario).</summary>
    public const string OrebroUploaders = "22222222-0000-0000-0000-000000000018";

    /// <summary>The national uploader of the custom scenario (quota files).</summary>
    public const string NationalUploader = "33333333-0000-0000-0000-000000000000";

    public static readonly IReadOnlyDictionary<string, Scenario> Scenarios = new Dictionary<string, Scenario>
    {
        // infra/test.bicepparam as it is.
        ["test"] = new("test.bicepparam", new()),
        // infra/prod.bicepparam with the values a board supplies through the environment.
        ["prod"] = new("prod.bicepparam", new()
        {
            ["KOMMUNTAL_ENTRA_CLIENT_ID"] = ClientId,
            ["KOMMUNTAL_EMAIL_DOMAIN"] = CustomDomain,
            ["KOMMUNTAL_EMAIL_DOMAIN_VERIFIED"] = "true",
            ["KOMMUNTAL_PUBLIC_BASE_URL"] = PublicBaseUrl,
        }),
        // A custom domain not verified yet, functions switched off, a schedule overridden.
        ["custom"] = new("custom.bicepparam", new(), CustomScenarioParameters),
        // An additional app setting must not replace one the template manages (compared without case).
        ["custom-collision"] = new("collision.bicepparam", new(), """
            using 'main.bicep'

            param environmentName = 'acc-3'
            param additionalAppSettings = { storage__accountName: 'someotheraccount' }
            """),
        // Development mode in Azure must not deploy, in whatever casing or separator it is written.
        ["custom-development-mode"] = new("devmode.bicepparam", new(), """
            using 'main.bicep'

            param environmentName = 'acc-4'
            param additionalAppSettings = { security__developmentMode: 'true' }
            """),
        // Nor a setting that pretends App Service authentication is on.
        ["custom-platform-variable"] = new("platform.bicepparam", new(), """
            using 'main.bicep'

            param environmentName = 'acc-5'
            param additionalAppSettings = { Kommuntal__Contacts__18__Name: 'Anna Andersson', WEBSITE_AUTH_ENABLED: 'True' }
            """),
        // An inbox uploader of the whole container (or of processed/) would be a national administrator by accident.
        ["custom-inbox-everything"] = new("inbox.bicepparam", new(), """
            using 'main.bicep'

            param environmentName = 'acc-6'
            param inboxUploaders = [{ principalId: '22222222-0000-0000-0000-000000000018', principalType: 'Group', pathPattern: '*' }]
            """),
        // infra/main.bicepparam as azd runs it (azure.yaml): its environment name and region come from the azd environment.
        ["azd"] = new("main.bicepparam", new()
        {
            ["AZURE_ENV_NAME"] = "azd-test",
            ["AZURE_LOCATION"] = "swedencentral",
        }),
        // authenticationInFront = true without a client id must not deploy.
        ["prod-without-client-id"] = new("prod.bicepparam", new()
        {
            ["KOMMUNTAL_EMAIL_DOMAIN"] = CustomDomain,
        }),
    };

    private readonly List<string> _workDirectories = [];

    public string InfraDirectory { get; } = Samples.Path("infra");
    public BicepRun Lint { get; private set; } = null!;
    public BicepRun Build { get; private set; } = null!;
    public JsonObject Template { get; private set; } = null!;
    public Dictionary<string, BicepRun> SnapshotRuns { get; } = new();
    public Dictionary<string, JsonObject> Snapshots { get; } = new();
    public TimeSpan Elapsed { get; private set; }

    public async Task InitializeAsync()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        // Two at a time: each run is a ~120 MB self-contained process that keeps a core busy.
        using var slots = new SemaphoreSlim(2);
        async Task<BicepRun> Run(IReadOnlyList<string> args, string dir, IReadOnlyDictionary<string, string?>? env = null)
        {
            await slots.WaitAsync();
            try { return await BicepCli.RunAsync(args, dir, Timeout, env); }
            finally { slots.Release(); }
        }

        var lint = Run(["lint", "main.bicep"], InfraDirectory);
        var build = Run(["build", "main.bicep", "--stdout"], InfraDirectory);
        var snapshots = Scenarios.ToDictionary(s => s.Key, s =>
        {
            var dir = CopyInfra(s.Key);
            if (s.Value.Content is { } content) File.WriteAllText(Path.Combine(dir, s.Value.ParameterFile), content);
            return (Dir: dir, Task: Run(
            [
                "snapshot", s.Value.ParameterFile, "--mode", "overwrite",
                "--subscription-id", SubscriptionId, "--tenant-id", TenantId,
                "--resource-group", $"{ResourceGroup}-{s.Key}", "--location", "swedencentral",
            ], dir, s.Value.Environment));
        });

        Lint = await lint;
        Build = await build;
        if (Build.ExitCode == 0) Template = (JsonObject)JsonNode.Parse(Build.StandardOutput)!;
        foreach (var (name, (dir, task)) in snapshots)
        {
            var run = await task;
            SnapshotRuns[name] = run;
            var file = Path.Combine(dir, Path.ChangeExtension(Scenarios[name].ParameterFile, ".snapshot.json"));
            if (run.ExitCode == 0 && File.Exists(file)) Snapshots[name] = (JsonObject)JsonNode.Parse(await File.ReadAllTextAsync(file))!;
        }
        Elapsed = clock.Elapsed;
    }

    public Task DisposeAsync()
    {
        foreach (var dir in _workDirectories)
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
        return Task.CompletedTask;
    }

    private string CopyInfra(string scenario)
    {
        var target = Path.Combine(Path.GetTempPath(), $"kommuntal-bicep-{scenario}-{Guid.NewGuid():N}");
        _workDirectories.Add(target);
        foreach (var file in Directory.EnumerateFiles(InfraDirectory, "*", SearchOption.AllDirectories)
                     .Where(f => f.EndsWith(".bicep", StringComparison.Ordinal) || f.EndsWith(".bicepparam", StringComparison.Ordinal)
                                 || Path.GetFileName(f) == "bicepconfig.json"))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(InfraDirectory, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
        return target;
    }

    /// <summary>The evaluated resources of a scenario's snapshot.</summary>
    public IReadOnlyList<JsonObject> Resources(string scenario)
    {
        Assert.True(Snapshots.ContainsKey(scenario), SnapshotRuns[scenario].Describe());
        return Snapshots[scenario]["predictedResources"]!.AsArray().Select(r => r!.AsObject()).ToList();
    }

    public IReadOnlyList<JsonObject> Resources(string scenario, string type) =>
        Resources(scenario).Where(r => string.Equals((string?)r["type"], type, StringComparison.OrdinalIgnoreCase)).ToList();

    public JsonObject Single(string scenario, string type)
    {
        var matches = Resources(scenario, type);
        Assert.True(matches.Count == 1, $"{scenario}: expected one {type}, found {matches.Count}");
        return matches[0];
    }

    /// <summary>The Function App's app settings in a scenario, by name.</summary>
    public Dictionary<string, string> AppSettings(string scenario) =>
        Single(scenario, "Microsoft.Web/sites")["properties"]!["siteConfig"]!["appSettings"]!.AsArray()
            .ToDictionary(s => (string)s!["name"]!, s => (string)s!["value"]!);
}

/// <summary>One Bicep run for every deployment test class (BicepTests, StorageAccessTests).</summary>
[CollectionDefinition(Name)]
public sealed class BicepCollection : ICollectionFixture<BicepFixture>
{
    public const string Name = "Bicep";
}
