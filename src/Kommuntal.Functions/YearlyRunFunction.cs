using Kommuntal.Application.Services;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Kommuntal.Functions;

/// <summary>
/// The scheduled yearly run (schedule from the app setting Schedules__YearlyRun, six-field cron in
/// UTC). Runs the allocation year's cycle; safe to fire twice and past due (every step is idempotent).
/// </summary>
public sealed class YearlyRunFunction(YearlyRunService run, TimeProvider clock, ILogger<YearlyRunFunction> logger)
{
    [Function("YearlyRun")]
    public async Task Run([TimerTrigger("%Schedules:YearlyRun%", RunOnStartup = false)] TimerInfo timer, CancellationToken cancellationToken)
    {
        var year = AllocationYear(clock.GetUtcNow());
        if (timer.IsPastDue) logger.LogWarning("Yearly run for {Year} is past due; running now", year);
        try
        {
            var report = await run.RunAsync(year, "scheduler", cancellationToken);
            logger.LogInformation("Yearly run {Year}: {Counties} counties, {Sent} e-mails sent", year, report.Counties.Count, report.Dispatch.Sent);
        }
        catch (Kommuntal.Core.Lifecycle.InvalidTransitionException ex)
        {
            logger.LogInformation("Yearly run {Year}: nothing to do ({Reason})", year, ex.Message);
        }
    }

    /// <summary>From July the boards work on next year's numbers.</summary>
    public static int AllocationYear(DateTimeOffset now)
    {
        var local = Kommuntal.Core.Text.SwedishFormat.SwedishTime(now);
        return local.Month >= 7 ? local.Year + 1 : local.Year;
    }
}
