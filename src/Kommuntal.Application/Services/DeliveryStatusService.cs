namespace Kommuntal.Application.Services;

/// <summary>What one delivery-status run did.</summary>
public sealed record DeliveryPollReport(int Checked, int Delivered, int Failed, int InProgress, int GaveUp, bool RateLimited);

/// <summary>
/// Asks the provider (ACS) what became of the messages it accepted and records the answer on the
/// ledger row: Delivered, or Failed (then audited and reported to the coordinator). One pass per
/// timer run, no loop that waits: each row carries the time it may next be asked about
/// (<see cref="OutboxMessage.NextStatusCheckAt"/>: the configured interval, or the provider's
/// Retry-After when longer), at most <see cref="NotificationOptions.MaxStatusChecksPerRun"/>
/// questions per run, and the run stops as soon as the provider says it is rate-limiting.
/// </summary>
public sealed class DeliveryStatusService(
    IOutboxStore outbox,
    IEmailSender sender,
    CoordinatorMessages coordinator,
    TimeProvider clock,
    IOptions<KommuntalOptions> options,
    ILogger<DeliveryStatusService> logger)
{
    public async Task<DeliveryPollReport> PollAsync(CancellationToken cancellationToken)
    {
        if (sender is not IDeliveryStatusSource source)
            return new DeliveryPollReport(0, 0, 0, 0, 0, false); // the configured sender reports nothing after handing over
        var opts = options.Value.Notifications;
        var due = await outbox.FindAwaitingStatusAsync(clock.GetUtcNow(), opts.MaxStatusChecksPerRun, cancellationToken);
        int checkedCount = 0, delivered = 0, failed = 0, inProgress = 0, gaveUp = 0;
        var rateLimited = false;
        foreach (var (year, countyCode, message) in due.Where(d => d.Message.Sender == sender.Name))
        {
            cancellationToken.ThrowIfCancellationRequested();
            DeliveryStatus status;
            try
            {
                status = await source.GetStatusAsync(message.Id, cancellationToken);
            }
            catch (DeliveryStatusUnavailableException ex)
            {
                logger.LogWarning("Delivery status of {Id} not available: {Reason}", message.Id, ex.Message);
                await TryUpdateAsync(year, countyCode, message with
                {
                    NextStatusCheckAt = clock.GetUtcNow() + Later(opts.StatusPollInterval, ex.RetryAfter),
                }, null, null, cancellationToken);
                if (ex.RateLimited)
                {
                    rateLimited = true;
                    break; // the provider asked us to slow down: the next run goes on
                }
                continue;
            }
            checkedCount++;
            var now = clock.GetUtcNow();
            var checks = message.StatusChecks + 1;
            switch (status.State)
            {
                case DeliveryState.Delivered:
                    if (await TryUpdateAsync(year, countyCode, message with
                        {
                            Status = NotificationStatus.Delivered,
                            ProviderStatus = status.ProviderStatus,
                            StatusChecks = checks,
                            DeliveryStatusAt = now,
                            NextStatusCheckAt = null,
                        }, new AuditEntry(now, "delivery-status", "notification.delivered",
                            $"Meddelande {message.Id} till {message.RecipientName} <{message.RecipientEmail}>: {status.ProviderStatus}"), null, cancellationToken))
                        delivered++;
                    break;
                case DeliveryState.Failed:
                    var failedMessage = message with
                    {
                        Status = NotificationStatus.Failed,
                        ProviderStatus = status.ProviderStatus,
                        LastError = status.Error ?? $"The provider reported {status.ProviderStatus}.",
                        StatusChecks = checks,
                        DeliveryStatusAt = now,
                        NextStatusCheckAt = null,
                    };
                    // Marked failed, audited and the coordinator's report queued in one transaction.
                    var (report, notReported) = coordinator.FailureReport(countyCode, failedMessage);
                    var details = $"Meddelande {message.Id} till {message.RecipientName} <{message.RecipientEmail}> levererades inte: {status.ProviderStatus} {status.Error}".TrimEnd();
                    if (await TryUpdateAsync(year, countyCode, failedMessage,
                            new AuditEntry(now, "delivery-status", "notification.delivery-failed", notReported is null ? details : $"{details}; {notReported}."), report, cancellationToken))
                        failed++;
                    break;
                default:
                    var sentAt = message.SentAt ?? message.CreatedAt;
                    if (now - sentAt >= opts.StatusPollTimeout)
                    {
                        if (await TryUpdateAsync(year, countyCode, message with { ProviderStatus = status.ProviderStatus, StatusChecks = checks, NextStatusCheckAt = null },
                                new AuditEntry(now, "delivery-status", "notification.status-unknown",
                                $"Meddelande {message.Id} till {message.RecipientEmail}: ingen slutlig leveransstatus efter {opts.StatusPollTimeout.TotalHours:0} timmar ({status.ProviderStatus}); frågar inte längre."), null, cancellationToken))
                            gaveUp++;
                    }
                    else
                    {
                        inProgress++;
                        await TryUpdateAsync(year, countyCode, message with
                        {
                            ProviderStatus = status.ProviderStatus,
                            StatusChecks = checks,
                            NextStatusCheckAt = now + Later(opts.StatusPollInterval, status.RetryAfter),
                        }, null, null, cancellationToken);
                    }
                    break;
            }
        }
        return new DeliveryPollReport(checkedCount, delivered, failed, inProgress, gaveUp, rateLimited);
    }

    private static TimeSpan Later(TimeSpan interval, TimeSpan? retryAfter) => retryAfter is { } r && r > interval ? r : interval;

    /// <summary>
    /// Conditional update, with its audit line and an added row in the same transaction; false when
    /// another poller got there first (then its answer stands).
    /// </summary>
    private async Task<bool> TryUpdateAsync(int year, string countyCode, OutboxMessage message, AuditEntry? audit, OutboxMessage? added,
        CancellationToken cancellationToken)
    {
        try
        {
            await outbox.UpdateAsync(year, countyCode, message, audit, added, cancellationToken);
            return true;
        }
        catch (ConcurrencyConflictException)
        {
            return false;
        }
    }
}
