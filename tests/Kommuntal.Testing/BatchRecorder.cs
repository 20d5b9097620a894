using Azure.Core;
using Azure.Core.Pipeline;

namespace Kommuntal.Testing;

/// <summary>The failure a <see cref="BatchRecorder"/> injects.</summary>
public sealed class InjectedStorageFailureException(string message) : Exception(message);

/// <summary>
/// An Azure.Core pipeline policy (register it with TestHost's storagePolicies) that sees every table
/// transaction ($batch) on the wire: it records the request bodies (to check what Azure would
/// enforce, e.g. one partition per transaction) and, when <see cref="FailWhen"/> matches a body,
/// fails the request before it reaches storage (an interrupted import).
/// </summary>
public sealed class BatchRecorder : HttpPipelinePolicy
{
    private readonly List<string> _bodies = [];

    /// <summary>Fails batches whose body matches; null lets everything through.</summary>
    public Func<string, bool>? FailWhen { get; set; }

    public IReadOnlyList<string> Bodies
    {
        get { lock (_bodies) return _bodies.ToList(); }
    }

    public int Failed { get; private set; }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Inspect(message);
        await ProcessNextAsync(message, pipeline);
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Inspect(message);
        ProcessNext(message, pipeline);
    }

    private void Inspect(HttpMessage message)
    {
        if (!message.Request.Uri.Path.EndsWith("$batch", StringComparison.Ordinal) || message.Request.Content is null) return;
        using var stream = new MemoryStream();
        message.Request.Content.WriteTo(stream, CancellationToken.None);
        var body = System.Text.Encoding.UTF8.GetString(stream.ToArray());
        lock (_bodies) _bodies.Add(body);
        if (FailWhen?.Invoke(body) == true)
        {
            Failed++;
            throw new InjectedStorageFailureException("Injected failure: the table transaction was not sent.");
        }
    }
}
