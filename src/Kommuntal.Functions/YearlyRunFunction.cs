using Kommuntal.Application;

namespace Kommuntal.Functions;

/// <summary>
/// The scheduled yearly cycle (schedule from the app setting Schedules__YearlyRun, six-field cron in
/// UTC): for the allocation year, once the quota is in, compute every missing proposal and send it
/// for consultation. Deciding stays with the county governor through the coordinator API. Safe to
/// fire twice, concurrently and past due (every step is a conditional, idempotent transaction).
/// </summary>
public sealed class YearlyRunFunction(YearlyCycleService cycle, TimeProvider clock, ILogger<YearlyRunFunction> logger)
{
    [Function("YearlyRun")]
    public async Task Run([TimerTrigger("%Schedules:YearlyRun%", RunOnStartup = false)] TimerInfo timer, CancellationToken cancellationToken)
    {
        var year = AllocationYear.Now(clock);
        if (timer.IsPastDue) logger.LogWarning("Yearly cycle for {Year} is past due; running now", year);
        var steps = await cycle.AdvanceAsync(year, "scheduler", cancellationToken);
        foreach (var s in steps) logger.LogInformation("Cycle {Year}/{County}: {Action}", year, s.CountyCode, s.Action);
    }
}
