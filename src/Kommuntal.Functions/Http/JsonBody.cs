using System.Text.Json;
using Kommuntal.Core.Text;
using Kommuntal.Core.Validation;

namespace Kommuntal.Functions.Http;

/// <summary>Reads a small JSON request body; malformed JSON is a validation problem naming the position.</summary>
public static class JsonBody
{
    public const int MaxBytes = 256 * 1024;

    /// <summary>The body as <typeparamref name="T"/> (null for the JSON literal null); an empty body is a validation problem.</summary>
    public static Task<T?> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken) where T : class =>
        ReadAsync<T>(request, optional: false, cancellationToken);

    /// <summary>The body as <typeparamref name="T"/>, or null when the body is empty.</summary>
    public static Task<T?> ReadOptionalAsync<T>(HttpRequest request, CancellationToken cancellationToken) where T : class =>
        ReadAsync<T>(request, optional: true, cancellationToken);

    private static ValidationProblem EmptyBody => new("request body", null, null, "empty-body", "Anropet saknar innehåll (JSON).", "The request has no body (JSON expected).");

    private static async Task<T?> ReadAsync<T>(HttpRequest request, bool optional, CancellationToken cancellationToken) where T : class
    {
        // No Content-Type is read as JSON; any other than JSON (application/json, text/json, application/*+json) is 415.
        if (request.ContentType is { Length: > 0 } type && !IsJson(type))
            throw RequestBody.UnsupportedMediaType("request body", type, "JSON with Content-Type: application/json", "JSON med Content-Type: application/json");
        var bytes = await RequestBody.ReadAsync(request, "request body", MaxBytes, cancellationToken);
        if (bytes.Length == 0)
        {
            if (optional) return null;
            throw new ValidationFailedException([EmptyBody]);
        }
        try
        {
            return JsonSerializer.Deserialize<T>(bytes, KommuntalJson.Options);
        }
        catch (JsonException ex)
        {
            var line = ex.LineNumber is { } l ? (int)l + 1 : (int?)null;
            throw new ValidationFailedException([new ValidationProblem("request body", line, ex.Path, "invalid-json",
                $"Ogiltig JSON: {ex.Message}", $"Invalid JSON: {ex.Message}")]);
        }
    }

    private static bool IsJson(string contentType)
    {
        var media = contentType.Split(';')[0].Trim();
        return media.Equals("application/json", StringComparison.OrdinalIgnoreCase) || media.Equals("text/json", StringComparison.OrdinalIgnoreCase)
            || (media.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && media.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
    }
}
