using System.Text.RegularExpressions;
using System.Xml.Linq;
using Kommuntal.Testing;
using YamlDotNet.RepresentationModel;

namespace Kommuntal.Infrastructure.Tests.Deployment;

/// <summary>
/// azure.yaml (Azure Developer CLI) checked offline: it is azd's conventional layout (service
/// <c>api</c>: a .NET Functions project, Bicep infrastructure in infra/ with module main and its
/// main.bicepparam), every path it names exists, and what azd needs of the deployment is in the
/// Bicep snapshot of main.bicepparam as azd runs it (environment name and region from the azd
/// environment): one Function App tagged <c>azd-service-name: api</c>, and the outputs azd keeps.
/// </summary>
[Collection(BicepCollection.Name)]
public sealed class AzdTests(BicepFixture bicep)
{
    private static YamlMappingNode AzureYaml()
    {
        var yaml = new YamlStream();
        using var reader = new StreamReader(Samples.Path("azure.yaml"));
        yaml.Load(reader);
        return (YamlMappingNode)yaml.Documents.Single().RootNode;
    }

    private static string Scalar(YamlMappingNode node, params string[] path)
    {
        YamlNode current = node;
        foreach (var key in path) current = ((YamlMappingNode)current).Children[new YamlScalarNode(key)];
        return ((YamlScalarNode)current).Value!;
    }

    [Fact]
    public void Azure_yaml_names_the_functions_project_and_the_bicep_module_and_they_exist()
    {
        var root = AzureYaml();
        Assert.Equal("kommuntal", Scalar(root, "name"));
        var services = (YamlMappingNode)root.Children[new YamlScalarNode("services")];
        Assert.Equal(["api"], services.Children.Keys.Select(k => ((YamlScalarNode)k).Value));
        Assert.Equal("dotnet", Scalar(root, "services", "api", "language"));
        Assert.Equal("function", Scalar(root, "services", "api", "host"));

        // The project is the Functions app (Worker SDK, net10.0), the one whose functions.metadata the host loads.
        var project = Samples.Path(Scalar(root, "services", "api", "project").TrimStart('.', '/'));
        var csproj = Directory.GetFiles(project, "*.csproj").Single();
        Assert.Equal("Kommuntal.Functions.csproj", Path.GetFileName(csproj));
        var xml = XDocument.Load(csproj);
        Assert.Contains(xml.Descendants("PackageReference"), p => (string?)p.Attribute("Include") == "Microsoft.Azure.Functions.Worker.Sdk");
        Assert.Contains(xml.Descendants("None"), n => ((string?)n.Attribute("Include"))?.EndsWith("host.json", StringComparison.Ordinal) == true
            && (string?)n.Attribute("CopyToOutputDirectory") is "PreserveNewest" or "Always"); // published with the app

        // Infrastructure: Bicep, infra/main.bicep with the parameter file azd reads beside it (main.bicepparam, using main.bicep).
        Assert.Equal("bicep", Scalar(root, "infra", "provider"));
        var infra = Samples.Path(Scalar(root, "infra", "path"));
        var module = Scalar(root, "infra", "module");
        Assert.True(File.Exists(Path.Combine(infra, module + ".bicep")), $"{infra}/{module}.bicep");
        var parameters = File.ReadAllText(Path.Combine(infra, module + ".bicepparam"));
        Assert.Matches(new Regex($@"^using '{module}\.bicep'", RegexOptions.Multiline), parameters);
        Assert.Contains("readEnvironmentVariable('AZURE_ENV_NAME')", parameters, StringComparison.Ordinal);
        Assert.Contains("readEnvironmentVariable('AZURE_LOCATION')", parameters, StringComparison.Ordinal);
    }

    [Fact]
    public void The_deployment_azd_makes_has_one_function_app_tagged_for_service_api_in_the_azd_region_and_the_outputs_azd_keeps()
    {
        var site = bicep.Single("azd", "Microsoft.Web/sites");
        Assert.Equal("api", (string?)site["tags"]!["azd-service-name"]);
        Assert.Equal("azd-test", (string?)site["tags"]!["environment"]);
        Assert.Equal("swedencentral", (string?)site["location"]);
        Assert.StartsWith("func-kommuntal-azd-test-", (string?)site["name"]);
        Assert.Equal("FC1", (string?)bicep.Single("azd", "Microsoft.Web/serverfarms")["sku"]!["name"]);
        // Only the Function App carries the service tag: azd deploys to exactly one resource.
        Assert.Single(bicep.Resources("azd"), r => r["tags"]?["azd-service-name"] is not null);

        var outputs = bicep.Template["outputs"]!.AsObject();
        Assert.Equal("string", (string?)outputs["AZURE_FUNCTION_NAME"]!["type"]);
        Assert.Equal((string?)outputs["functionAppName"]!["value"], (string?)outputs["AZURE_FUNCTION_NAME"]!["value"]);
        Assert.Equal((string?)outputs["storageAccountName"]!["value"], (string?)outputs["KOMMUNTAL_STORAGE_ACCOUNT"]!["value"]);
    }
}
