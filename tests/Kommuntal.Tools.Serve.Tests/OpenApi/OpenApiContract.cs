using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;
using Kommuntal.Testing;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace Kommuntal.Tools.Serve.Tests.OpenApi;

/// <summary>
/// <c>src/Kommuntal.Functions/openapi.json</c> as a contract every response over a socket must keep:
/// the operation (path template under the server URL <c>/api</c>, method) declares the status, the
/// media type, the required headers, and a schema the body is valid against.
/// </summary>
/// <remarks>
/// The document is OpenAPI 3.0.3, whose Schema Object is not JSON Schema (it has <c>nullable</c>
/// instead of <c>"type": [.., "null"]</c>). Microsoft.OpenApi reads it (errors fail the load) and
/// writes it as OpenAPI 3.1, whose schemas are JSON Schema 2020-12; JsonSchema.Net validates
/// against those, with <c>components/schemas</c> as <c>$defs</c>.
/// </remarks>
public sealed class OpenApiContract
{
    private const string Dialect = "https://json-schema.org/draft/2020-12/schema";
    private readonly List<Operation> _operations = [];
    private readonly JsonObject _defs;
    private readonly Dictionary<string, JsonSchema> _schemas = [];
    private readonly Lock _lock = new();

    public static OpenApiContract Document { get; } = Load(Samples.Path("src", "Kommuntal.Functions", "openapi.json"));

    public string ServerPath { get; }

    private OpenApiContract(JsonObject upgraded)
    {
        ServerPath = upgraded["servers"]![0]!["url"]!.GetValue<string>().TrimEnd('/');
        _defs = upgraded["components"]?["schemas"]?.AsObject() ?? [];
        foreach (var (path, item) in upgraded["paths"]!.AsObject())
            foreach (var (method, op) in item!.AsObject())
                if (op is JsonObject o && o.ContainsKey("responses"))
                    _operations.Add(new Operation(method.ToUpperInvariant(), path, TemplateRegex(path), o, o["security"] is JsonArray { Count: 0 } ? false : true));
    }

    public IReadOnlyList<Operation> Operations => _operations;

    public static OpenApiContract Load(string path)
    {
        var read = OpenApiDocument.Parse(File.ReadAllText(path), "json", new OpenApiReaderSettings());
        if (read.Diagnostic is { Errors.Count: > 0 } d)
            throw new InvalidOperationException($"{path} does not read as OpenAPI: " + string.Join("; ", d.Errors.Select(e => $"{e.Pointer}: {e.Message}")));
        using var text = new StringWriter();
        read.Document!.SerializeAsV31(new OpenApiJsonWriter(text));
        return new OpenApiContract(JsonNode.Parse(text.ToString())!.AsObject());
    }

    /// <summary>The operation for a request to <paramref name="absolutePath"/> (with the server path), or null.</summary>
    public Operation? Find(string method, string absolutePath)
    {
        if (!absolutePath.StartsWith(ServerPath + "/", StringComparison.Ordinal)) return null;
        var path = Uri.UnescapeDataString(absolutePath[ServerPath.Length..]);
        // A literal path wins over a template; a template whose last parameter is a catch-all ({*path} in the function) matches slashes.
        return _operations.Where(o => o.Method == method).OrderBy(o => o.Template.Contains('{')).FirstOrDefault(o => o.Matches(path));
    }

    /// <summary>Every way <paramref name="response"/> breaks the document (empty when it keeps it).</summary>
    public IReadOnlyList<string> Check(HttpRequestMessage request, HttpResponseMessage response, byte[] body)
    {
        var uri = request.RequestUri!;
        var status = (int)response.StatusCode;
        var problems = new List<string>();
        // The host's own answers, before any function runs: no route, method or route constraint matched (an empty 404).
        if (status == 404 && body.Length == 0 && response.Content.Headers.ContentType is null) return problems;
        var operation = Find(request.Method.Method, uri.AbsolutePath);
        if (operation is null)
        {
            // The host's admin API (timers on demand) is not part of the app's API.
            if (uri.AbsolutePath.StartsWith("/admin/functions/", StringComparison.Ordinal) && status is 202 or 401 or 404 && body.Length == 0) return problems;
            problems.Add($"{request.Method} {uri.AbsolutePath}: no operation in openapi.json, and the answer {status} is not the host's empty 404");
            return problems;
        }
        var where = $"{request.Method} {operation.Template} → {status}";
        var responses = operation.Json["responses"]!.AsObject();
        var declared = responses[status.ToString(System.Globalization.CultureInfo.InvariantCulture)]
            ?? responses[$"{status / 100}XX"] ?? responses["default"];
        if (declared is null)
        {
            problems.Add($"{where}: status not declared (declared: {string.Join(", ", responses.Select(r => r.Key))})");
            return problems;
        }
        // The host's own refusal of a function-level route without a valid key: 401 with no body.
        if (status == 401 && operation.NeedsKey && body.Length == 0 && response.Content.Headers.ContentType is null) return problems;

        foreach (var (name, header) in declared["headers"]?.AsObject() ?? [])
            if (header?["required"]?.GetValue<bool>() == true && !response.Headers.Contains(name) && !response.Content.Headers.Contains(name))
                problems.Add($"{where}: required header {name} missing");

        var content = declared["content"]?.AsObject();
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (content is null || content.Count == 0)
        {
            if (body.Length > 0) problems.Add($"{where}: declared without content, but the body has {body.Length} bytes ({mediaType})");
            return problems;
        }
        if (mediaType is null)
        {
            if (body.Length > 0) problems.Add($"{where}: a body of {body.Length} bytes without Content-Type");
            else if (!status.Equals(304)) problems.Add($"{where}: empty body, declared {string.Join(", ", content.Select(c => c.Key))}");
            return problems;
        }
        var media = content.FirstOrDefault(c => MediaMatches(c.Key, mediaType));
        if (media.Value is null)
        {
            problems.Add($"{where}: Content-Type {mediaType} not declared (declared: {string.Join(", ", content.Select(c => c.Key))})");
            return problems;
        }
        if (media.Value["schema"] is not JsonNode schemaNode) return problems;
        if (!IsJson(mediaType))
        {
            if (body.Length == 0) problems.Add($"{where}: empty {mediaType} body");
            return problems;
        }
        JsonElement instance;
        try
        {
            using var parsed = JsonDocument.Parse(body);
            instance = parsed.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            problems.Add($"{where}: body is not JSON ({ex.Message})");
            return problems;
        }
        var schema = SchemaFor($"{operation.Method} {operation.Template} {status} {media.Key}", schemaNode);
        var result = schema.Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (!result.IsValid)
            foreach (var detail in (result.Details ?? [result]).Where(d => d.Errors is { Count: > 0 }))
                foreach (var (keyword, message) in detail.Errors!)
                    problems.Add($"{where}: body {detail.InstanceLocation} ({keyword} at {detail.EvaluationPath}): {message}");
        return problems;
    }

    /// <summary>The response schema as a 2020-12 schema of its own, the components as <c>$defs</c>.</summary>
    private JsonSchema SchemaFor(string key, JsonNode schemaNode)
    {
        lock (_lock)
        {
            if (_schemas.TryGetValue(key, out var cached)) return cached;
            var root = new JsonObject
            {
                ["$schema"] = Dialect,
                ["$id"] = $"https://kommuntal.example/openapi/{Uri.EscapeDataString(key)}",
                ["$defs"] = _defs.DeepClone(),
                ["allOf"] = new JsonArray(schemaNode.DeepClone()),
            };
            var text = root.ToJsonString().Replace("\"#/components/schemas/", "\"#/$defs/", StringComparison.Ordinal);
            var schema = JsonSchema.FromText(text);
            _schemas[key] = schema;
            return schema;
        }
    }

    private static bool IsJson(string mediaType) => mediaType == "application/json" || mediaType.EndsWith("+json", StringComparison.Ordinal);

    private static bool MediaMatches(string declared, string actual) =>
        declared == actual || declared == "*/*" || (declared.EndsWith("/*", StringComparison.Ordinal) && actual.StartsWith(declared[..^1], StringComparison.Ordinal));

    private static Regex TemplateRegex(string template)
    {
        var parameters = Regex.Matches(template, @"\{(\w+)\}").Count;
        var i = 0;
        var pattern = Regex.Replace(Regex.Escape(template).Replace(@"\{", "{", StringComparison.Ordinal), @"\{(\w+)}", _ =>
            ++i == parameters && template.EndsWith("}", StringComparison.Ordinal) ? "(?<last>.+)" : "[^/]+");
        return new Regex("^" + pattern + "$", RegexOptions.CultureInvariant);
    }

    public sealed record Operation(string Method, string Template, Regex Pattern, JsonObject Json, bool NeedsKey)
    {
        public string? OperationId => Json["operationId"]?.GetValue<string>();

        /// <summary>Matches a path; only the catch-all parameter of <c>/public/files/{path}</c> may hold a slash.</summary>
        public bool Matches(string path)
        {
            var m = Pattern.Match(path);
            return m.Success && (!m.Groups["last"].Success || !m.Groups["last"].Value.Contains('/') || Template.EndsWith("/files/{path}", StringComparison.Ordinal));
        }

        public override string ToString() => $"{Method} {Template}";
    }

    /// <summary>Status codes <see cref="Check"/> has seen per operation (for coverage).</summary>
    public static HttpStatusCode[] Statuses(Operation operation) =>
        [.. operation.Json["responses"]!.AsObject().Select(r => int.TryParse(r.Key, out var s) ? (HttpStatusCode)s : 0).Where(s => s != 0)];
}
