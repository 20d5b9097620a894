namespace Kommuntal.Functions;

/// <summary>
/// The monthly message to each coordinator naming the municipalities behind pro rata (issue 19;
/// schedule from the app setting Schedules__FulfilmentReminders, six-field cron in UTC). It may fire
/// daily: each county gets one message per statistics period however often it fires, sent at once
/// and, should that fail, by the notification timer.
/// </summary>
public sealed class FulfilmentReminderFunction(FulfilmentReminderService reminders, NotificationDispatcher dispatcher, ILogger<FulfilmentReminderFunction> logger)
{
    [Function("FulfilmentReminders")]
    public async Task Run([TimerTrigger("%Schedules:FulfilmentReminders%", RunOnStartup = false)] TimerInfo timer, CancellationToken cancellationToken)
    {
        var reports = await reminders.RunAsync(cancellationToken);
        foreach (var r in reports)
            logger.LogInformation("Fulfilment messages {Year} {Period}: {Queued} queued, {Without} counties without a coordinator address",
                r.Year, r.Period ?? "year", r.Queued.Count, r.WithoutAddress.Count);
        if (reports.Any(r => r.Queued.Count > 0)) await dispatcher.DispatchAsync(cancellationToken);
    }
}
