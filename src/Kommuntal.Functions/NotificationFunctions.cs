using Kommuntal.Application;

namespace Kommuntal.Functions;

/// <summary>
/// The e-mail timers (six-field cron in UTC from the app settings Schedules__Notifications and
/// Schedules__DeliveryStatus). Each run is one pass and idempotent: a message is claimed before it
/// is sent, so a timer firing twice or on two instances sends nothing twice.
/// </summary>
public sealed class NotificationFunctions(NotificationDispatcher dispatcher, DeliveryStatusService deliveryStatus, PublicIndexService index, TimeProvider clock,
    ILogger<NotificationFunctions> logger)
{
    /// <summary>Sends the due outbox messages (new ones and retries whose backoff has passed) and the coordinator's summaries.</summary>
    [Function("DispatchNotifications")]
    public async Task DispatchNotifications([TimerTrigger("%Schedules:Notifications%", RunOnStartup = false)] TimerInfo timer, CancellationToken cancellationToken)
    {
        var report = await dispatcher.DispatchAsync(cancellationToken);
        logger.LogInformation("Notifications: {Sent} sent, {Retrying} to retry, {Failed} failed, {Skipped} claimed elsewhere, {Coordinator} to the coordinator",
            report.Sent, report.Retrying, report.Failed, report.Skipped, report.CoordinatorSent);
        // A publication that stopped between its commit and the published index is repaired here at the
        // latest (docs/storage.md, "The published index"): the allocation year and the one before.
        var year = AllocationYear.Now(clock);
        foreach (var u in await index.RepairAsync([year - 1, year], cancellationToken))
            if (u.Reloaded.Count > 0) logger.LogWarning("Published index {Year} was behind the record for {Counties}; repaired", u.Year, string.Join(", ", u.Reloaded));
    }

    /// <summary>Asks the provider for the delivery status of the sent messages that are due and records it on the ledger.</summary>
    [Function("PollDeliveryStatus")]
    public async Task PollDeliveryStatus([TimerTrigger("%Schedules:DeliveryStatus%", RunOnStartup = false)] TimerInfo timer, CancellationToken cancellationToken)
    {
        var report = await deliveryStatus.PollAsync(cancellationToken);
        logger.LogInformation("Delivery status: {Checked} checked, {Delivered} delivered, {Failed} failed, {InProgress} in progress{RateLimited}",
            report.Checked, report.Delivered, report.Failed, report.InProgress, report.RateLimited ? " (rate-limited: stopped early)" : "");
    }
}
