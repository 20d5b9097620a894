using System.Diagnostics.CodeAnalysis;
using System.Net.Sockets;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Kommuntal.Testing;

/// <summary>How a <see cref="FaultInjectionPolicy"/> fails the chosen attempt.</summary>
public enum FaultKind
{
    /// <summary>The request does not reach storage; the answer is HTTP 500 (the SDK may retry it).</summary>
    ServerError,
    /// <summary>
    /// The request reaches storage and is carried out, but the answer never arrives: the client
    /// times out (<see cref="TaskCanceledException"/> with a <see cref="TimeoutException"/> inside,
    /// as HttpClient reports a timeout). The hardest case: the write happened, the caller does not know.
    /// </summary>
    Timeout,
    /// <summary>The connection is reset before the request reaches storage (<see cref="HttpRequestException"/> with an IOException and a SocketException inside).</summary>
    ConnectionReset,
}

/// <summary>
/// A test-only Azure.Core pipeline policy (register it with TestHost's storagePolicies, which adds
/// it PerRetry to every Table and Blob client) that counts every storage request attempt and fails
/// exactly one: attempt number <see cref="FailAt"/> (1-based), in the way <see cref="Kind"/> says.
/// Because it sits PerRetry it counts attempts, not operations: an SDK retry is a new attempt, so
/// a fault the SDK's retry policy absorbs is still a fault point (and shows as such in
/// <see cref="Attempts"/>). With <see cref="FailAt"/> null it only counts (a clean run's R).
/// </summary>
public sealed class FaultInjectionPolicy : HttpPipelinePolicy
{
    private int _attempts;
    private readonly List<string> _log = [];

    public int? FailAt { get; init; }
    public FaultKind Kind { get; init; }

    /// <summary>
    /// A crash: attempt number <see cref="FailFrom"/> and every later one fail (the process no longer
    /// reaches storage), so whatever came after that point never happened.
    /// </summary>
    public int? FailFrom { get; init; }

    /// <summary>Storage request attempts seen so far (including the failed one and SDK retries).</summary>
    public int Attempts => Volatile.Read(ref _attempts);

    /// <summary>The attempt that was failed ("PUT /account/table(...)"), or null when none was.</summary>
    public string? Injected { get; private set; }

    /// <summary>Method and path of every attempt, in order (for diagnostics).</summary>
    public IReadOnlyList<string> Log
    {
        get { lock (_log) return _log.ToList(); }
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        if (!Fault(message))
        {
            await ProcessNextAsync(message, pipeline);
            return;
        }
        switch (Kind)
        {
            case FaultKind.ServerError:
                message.Response = new FaultResponse(500, "Internal Server Error (injected)", message.Request.ClientRequestId);
                return;
            case FaultKind.Timeout:
                await ProcessNextAsync(message, pipeline);
                message.Response?.Dispose();
                throw TimeoutException();
            default:
                throw ResetException();
        }
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        if (!Fault(message))
        {
            ProcessNext(message, pipeline);
            return;
        }
        switch (Kind)
        {
            case FaultKind.ServerError:
                message.Response = new FaultResponse(500, "Internal Server Error (injected)", message.Request.ClientRequestId);
                return;
            case FaultKind.Timeout:
                ProcessNext(message, pipeline);
                message.Response?.Dispose();
                throw TimeoutException();
            default:
                throw ResetException();
        }
    }

    private bool Fault(HttpMessage message)
    {
        var n = Interlocked.Increment(ref _attempts);
        var what = $"{message.Request.Method} {message.Request.Uri.Path}";
        lock (_log) _log.Add(what);
        if (n != FailAt && !(n >= FailFrom)) return false;
        Injected ??= $"#{n} {Kind}: {what}";
        return true;
    }

    private static TaskCanceledException TimeoutException() =>
        new("The request was canceled due to the configured timeout (injected).", new TimeoutException("The operation has timed out (injected)."));

    private static HttpRequestException ResetException() =>
        new("An error occurred while sending the request (injected connection reset).",
            new IOException("Unable to read data from the transport connection: Connection reset by peer.",
                new SocketException((int)SocketError.ConnectionReset)));

    /// <summary>A response made up by the policy (the request never reached storage).</summary>
    private sealed class FaultResponse(int status, string reason, string clientRequestId) : Response
    {
        public override int Status => status;
        public override string ReasonPhrase => reason;
        public override Stream? ContentStream { get; set; } = new MemoryStream();
        public override string ClientRequestId { get; set; } = clientRequestId;
        public override void Dispose() => ContentStream?.Dispose();
        protected override bool ContainsHeader(string name) => false;
        protected override IEnumerable<HttpHeader> EnumerateHeaders() => [];
        protected override bool TryGetHeader(string name, [NotNullWhen(true)] out string? value)
        {
            value = null;
            return false;
        }
        protected override bool TryGetHeaderValues(string name, [NotNullWhen(true)] out IEnumerable<string>? values)
        {
            values = null;
            return false;
        }
    }
}
