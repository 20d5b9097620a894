using System.Text.Json.Nodes;
using Kommuntal.Core.Reference;
using Kommuntal.Testing;

namespace Kommuntal.Infrastructure.Tests.Deployment;

/// <summary>
/// infra/entra-app-roles.json, the app roles an administrator loads into the Entra ID app
/// registration (infra/README.md): one Coordinator.{countyCode} per county of the reference data
/// plus Coordinator.All, with stable ids (changing an id would orphan existing role assignments).
/// </summary>
public sealed class EntraAppRolesTests
{
    [Fact]
    public void There_is_one_coordinator_role_per_county_and_one_for_all_counties()
    {
        var roles = JsonNode.Parse(File.ReadAllText(Samples.Path("infra", "entra-app-roles.json")))!.AsArray().Select(r => r!.AsObject()).ToList();

        var expected = ReferenceData.Bundled.Counties.Select(c => $"Coordinator.{c.Code}").Append("Coordinator.All").Order();
        Assert.Equal(expected, roles.Select(r => (string)r["value"]!).Order());
        Assert.Equal(21, ReferenceData.Bundled.Counties.Count);

        Assert.Equal(roles.Count, roles.Select(r => Guid.Parse((string)r["id"]!)).Distinct().Count());
        Assert.All(roles, r =>
        {
            Assert.True((bool)r["isEnabled"]!);
            Assert.Equal(new[] { "User" }, r["allowedMemberTypes"]!.AsArray().Select(t => (string)t!));
            Assert.InRange(((string)r["displayName"]!).Length, 1, 100);
            Assert.False(string.IsNullOrWhiteSpace((string?)r["description"]));
        });
        foreach (var county in ReferenceData.Bundled.Counties)
        {
            var role = roles.Single(r => (string)r["value"]! == $"Coordinator.{county.Code}");
            Assert.Contains(county.Name, (string)role["description"]!);
        }
    }
}
