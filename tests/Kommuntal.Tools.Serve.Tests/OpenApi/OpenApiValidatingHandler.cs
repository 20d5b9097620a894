using System.Collections.Concurrent;
using System.Net;

namespace Kommuntal.Tools.Serve.Tests.OpenApi;

/// <summary>
/// Checks every response that passes through it against <see cref="OpenApiContract"/> and throws
/// <see cref="OpenApiContractException"/> naming each difference, so a socket test cannot forget to.
/// The body is buffered first, so the caller still reads it. Every client of <see cref="ServedApp"/>
/// has one, under redirect following (each hop is checked).
/// </summary>
public sealed class OpenApiValidatingHandler(OpenApiContract contract) : DelegatingHandler(new SocketsHttpHandler { AllowAutoRedirect = false })
{
    /// <summary>(operation, status) of every response checked in this process.</summary>
    public static ConcurrentDictionary<(string Operation, int Status), int> Seen { get; } = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        var problems = contract.Check(request, response, body);
        if (problems.Count > 0)
        {
            var text = System.Text.Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 600));
            throw new OpenApiContractException($"{request.Method} {request.RequestUri!.PathAndQuery} answered {(int)response.StatusCode} against openapi.json:\n  "
                + string.Join("\n  ", problems) + $"\n  body: {text}");
        }
        if (contract.Find(request.Method.Method, request.RequestUri!.AbsolutePath) is { } op)
            Seen.AddOrUpdate((op.ToString(), (int)response.StatusCode), 1, (_, n) => n + 1);
        return response;
    }
}

/// <summary>A response that breaks openapi.json.</summary>
public sealed class OpenApiContractException(string message) : Exception(message);

/// <summary>Follows redirects as a browser does (GET, at most 5), each hop through the inner handler.</summary>
public sealed class FollowRedirectsHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        for (var hops = 0; hops < 5 && response.StatusCode is HttpStatusCode.Found or HttpStatusCode.MovedPermanently or HttpStatusCode.SeeOther
                 or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect && response.Headers.Location is not null; hops++)
        {
            var next = new HttpRequestMessage(HttpMethod.Get, new Uri(request.RequestUri!, response.Headers.Location!));
            foreach (var h in request.Headers) next.Headers.TryAddWithoutValidation(h.Key, h.Value);
            response.Dispose();
            response = await base.SendAsync(next, cancellationToken);
        }
        return response;
    }
}
