using System.Collections.Concurrent;
using Kommuntal.Application.Ports;

namespace Kommuntal.Testing.InMemory;

/// <summary>An <see cref="IEmailSender"/> that keeps each message in memory by its Operation-Id, once, as the local outbox keeps one file per message.</summary>
public sealed class RecordingEmailSender : IEmailSender
{
    private readonly ConcurrentDictionary<string, OutgoingEmail> _sent = new(StringComparer.Ordinal);

    public string Name => "memory";

    /// <summary>The messages handed over, one per Operation-Id.</summary>
    public IReadOnlyCollection<OutgoingEmail> Sent => [.. _sent.Values];

    public Task<SendOutcome> SendAsync(OutgoingEmail email, CancellationToken cancellationToken) =>
        Task.FromResult(new SendOutcome(_sent.TryAdd(email.OperationId, email) ? "Written" : "AlreadyWritten", Final: true));
}
