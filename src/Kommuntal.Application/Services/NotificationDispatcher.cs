using Kommuntal.Core.Notifications;

namespace Kommuntal.Application.Services;

/// <summary>What one dispatch pass did. The four positional counts are the municipalities' messages.</summary>
public sealed record DispatchReport(int Sent, int Retrying, int Failed, int Skipped)
{
    /// <summary>Messages to the coordinator (publication summaries, failure reports, reminders) sent in this pass.</summary>
    public int CoordinatorSent { get; init; }
    /// <summary>Publication summaries queued for the coordinator in this pass.</summary>
    public int SummariesQueued { get; init; }

    public DispatchReport Plus(DispatchReport o) => new(Sent + o.Sent, Retrying + o.Retrying, Failed + o.Failed, Skipped + o.Skipped)
    {
        CoordinatorSent = CoordinatorSent + o.CoordinatorSent,
        SummariesQueued = SummariesQueued + o.SummariesQueued,
    };
}

/// <summary>
/// The outbox dispatcher: claims, sends and records the messages waiting in the outbox (the
/// sent-ledger rows written with the publication, and the coordinator's messages). Each message is
/// first claimed (an ETag-conditional update, so two dispatchers never both send it), then sent with
/// its deterministic Operation-Id, then recorded; the ledger write that records one message also
/// claims the next one of the same county-year (one transaction), so a county's n messages take
/// n + 1 writes, and a dispatcher that stops holds at most one claim. A crash between the send and
/// the ledger write leaves the claim to expire; the message is sent again with the same
/// Operation-Id, which the provider (ACS) and the local outbox recognise, so the effect is still one
/// message. Invalid recipients are failed without sending. Failures are retried with backoff and,
/// after the configured number of attempts, marked failed with their audit line (same transaction)
/// and listed in the coordinator's summary: never dropped. What a message says is
/// <see cref="NotificationComposer"/>'s; once a publication's messages are all done, its summary is
/// queued by <see cref="CoordinatorMessages"/> and sent in the same pass.
/// </summary>
public sealed class NotificationDispatcher(
    ICountyYearStore countyYears,
    IOutboxStore outbox,
    NotificationComposer composer,
    CoordinatorMessages coordinator,
    IEmailSender sender,
    TimeProvider clock,
    IOptions<KommuntalOptions> options,
    ILogger<NotificationDispatcher> logger)
{
    public static readonly TimeSpan ClaimDuration = TimeSpan.FromMinutes(10);

    /// <summary>1, 2, 4, 8... minutes, at most 6 hours.</summary>
    public static TimeSpan Backoff(int attempts) => TimeSpan.FromMinutes(Math.Min(360, Math.Pow(2, Math.Max(0, attempts - 1))));

    public async Task<DispatchReport> DispatchAsync(CancellationToken cancellationToken)
    {
        var completed = new HashSet<PublicationKey>();
        var cache = new NotificationComposer.DocumentCache();
        var report = await SendDueAsync(completed, cache, cancellationToken);
        var queued = await coordinator.QueueSummariesAsync(completed, cancellationToken);
        if (queued > 0) report = report.Plus(await SendDueAsync(completed, cache, cancellationToken));
        return report with { SummariesQueued = queued };
    }

    /// <summary>
    /// What became of a claimed message. <c>Lost</c>: its ledger write lost a race (the claim expired and
    /// another dispatcher took the message, or the write went through and its answer was lost): the
    /// ledger row is left to whoever has it.
    /// </summary>
    private enum Outcome { Sent, Retrying, Failed, Lost }

    private sealed class Tally
    {
        public int Sent, Retrying, Failed, Skipped, Coordinator;

        public void Count(OutboxMessage message, Outcome outcome)
        {
            if (outcome == Outcome.Lost) Skipped++; // the next one is claimed on its own (it may have been claimed by the lost write)
            else if (outcome == Outcome.Retrying) Retrying++;
            else if (message.Type.IsForCoordinator()) Coordinator += outcome == Outcome.Sent ? 1 : 0;
            else if (outcome == Outcome.Sent) Sent++;
            else Failed++;
        }

        public DispatchReport Report() => new(Sent, Retrying, Failed, Skipped) { CoordinatorSent = Coordinator };
    }

    private async Task<DispatchReport> SendDueAsync(HashSet<PublicationKey> completed, NotificationComposer.DocumentCache cache, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var pending = (await outbox.FindPendingAsync(cancellationToken))
            .Where(p => p.Message.NextAttemptAt is null || p.Message.NextAttemptAt <= now) // waiting for a retry, or claimed by another dispatcher
            .OrderBy(p => p.Message.CreatedAt).ThenBy(p => p.Message.Id, StringComparer.Ordinal)
            .ToList();
        var tally = new Tally();
        foreach (var group in pending.GroupBy(p => (p.Year, p.CountyCode)))
        {
            var (year, countyCode) = group.Key;
            var snapshot = await countyYears.LoadAsync(year, countyCode, cancellationToken);
            var messages = group.Select(p => p.Message).ToList();
            OutboxMessage? claimed = null;
            for (var i = 0; i < messages.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                claimed ??= await TryClaimAsync(year, countyCode, messages[i], cancellationToken);
                if (claimed is null)
                {
                    tally.Skipped++; // another dispatcher claimed it first
                    continue;
                }
                // The next message is claimed in the transaction that records this one.
                var next = i + 1 < messages.Count ? messages[i + 1] : null;
                var (outcome, nextClaimed) = await SendClaimedAsync(year, snapshot, claimed, next, cache, cancellationToken);
                tally.Count(claimed, outcome);
                if (outcome is Outcome.Sent or Outcome.Failed && claimed.Type.IsMunicipal())
                    completed.Add(new PublicationKey(year, countyCode, claimed.Kind, claimed.SourceVersion));
                if (outcome != Outcome.Lost && next is not null && nextClaimed is null)
                {
                    tally.Skipped++; // another dispatcher claimed the next one first
                    i++;
                }
                claimed = nextClaimed;
            }
        }
        return tally.Report();
    }

    /// <summary>
    /// Sends one claimed message and records the result in the ledger (with its audit line when final),
    /// claiming <paramref name="next"/> in the same transaction; returns it claimed, or null if it was taken.
    /// </summary>
    private async Task<(Outcome Outcome, OutboxMessage? Next)> SendClaimedAsync(int year, CountyYearSnapshot snapshot, OutboxMessage claimed,
        OutboxMessage? next, NotificationComposer.DocumentCache cache, CancellationToken cancellationToken)
    {
        var countyCode = snapshot.State.CountyCode;
        var opts = options.Value.Notifications;
        try
        {
            var email = await composer.ComposeAsync(snapshot, claimed, cache, cancellationToken);
            var outcome = await sender.SendAsync(email, cancellationToken);
            var at = clock.GetUtcNow();
            var recorded = await TryRecordAsync(year, countyCode, claimed with
            {
                Status = NotificationStatus.Sent,
                Attempts = claimed.Attempts + 1,
                SentAt = at,
                NextAttemptAt = null,
                ProviderStatus = outcome.ProviderStatus,
                LastError = null,
                Sender = sender.Name,
                NextStatusCheckAt = outcome.Final ? null : at + Max(opts.StatusPollInterval, outcome.RetryAfter),
            }, new AuditEntry(at, "dispatcher", "notification.sent",
                $"Meddelande {claimed.Id} till {claimed.RecipientName} <{claimed.RecipientEmail}> skickat via {sender.Name} ({outcome.ProviderStatus})"), next, cancellationToken);
            return recorded.Recorded ? (Outcome.Sent, recorded.Next) : (Outcome.Lost, null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var attempts = claimed.Attempts + 1;
            var permanent = ex is EmailSendException { Permanent: true } or UncomposableMessageException;
            var final = permanent || attempts >= opts.MaxAttempts;
            logger.LogWarning(ex, "Sending {Id} to {Recipient} failed (attempt {Attempt} of {Max}{Permanent})", claimed.Id, claimed.RecipientEmail,
                attempts, opts.MaxAttempts, permanent ? ", not retried" : "");
            var why = permanent ? "kunde inte skickas" : $"kunde inte skickas efter {attempts} försök";
            var recorded = await TryRecordAsync(year, countyCode, claimed with
            {
                Status = final ? NotificationStatus.Failed : NotificationStatus.Pending,
                Attempts = attempts,
                NextAttemptAt = final ? null : clock.GetUtcNow() + Backoff(attempts),
                LastError = ex.Message,
                Sender = sender.Name,
            }, final
                ? new AuditEntry(clock.GetUtcNow(), "dispatcher", "notification.failed",
                    $"Meddelande {claimed.Id} till {claimed.RecipientName} <{EmailRules.Printable(claimed.RecipientEmail)}> {why}: {ex.Message}")
                : null, next, cancellationToken);
            return recorded.Recorded ? (final ? Outcome.Failed : Outcome.Retrying, recorded.Next) : (Outcome.Lost, null);
        }
    }

    private OutboxMessage Claim(OutboxMessage message) => message with { Status = NotificationStatus.Sending, NextAttemptAt = clock.GetUtcNow() + ClaimDuration };

    /// <summary>Claims one message on its own; null if another dispatcher changed it first.</summary>
    private async Task<OutboxMessage?> TryClaimAsync(int year, string countyCode, OutboxMessage message, CancellationToken cancellationToken)
    {
        try
        {
            return await outbox.UpdateAsync(year, countyCode, Claim(message), null, null, cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            return null;
        }
    }

    /// <summary>
    /// Records a message's new ledger state (and audit line), with the claim of the next message when
    /// there is one (its claim time starts now, at the write). Not recorded when the message's own row was
    /// changed by someone else: the conflict is logged, not thrown, so the pass goes on.
    /// </summary>
    private async Task<(bool Recorded, OutboxMessage? Next)> TryRecordAsync(int year, string countyCode, OutboxMessage message, AuditEntry? audit,
        OutboxMessage? next, CancellationToken cancellationToken)
    {
        try
        {
            if (next is null)
            {
                await outbox.UpdateAsync(year, countyCode, message, audit, null, cancellationToken);
                return (true, null);
            }
            return (true, (await outbox.UpdateAndClaimAsync(year, countyCode, message, audit, Claim(next), cancellationToken)).Next);
        }
        catch (ConcurrencyConflictException ex)
        {
            logger.LogWarning(ex, "The ledger row of {Id} was changed by someone else before it could be recorded as {Status}; left to its owner",
                message.Id, message.Status);
            return (false, null);
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan? b) => b is { } x && x > a ? x : a;
}
