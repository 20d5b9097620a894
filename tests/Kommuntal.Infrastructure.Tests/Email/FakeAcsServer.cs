using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kommuntal.Infrastructure.Tests.Email;

/// <summary>
/// A stand-in for the ACS Email REST endpoint, served by Kestrel on 127.0.0.1 with a random port
/// (real HTTP). It checks every request the way the service does: the HMAC signature over method,
/// path and query, x-ms-date (at most 15 minutes off), host and the body's SHA-256; the api-version;
/// the Operation-Id; the request body against the API's schema. It keeps one operation per
/// Operation-Id (a repeated send queues nothing new, as the service dedupes) and answers status
/// reads NotStarted/Running first, then the final status.
/// </summary>
public sealed class FakeAcsServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private int _throttleSends, _throttleReads;

    public Uri Endpoint { get; }
    public string AccessKey => Convert.ToBase64String(_key);
    public string ConnectionString => $"endpoint={Endpoint};accesskey={AccessKey}";

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();
    public ConcurrentDictionary<string, Operation> Operations { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Status reads answered Running before the final status.</summary>
    public int RunningReadsBeforeFinal { get; set; } = 1;
    /// <summary>The final status for a message by its first recipient's address (default Succeeded).</summary>
    public Func<string, string> FinalStatusFor { get; set; } = _ => "Succeeded";
    /// <summary>Seconds in the Retry-After of 202 and status answers.</summary>
    public int RetryAfterSeconds { get; set; } = 1;

    /// <summary>The next <paramref name="count"/> sends are answered 429 with Retry-After: 1.</summary>
    public void ThrottleNextSends(int count) => Interlocked.Exchange(ref _throttleSends, count);
    public void ThrottleNextStatusReads(int count) => Interlocked.Exchange(ref _throttleReads, count);

    public sealed record RecordedRequest(string Method, string Target, IReadOnlyDictionary<string, string> Headers, byte[] Body, int Status);

    public sealed class Operation(string id, JsonElement message)
    {
        public string Id { get; } = id;
        public JsonElement Message { get; } = message;
        public int Sends;
        public int Reads;
        public string FirstRecipient => Message.GetProperty("recipients").GetProperty("to")[0].GetProperty("address").GetString()!;
    }

    private FakeAcsServer(WebApplication app, Uri endpoint)
    {
        _app = app;
        Endpoint = endpoint;
    }

    public static async Task<FakeAcsServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        FakeAcsServer? server = null;
        app.Run(ctx => server!.HandleAsync(ctx));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server = new FakeAcsServer(app, new Uri(address.TrimEnd('/') + "/"));
        return server;
    }

    /// <summary>Each accepted e-mail once (the service's view: one per Operation-Id).</summary>
    public IReadOnlyList<Operation> Mails => Operations.Values.ToList();

    public IReadOnlyList<RecordedRequest> Sends => Requests.Where(r => r.Method == "POST").ToList();

    private async Task HandleAsync(HttpContext ctx)
    {
        using var ms = new MemoryStream();
        await ctx.Request.Body.CopyToAsync(ms);
        var body = ms.ToArray();
        var target = ctx.Features.Get<IHttpRequestFeature>()!.RawTarget;
        var (status, json, headers) = Handle(ctx.Request, target, body);
        Requests.Enqueue(new RecordedRequest(ctx.Request.Method, target,
            ctx.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), body, status));
        ctx.Response.StatusCode = status;
        foreach (var (k, v) in headers) ctx.Response.Headers[k] = v;
        if (json is not null)
        {
            ctx.Response.ContentType = "application/json";
            await ctx.Response.WriteAsync(json);
        }
    }

    private (int Status, string? Json, Dictionary<string, string> Headers) Handle(HttpRequest request, string target, byte[] body)
    {
        var headers = new Dictionary<string, string>();
        if (SignatureProblem(request, target, body) is { } denied)
            return (401, Error("Denied", "Denied by the resource provider. " + denied), headers);
        var apiVersion = request.Query["api-version"].ToString();
        if (apiVersion is not ("2025-09-01" or "2023-03-31"))
            return (400, Error("InvalidApiVersion", $"Unsupported api-version '{apiVersion}'."), headers);

        if (request.Method == "POST" && request.Path.Value == "/emails:send")
        {
            if (Interlocked.Decrement(ref _throttleSends) >= 0)
            {
                headers["Retry-After"] = "1";
                return (429, Error("TooManyRequests", "Too many requests."), headers);
            }
            var opId = request.Headers["Operation-Id"].ToString();
            if (!Guid.TryParse(opId, out _)) return (400, Error("InvalidOperationId", "Operation-Id must be a UUID."), headers);
            JsonElement message;
            try
            {
                message = JsonDocument.Parse(body).RootElement.Clone();
            }
            catch (JsonException ex)
            {
                return (400, Error("BadRequest", ex.Message), headers);
            }
            if (SchemaProblem(message) is { } bad) return (400, Error("BadRequest", bad), headers);
            var op = Operations.GetOrAdd(opId, id => new Operation(id, message)); // the same Operation-Id: the existing operation
            Interlocked.Increment(ref op.Sends);
            headers["Operation-Location"] = $"{Endpoint}emails/operations/{opId}?api-version={apiVersion}";
            headers["Retry-After"] = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return (202, JsonSerializer.Serialize(new { id = opId, status = "Running", error = (object?)null }), headers);
        }
        const string prefix = "/emails/operations/";
        if (request.Method == "GET" && request.Path.Value?.StartsWith(prefix, StringComparison.Ordinal) == true)
        {
            if (Interlocked.Decrement(ref _throttleReads) >= 0)
            {
                headers["Retry-After"] = "1";
                return (429, Error("TooManyRequests", "Too many requests."), headers);
            }
            var id = request.Path.Value[prefix.Length..];
            if (!Operations.TryGetValue(id, out var op)) return (404, Error("NotFound", $"Operation {id} not found."), headers);
            var reads = Interlocked.Increment(ref op.Reads);
            headers["Retry-After"] = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (reads <= RunningReadsBeforeFinal) return (200, JsonSerializer.Serialize(new { id, status = "Running" }), headers);
            var final = FinalStatusFor(op.FirstRecipient);
            return final == "Succeeded"
                ? (200, JsonSerializer.Serialize(new { id, status = final }), headers)
                : (200, JsonSerializer.Serialize(new { id, status = final, error = new { code = "EmailDroppedAllRecipientsSuppressed", message = "Message dropped because all recipients were suppressed." } }), headers);
        }
        return (404, Error("NotFound", "No such route."), headers);
    }

    /// <summary>Checks the HMAC signature as ACS does; null when valid.</summary>
    private string? SignatureProblem(HttpRequest request, string target, byte[] body)
    {
        var auth = request.Headers.Authorization.ToString();
        const string scheme = "HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=";
        if (!auth.StartsWith(scheme, StringComparison.Ordinal)) return "missing or malformed Authorization";
        var date = request.Headers["x-ms-date"].ToString();
        if (!DateTimeOffset.TryParseExact(date, "r", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at))
            return "missing or malformed x-ms-date";
        if ((at - DateTimeOffset.UtcNow).Duration() > TimeSpan.FromMinutes(15)) return "x-ms-date is more than 15 minutes off";
        var hash = Convert.ToBase64String(SHA256.HashData(body));
        if (request.Headers["x-ms-content-sha256"].ToString() != hash) return "x-ms-content-sha256 does not match the body";
        var toSign = $"{request.Method}\n{target}\n{date};{request.Headers.Host};{hash}";
        var expected = Convert.ToBase64String(HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(toSign)));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(auth[scheme.Length..]))
            ? null : "signature mismatch";
    }

    private static readonly HashSet<string> TopLevel = ["senderAddress", "recipients", "content", "attachments", "replyTo", "headers", "userEngagementTrackingDisabled"];

    /// <summary>The API's schema for the send body; null when the body conforms.</summary>
    public static string? SchemaProblem(JsonElement m)
    {
        if (m.ValueKind != JsonValueKind.Object) return "body is not an object";
        foreach (var p in m.EnumerateObject())
            if (!TopLevel.Contains(p.Name)) return $"unknown property '{p.Name}'";
        if (!IsString(m, "senderAddress")) return "senderAddress is required";
        if (!m.TryGetProperty("recipients", out var r) || !r.TryGetProperty("to", out var to) || to.ValueKind != JsonValueKind.Array || to.GetArrayLength() == 0)
            return "recipients.to must be a non-empty array";
        foreach (var list in new[] { "to", "cc", "bcc" })
            if (r.TryGetProperty(list, out var l))
                foreach (var a in l.EnumerateArray())
                {
                    if (!IsString(a, "address")) return $"recipients.{list}[].address is required";
                    foreach (var p in a.EnumerateObject())
                        if (p.Name is not ("address" or "displayName")) return $"unknown property recipients.{list}[].{p.Name}";
                }
        if (!m.TryGetProperty("content", out var c) || !IsString(c, "subject")) return "content.subject is required";
        foreach (var p in c.EnumerateObject())
            if (p.Name is not ("subject" or "plainText" or "html")) return $"unknown property content.{p.Name}";
        if (!IsString(c, "plainText") && !IsString(c, "html")) return "content needs plainText or html";
        if (m.TryGetProperty("attachments", out var atts))
            foreach (var a in atts.EnumerateArray())
            {
                if (!IsString(a, "name") || !IsString(a, "contentType") || !IsString(a, "contentInBase64")) return "attachments[] need name, contentType and contentInBase64";
                try
                {
                    Convert.FromBase64String(a.GetProperty("contentInBase64").GetString()!);
                }
                catch (FormatException)
                {
                    return "attachments[].contentInBase64 is not base64";
                }
            }
        return null;
    }

    private static bool IsString(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString()!.Length > 0;

    private static string Error(string code, string message) => JsonSerializer.Serialize(new { error = new { code, message } });

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
