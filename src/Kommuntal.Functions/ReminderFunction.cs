using Kommuntal.Application;

namespace Kommuntal.Functions;

/// <summary>
/// Reminds the coordinators of counties not yet decided, from two weeks before the decision
/// deadline (schedule from the app setting Schedules__Reminders, six-field cron in UTC; window and
/// deadline from Kommuntal:Cycle). Once per county and year however often it fires; the reminders
/// are sent at once and, should that fail, by the notification timer.
/// </summary>
public sealed class ReminderFunction(ReminderService reminders, NotificationDispatcher dispatcher, TimeProvider clock, ILogger<ReminderFunction> logger)
{
    [Function("Reminders")]
    public async Task Run([TimerTrigger("%Schedules:Reminders%", RunOnStartup = false)] TimerInfo timer, CancellationToken cancellationToken)
    {
        var report = await reminders.RemindAsync(AllocationYear.Now(clock), cancellationToken);
        if (!report.InWindow) return;
        logger.LogInformation("Reminders {Year} (deadline {Deadline}): {Queued} queued, {Without} counties without a coordinator address",
            report.Year, report.Deadline, report.Queued.Count, report.WithoutAddress.Count);
        if (report.Queued.Count > 0) await dispatcher.DispatchAsync(cancellationToken);
    }
}
