using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Kommuntal.Infrastructure.Email.Acs;

/// <summary>
/// Signs each request the way Azure Communication Services checks it (HMAC-SHA256 with the
/// resource's access key). Added per retry: every attempt is signed again with a fresh
/// <c>x-ms-date</c>. The body is read once into bytes, hashed, and those same bytes are what is
/// sent (the request content is replaced by them), so the signed hash always matches the wire.
/// <code>
/// stringToSign = METHOD "\n" pathAndQuery "\n" date ";" host ";" base64(sha256(body))
/// Authorization: HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&amp;Signature=base64(hmacsha256(key, ascii(stringToSign)))
/// </code>
/// where host is the URL's authority (with the port when it is not the default one).
/// </summary>
public sealed class AcsHmacAuthenticationPolicy(byte[] key, TimeProvider clock) : HttpPipelinePolicy
{
    public const string DateHeader = "x-ms-date";
    public const string ContentHashHeader = "x-ms-content-sha256";

    private readonly byte[] _key = key.ToArray();

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        var body = ReadBody(message);
        Sign(message, body);
        ProcessNext(message, pipeline);
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        var body = await ReadBodyAsync(message).ConfigureAwait(false);
        Sign(message, body);
        await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
    }

    private void Sign(HttpMessage message, byte[] body)
    {
        if (message.Request.Content is not null) message.Request.Content = RequestContent.Create(body);
        var uri = message.Request.Uri.ToUri();
        var date = clock.GetUtcNow().ToString("r", CultureInfo.InvariantCulture);
        var hash = ContentHash(body);
        var toSign = StringToSign(message.Request.Method.Method, uri.PathAndQuery, date, uri.Authority, hash);
        message.Request.Headers.SetValue(DateHeader, date);
        message.Request.Headers.SetValue(ContentHashHeader, hash);
        message.Request.Headers.SetValue(HttpHeader.Names.Authorization, AuthorizationHeader(Signature(_key, toSign)));
    }

    public static string ContentHash(ReadOnlySpan<byte> body) => Convert.ToBase64String(SHA256.HashData(body));

    public static string StringToSign(string method, string pathAndQuery, string date, string host, string contentHash) =>
        $"{method.ToUpperInvariant()}\n{pathAndQuery}\n{date};{host};{contentHash}";

    public static string Signature(byte[] key, string stringToSign) =>
        Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(stringToSign)));

    public static string AuthorizationHeader(string signature) =>
        $"HMAC-SHA256 SignedHeaders={DateHeader};host;{ContentHashHeader}&Signature={signature}";

    private static byte[] ReadBody(HttpMessage message)
    {
        if (message.Request.Content is null) return [];
        using var ms = new MemoryStream();
        message.Request.Content.WriteTo(ms, message.CancellationToken);
        return ms.ToArray();
    }

    private static async ValueTask<byte[]> ReadBodyAsync(HttpMessage message)
    {
        if (message.Request.Content is null) return [];
        using var ms = new MemoryStream();
        await message.Request.Content.WriteToAsync(ms, message.CancellationToken).ConfigureAwait(false);
        return ms.ToArray();
    }
}
