using System.Text.Json.Nodes;
using Kommuntal.Infrastructure.Storage;
using static Kommuntal.Infrastructure.Tests.Deployment.BicepTests;

namespace Kommuntal.Infrastructure.Tests.Deployment;

/// <summary>
/// Least privilege in storage (issue 14, item 9), read from what infra/main.bicep would deploy: the
/// Functions host's state and the app package live in their own account; the app's identity owns
/// that account but holds on the data account only Blob Data Contributor on its two containers and
/// Table Data Contributor; only the named inbox uploaders may write to the inbox, each under its paths.
/// </summary>
[Collection(BicepCollection.Name)]
public sealed class StorageAccessTests(BicepFixture bicep)
{
    private const string BlobDataContributor = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";

    [Fact]
    public void The_storage_account_allows_neither_shared_keys_nor_anonymous_blob_access()
    {
        // In the compiled template these are literals, not parameters an operator could flip.
        var compiled = bicep.Template["variables"]!["storageProperties"]!;
        Assert.False((bool)compiled["allowSharedKeyAccess"]!);
        Assert.False((bool)compiled["allowBlobPublicAccess"]!);

        foreach (var scenario in DeployableScenarios)
        {
            var accounts = bicep.Resources(scenario, "Microsoft.Storage/storageAccounts");
            Assert.Equal(2, accounts.Count);
            foreach (var account in accounts.Select(a => a["properties"]!))
            {
                Assert.False((bool)account["allowSharedKeyAccess"]!);
                Assert.False((bool)account["allowBlobPublicAccess"]!);
                Assert.True((bool)account["defaultToOAuthAuthentication"]!);
                Assert.True((bool)account["supportsHttpsTrafficOnly"]!);
                Assert.Equal("TLS1_2", (string?)account["minimumTlsVersion"]);
            }
            Assert.All(bicep.Resources(scenario, "Microsoft.Storage/storageAccounts/blobServices/containers"),
                c => Assert.Equal("None", (string?)c["properties"]!["publicAccess"]));
        }
    }

    [Fact]
    public void The_tables_and_containers_are_the_ones_the_app_uses_in_the_data_account_and_the_package_is_in_the_host_account()
    {
        var app = new StorageOptions();
        var site = bicep.Single("test", "Microsoft.Web/sites");
        var deploymentStorage = (string)site["properties"]!["functionAppConfig"]!["deployment"]!["storage"]!["value"]!;
        var deploymentContainer = deploymentStorage.Split('\'')[^2];
        var data = (string)DataAccount(bicep, "test")["id"]!;
        var host = (string)HostAccount(bicep, "test")["id"]!;
        IEnumerable<string> In(string account, string type) =>
            bicep.Resources("test", type).Where(r => ((string)r["id"]!).StartsWith(account + "/", StringComparison.Ordinal)).Select(r => LastSegment(r)).Order();

        // Every *Table and *Container name of StorageOptions, so a table or container added to the app
        // without the template fails here.
        string[] Names(string suffix) => typeof(StorageOptions).GetProperties()
            .Where(p => p.PropertyType == typeof(string) && p.Name.EndsWith(suffix, StringComparison.Ordinal))
            .Select(p => (string)p.GetValue(app)!).ToArray();
        Assert.Contains(app.QuotasTable, Names("Table"));
        Assert.Contains(app.PublishedContainer, Names("Container"));
        Assert.Equal(Names("Table").Order(), In(data, "Microsoft.Storage/storageAccounts/tableServices/tables"));
        Assert.Equal(Names("Container").Order(), In(data, "Microsoft.Storage/storageAccounts/blobServices/containers"));
        // The host account holds the app package (and the containers the Functions host creates itself), no app data.
        Assert.Equal(["deployments"], In(host, "Microsoft.Storage/storageAccounts/blobServices/containers"));
        Assert.Empty(In(host, "Microsoft.Storage/storageAccounts/tableServices/tables"));
        Assert.Equal("deployments", deploymentContainer);
        Assert.Contains($"'{host}'", deploymentStorage);
    }

    [Fact]
    public void The_app_identity_owns_only_the_host_account_and_holds_data_roles_scoped_to_its_containers_and_tables()
    {
        foreach (var scenario in DeployableScenarios)
        {
            var site = bicep.Single(scenario, "Microsoft.Web/sites");
            var data = (string)DataAccount(bicep, scenario)["id"]!;
            var host = (string)HostAccount(bicep, scenario)["id"]!;
            var insights = (string)bicep.Single(scenario, "Microsoft.Insights/components")["id"]!;
            var acs = (string)bicep.Single(scenario, "Microsoft.Communication/communicationServices")["id"]!;

            var assignments = RoleAssignments(scenario).Where(a => ((string)a.Properties["principalId"]!).Contains($"reference('{(string)site["id"]!}'")).ToList();
            var expected = new[]
            {
                (Role: BlobDataOwner, Scope: host),
                (Role: TableDataContributor, Scope: host),
                (Role: BlobDataContributor, Scope: $"{data}/blobServices/default/containers/published"),
                (Role: BlobDataContributor, Scope: $"{data}/blobServices/default/containers/inbox"),
                (Role: TableDataContributor, Scope: data),
                (Role: MonitoringMetricsPublisher, Scope: insights),
                (Role: CommunicationAndEmailServiceOwner, Scope: acs),
            }.OrderBy(a => a.Role).ThenBy(a => a.Scope);
            Assert.Equal(expected, assignments.Select(a => (a.Role, a.Scope)).OrderBy(a => a.Role).ThenBy(a => a.Scope));
            // Nowhere does the app own the data account, and no role of its reaches the whole data account's blobs.
            Assert.DoesNotContain(assignments, a => a.Role == BlobDataOwner && a.Scope.StartsWith(data, StringComparison.Ordinal));
            Assert.DoesNotContain(assignments, a => a.Role is BlobDataOwner or BlobDataContributor && a.Scope == data);
            Assert.All(assignments, a =>
            {
                Assert.StartsWith($"/subscriptions/{BicepFixture.SubscriptionId}/providers/Microsoft.Authorization/roleDefinitions/",
                    (string)a.Properties["roleDefinitionId"]!);
                Assert.Equal("ServicePrincipal", (string?)a.Properties["principalType"]);
                Assert.EndsWith(".identity.principalId]", (string)a.Properties["principalId"]!);
                Assert.Null(a.Properties["condition"]);
            });
            // In test and prod nobody else gets a role.
            if (scenario != "custom") Assert.Equal(assignments.Count, RoleAssignments(scenario).Count);
        }
    }

    [Fact]
    public void Only_the_named_inbox_uploaders_may_write_to_the_inbox_and_each_only_under_its_own_paths()
    {
        var inbox = $"{(string)DataAccount(bicep, "custom")["id"]!}/blobServices/default/containers/inbox";
        var uploaders = RoleAssignments("custom").Where(a => !((string)a.Properties["principalId"]!).StartsWith("[reference(", StringComparison.Ordinal)).ToList();
        Assert.Equal(new[] { BicepFixture.OrebroUploaders, BicepFixture.NationalUploader }.Order(), uploaders.Select(u => (string)u.Properties["principalId"]!).Order());
        foreach (var u in uploaders)
        {
            Assert.Equal(BlobDataContributor, u.Role);
            Assert.Equal(inbox, u.Scope);
            Assert.Equal("2.0", (string?)u.Properties["conditionVersion"]);
            var condition = (string)u.Properties["condition"]!;
            foreach (var action in new[] { "blobs/write", "blobs/add/action", "blobs/delete", "blobs/move/action" })
                Assert.Contains($"!(ActionMatches{{'Microsoft.Storage/storageAccounts/blobServices/containers/{action}'}})", condition);
        }
        var orebro = uploaders.Single(u => (string)u.Properties["principalId"]! == BicepFixture.OrebroUploaders);
        Assert.Equal("Group", (string?)orebro.Properties["principalType"]);
        Assert.EndsWith("OR (@Resource[Microsoft.Storage/storageAccounts/blobServices/containers/blobs:path] StringLike 'wishes/*/18/*'))", (string)orebro.Properties["condition"]!);
        var national = uploaders.Single(u => (string)u.Properties["principalId"]! == BicepFixture.NationalUploader);
        Assert.Equal("ServicePrincipal", (string?)national.Properties["principalType"]);
        Assert.Contains("StringLike 'quotas/*'", (string)national.Properties["condition"]!);

        var refused = bicep.SnapshotRuns["custom-inbox-everything"];
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("inboxUploaders: the pathPattern '*' must start with quotas/, indicators/ or wishes/", refused.StandardOutput + refused.StandardError);
    }

    private sealed record Assignment(string Role, string Scope, JsonNode Properties);

    private List<Assignment> RoleAssignments(string scenario) =>
        bicep.Resources(scenario, "Microsoft.Authorization/roleAssignments")
            .Select(a => new Assignment(((string)a["properties"]!["roleDefinitionId"]!).Split('/')[^1],
                ((string)a["id"]!)[..((string)a["id"]!).IndexOf("/providers/Microsoft.Authorization/", StringComparison.Ordinal)], a["properties"]!))
            .ToList();
}
