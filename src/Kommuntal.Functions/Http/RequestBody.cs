using Kommuntal.Core.Validation;

namespace Kommuntal.Functions.Http;

/// <summary>Reads an upload's bytes with a size limit checked before (Content-Length) and while reading.</summary>
public static class RequestBody
{
    public const int DefaultMaxBytes = 1024 * 1024;

    /// <summary>Problem codes answered with their own HTTP status instead of 400 (<see cref="ProblemResults.From"/>).</summary>
    public const string TooLargeCode = "file-too-large", UnsupportedMediaTypeCode = "unsupported-media-type";

    public static async Task<byte[]> ReadAsync(HttpRequest request, string fileName, int maxBytes, CancellationToken cancellationToken)
    {
        // The file is the body itself; a form (curl -F, an HTML form with a file field) would be read as its multipart envelope.
        if (request.ContentType is { } type && type.TrimStart().StartsWith("multipart/", StringComparison.OrdinalIgnoreCase))
            throw UnsupportedMediaType(fileName, type, "the file itself as the body (curl --data-binary @FILE), not a multipart form",
                "själva filen som innehåll (curl --data-binary @FIL), inte ett multipart-formulär");
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

    /// <summary>415: a Content-Type this request cannot be read as (the problem names the header and what to send).</summary>
    public static ValidationFailedException UnsupportedMediaType(string fileName, string contentType, string expectedEn, string expectedSv)
    {
        var shown = contentType.Length > 60 ? contentType[..60] + "…" : contentType;
        return new([new ValidationProblem(fileName, null, "Content-Type", UnsupportedMediaTypeCode,
            $"Innehållstypen '{shown}' kan inte läsas här; skicka {expectedSv}.", $"Content-Type '{shown}' cannot be read here; send {expectedEn}.")]);
    }

    private static ValidationFailedException TooLarge(string fileName, int maxBytes) =>
        new([new ValidationProblem(fileName, null, null, TooLargeCode,
            $"Filen är större än gränsen {maxBytes} byte och lästes inte.", $"The file is larger than the limit of {maxBytes} bytes and was not read.")]);
}
