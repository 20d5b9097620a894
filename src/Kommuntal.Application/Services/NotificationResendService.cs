using Kommuntal.Core.Notifications;

namespace Kommuntal.Application.Services;

/// <summary>
/// Re-sends a message that finally failed (e.g. after the municipality's registry address was
/// corrected): a new outbox row, queued for the dispatcher, with its own deterministic id
/// (original id + "resend" + n, so the provider does not take it for the failed operation) and the
/// original's id in <see cref="OutboxMessage.RelatesTo"/>. Only a Failed message can be re-sent, and
/// only once per request: the row is inserted create-only, so a repeated or concurrent request for
/// the same re-send adds nothing. Audited with the operator's name.
/// </summary>
public sealed class NotificationResendService(ICountyYearStore store, IOutboxStore outbox, TimeProvider clock, ILogger<NotificationResendService> logger)
{
    public async Task<OutboxMessage> ResendAsync(int year, string countyCode, string messageId, string? newAddress, string actor, CancellationToken cancellationToken)
    {
        var snapshot = await store.LoadAsync(year, countyCode, cancellationToken);
        var original = snapshot.Outbox.FirstOrDefault(o => string.Equals(o.Id, messageId, StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidTransitionException($"Meddelandet {messageId} finns inte för {countyCode} {year}.", $"Message {messageId} does not exist for {countyCode} {year}.");
        if (original.Status != NotificationStatus.Failed)
            throw new InvalidTransitionException(
                $"Meddelandet {original.Id} har status {original.Status} och skickas inte igen; bara misslyckade meddelanden kan skickas om.",
                $"Message {original.Id} is {original.Status} and is not sent again; only failed messages can be re-sent.");
        var address = string.IsNullOrWhiteSpace(newAddress) ? original.RecipientEmail : newAddress.Trim();
        if (!EmailRules.IsValidAddress(address))
            throw new InvalidTransitionException($"Adressen '{EmailRules.Printable(address)}' är inte en giltig e-postadress.", $"'{EmailRules.Printable(address)}' is not a valid e-mail address.");
        var resends = snapshot.Outbox.Count(o => o.RelatesTo == original.Id && o.RecipientKey == original.RecipientKey);
        var pendingResend = snapshot.Outbox.FirstOrDefault(o => o.RelatesTo == original.Id && o.RecipientKey == original.RecipientKey
                                                               && o.Status is not NotificationStatus.Failed);
        if (pendingResend is not null)
            throw new InvalidTransitionException(
                $"Meddelandet {original.Id} har redan skickats om ({pendingResend.Id}, status {pendingResend.Status}).",
                $"Message {original.Id} has already been re-sent ({pendingResend.Id}, {pendingResend.Status}).");
        var now = clock.GetUtcNow();
        // The same message (type, publication, recipient, reminder deadline) under a new id, to the address given.
        var message = new OutboxMessage
        {
            Id = DeterministicId.For($"{original.Id}-resend-{resends + 1}").ToString(),
            Type = original.Type,
            Kind = original.Kind,
            SourceVersion = original.SourceVersion,
            RecipientKey = original.RecipientKey,
            RecipientEmail = address,
            RecipientName = original.RecipientName,
            RelatesTo = original.Id,
            Deadline = original.Deadline,
            CreatedAt = now,
        };
        // The new row and its audit line in one transaction.
        if (!await outbox.TryAddAsync(year, countyCode, message, new AuditEntry(now, actor, "notification.resend-queued",
                $"Meddelande {original.Id} till {original.RecipientName} <{EmailRules.Printable(original.RecipientEmail)}> misslyckades ({original.LastError}); skickas om som {message.Id} till <{address}>."), cancellationToken))
            throw new ConcurrencyConflictException($"Message {original.Id} is being re-sent by another request ({message.Id}).");
        logger.LogInformation("Re-send of {Original} queued as {Id} to {Address}", original.Id, message.Id, address);
        return message;
    }
}
