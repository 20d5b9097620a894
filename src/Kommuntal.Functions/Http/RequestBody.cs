using Kommuntal.Core.Validation;
using Microsoft.AspNetCore.Http;

namespace Kommuntal.Functions.Http;

/// <summary>Reads an upload's bytes with a size limit checked before (Content-Length) and while reading.</summary>
public static class RequestBody
{
    public const int DefaultMaxBytes = 1024 * 1024;

    public static async Task<byte[]> ReadAsync(HttpRequest request, string fileName, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength is { } declared && declared > maxBytes)
            throw TooLarge(fileName, maxBytes);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes) throw TooLarge(fileName, maxBytes);
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    /// <summary>The uploaded file's name: the X-File-Name header, ?fileName=, or a default.</summary>
    public static string FileName(HttpRequest request, string fallback)
    {
        var name = request.Headers["X-File-Name"].FirstOrDefault() ?? request.Query["fileName"].FirstOrDefault();
        if (string.IsNullOrWhiteSpace(name)) return fallback;
        name = Path.GetFileName(name.Trim());
        return name.Length is > 0 and <= 200 && name.All(c => !char.IsControl(c)) ? name : fallback;
    }

    private static ValidationFailedException TooLarge(string fileName, int maxBytes) =>
        new([new ValidationProblem(fileName, null, null, "file-too-large",
            $"Filen är större än gränsen {maxBytes} byte och lästes inte.", $"The file is larger than the limit of {maxBytes} bytes and was not read.")]);
}
