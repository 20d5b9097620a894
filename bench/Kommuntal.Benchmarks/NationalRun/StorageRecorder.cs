using System.Diagnostics;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Kommuntal.Benchmarks.NationalRun;

/// <summary>What one storage request was.</summary>
public enum RequestKind
{
    /// <summary>Creating a table or container (once per storage prefix).</summary>
    Setup,
    TableRead,
    TableTransaction,
    /// <summary>A single-entity insert, update or delete.</summary>
    TableWrite,
    BlobPut,
    BlobRead,
    Other,
}

/// <summary>One storage request as seen on the wire (after retries: one row per attempt).</summary>
public sealed record RecordedRequest(int Segment, RequestKind Kind, string Method, string Path, long BodyBytes, int Operations, double Milliseconds);

/// <summary>
/// An Azure.Core pipeline policy (registered in the composition root as a
/// <c>StoragePipelinePolicy</c>, per retry) that records every storage request: its kind, its
/// request body size, the number of operations of a table transaction, and the time it took. The
/// <see cref="Segment"/> is set by <see cref="RunPhaseLogger"/> from the run's own log lines.
/// </summary>
public sealed class StorageRecorder(int tablePort) : HttpPipelinePolicy
{
    private readonly List<RecordedRequest> _requests = [];

    /// <summary>Only record while on (the correctness checks after a run are not counted).</summary>
    public volatile bool Recording;

    /// <summary>0 until the first county is done, then the number of counties done.</summary>
    public volatile int Segment;

    /// <summary>When the last county was done (<see cref="Stopwatch.GetTimestamp"/>).</summary>
    public long CountyDoneAt;

    /// <summary>Called when the run logs that a county is done.</summary>
    public void CountyDone()
    {
        CountyDoneAt = Stopwatch.GetTimestamp();
        Segment++;
    }

    public IReadOnlyList<RecordedRequest> Requests
    {
        get { lock (_requests) return _requests.ToList(); }
    }

    public void Reset()
    {
        lock (_requests) _requests.Clear();
        Segment = 0;
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        if (!Recording)
        {
            await ProcessNextAsync(message, pipeline);
            return;
        }
        var segment = Segment;
        var start = Stopwatch.GetTimestamp();
        await ProcessNextAsync(message, pipeline);
        Record(message, segment, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        if (!Recording)
        {
            ProcessNext(message, pipeline);
            return;
        }
        var segment = Segment;
        var start = Stopwatch.GetTimestamp();
        ProcessNext(message, pipeline);
        Record(message, segment, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
    }

    private void Record(HttpMessage message, int segment, double ms)
    {
        var request = message.Request;
        var method = request.Method.Method;
        var path = request.Uri.Path;
        var query = request.Uri.Query;
        long bytes = 0;
        var operations = 0;
        if (request.Content is not null)
        {
            if (request.Content.TryComputeLength(out var length)) bytes = length;
            if (path.EndsWith("$batch", StringComparison.Ordinal))
            {
                using var stream = new MemoryStream();
                request.Content.WriteTo(stream, CancellationToken.None);
                bytes = stream.Length;
                var body = System.Text.Encoding.UTF8.GetString(stream.ToArray());
                operations = Count(body, "Content-Transfer-Encoding: binary") - 1; // the changeset itself has one too
            }
        }
        var isTable = request.Uri.Port == tablePort;
        var kind = isTable
            ? method switch
            {
                "POST" when path.EndsWith("/Tables", StringComparison.Ordinal) => RequestKind.Setup,
                "POST" when path.EndsWith("$batch", StringComparison.Ordinal) => RequestKind.TableTransaction,
                "GET" => RequestKind.TableRead,
                "POST" or "PUT" or "MERGE" or "PATCH" or "DELETE" => RequestKind.TableWrite,
                _ => RequestKind.Other,
            }
            : method switch
            {
                "PUT" when query.Contains("restype=container", StringComparison.Ordinal) => RequestKind.Setup,
                "PUT" => RequestKind.BlobPut,
                "GET" or "HEAD" => RequestKind.BlobRead,
                _ => RequestKind.Other,
            };
        lock (_requests) _requests.Add(new RecordedRequest(segment, kind, method, path, bytes, operations, ms));
    }

    private static int Count(string text, string what)
    {
        var n = 0;
        for (var i = text.IndexOf(what, StringComparison.Ordinal); i >= 0; i = text.IndexOf(what, i + what.Length, StringComparison.Ordinal)) n++;
        return n;
    }
}
