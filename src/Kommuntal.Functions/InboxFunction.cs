namespace Kommuntal.Functions;

/// <summary>
/// Scans the blob inbox (schedule from the app setting Schedules__Inbox, six-field cron in UTC) and
/// imports new quota, indicator and wish files through the same services as the HTTP routes. Safe
/// to fire twice or concurrently: each file is claimed with a blob lease and every import is
/// idempotent by content.
/// </summary>
public sealed class InboxFunction(InboxService inbox, ILogger<InboxFunction> logger)
{
    [Function("Inbox")]
    public async Task Run([TimerTrigger("%Schedules:Inbox%", RunOnStartup = false)] TimerInfo timer, CancellationToken cancellationToken)
    {
        if (timer.IsPastDue) logger.LogWarning("Inbox scan is past due; running now");
        var report = await inbox.RunAsync("inbox", cancellationToken);
        if (report.Count(InboxFileStatus.Failed) > 0)
            logger.LogError("Inbox: {Failed} file(s) could not be imported and stay in the inbox for the next run", report.Count(InboxFileStatus.Failed));
    }
}
