namespace Kommuntal.Functions;

/// <summary>Serves the OpenAPI description of the HTTP API (openapi.json, embedded in this assembly).</summary>
public sealed class OpenApiFunction
{
    private static readonly Lazy<string> s_document = new(() =>
    {
        using var stream = typeof(OpenApiFunction).Assembly.GetManifestResourceStream("Kommuntal.Functions.openapi.json")
            ?? throw new InvalidOperationException("openapi.json is not embedded in the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    [Function("OpenApi")]
    public IActionResult Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openapi.json")] HttpRequest request) =>
        new ContentResult { StatusCode = 200, ContentType = "application/json; charset=utf-8", Content = s_document.Value };
}
