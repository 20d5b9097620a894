using System.Text.Json;
using Kommuntal.Core.Text;
using Kommuntal.Core.Validation;
using Microsoft.AspNetCore.Http;

namespace Kommuntal.Functions.Http;

/// <summary>Reads a small JSON request body; malformed JSON is a validation problem naming the position.</summary>
public static class JsonBody
{
    public const int MaxBytes = 256 * 1024;

    public static async Task<T?> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken, bool optional = false) where T : class
    {
        var bytes = await RequestBody.ReadAsync(request, "request body", MaxBytes, cancellationToken);
        if (bytes.Length == 0)
        {
            if (optional) return null;
            throw new ValidationFailedException([new ValidationProblem("request body", null, null, "empty-body", "Anropet saknar innehåll (JSON).", "The request has no body (JSON expected).")]);
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
}
