using System.Text.Json;
using Microsoft.AspNetCore.Mvc;

namespace Kommuntal.Functions.Tests;

public class OpenApiTests
{
    [Fact]
    public void The_OpenAPI_document_describes_every_HTTP_function_with_its_method()
    {
        var content = Assert.IsType<ContentResult>(new OpenApiFunction().Get(Http.Request("GET", "/api/openapi.json"))).Content!;
        using var openApi = JsonDocument.Parse(content);
        var paths = openApi.RootElement.GetProperty("paths");
        using var metadata = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "functions.metadata")));
        var http = metadata.RootElement.EnumerateArray()
            .SelectMany(f => f.GetProperty("bindings").EnumerateArray().Where(b => b.GetProperty("type").GetString() == "httpTrigger"))
            .ToList();
        Assert.NotEmpty(http);
        foreach (var b in http)
        {
            // "countyyears/{year:int}/{county}" → "/countyyears/{year}/{county}"
            var route = "/" + System.Text.RegularExpressions.Regex.Replace(b.GetProperty("route").GetString()!, @"\{\*?(\w+)(:[^}]+)?\}", "{$1}");
            Assert.True(paths.TryGetProperty(route, out var item), $"openapi.json has no path {route}");
            foreach (var m in b.GetProperty("methods").EnumerateArray())
                Assert.True(item.TryGetProperty(m.GetString()!, out _), $"openapi.json has no {m} on {route}");
        }
    }
}
