namespace Kommuntal.Application.Services;

/// <summary>What one reminder pass did.</summary>
/// <param name="Queued">Counties whose coordinator got a reminder queued in this pass.</param>
/// <param name="WithoutAddress">Counties not decided whose coordinator has no configured address.</param>
public sealed record ReminderReport(int Year, DateOnly Deadline, bool InWindow, IReadOnlyList<string> Queued, IReadOnlyList<string> WithoutAddress);

/// <summary>
/// Reminds the coordinators of counties not yet decided, from <see cref="CycleOptions.ReminderDaysBefore"/>
/// days before the decision deadline (<see cref="CycleOptions.DecisionDeadline"/>, default 15 November)
/// until the deadline. One reminder per county and year: it is an outbox row with a deterministic id
/// (<see cref="CoordinatorMessages.Reminder"/>), inserted create-only in the county-year's partition
/// together with its audit line (one transaction), so a timer that fires twice, concurrently or every
/// weekday of the window queues it once, a stop can never keep the row without the line, and the
/// dispatcher sends it exactly once.
/// </summary>
public sealed class ReminderService(
    IQuotaStore quotas,
    ICountyYearStore store,
    IOutboxStore outbox,
    CoordinatorMessages coordinator,
    ReferenceData reference,
    TimeProvider clock,
    IOptions<KommuntalOptions> options,
    ILogger<ReminderService> logger)
{

    public async Task<ReminderReport> RemindAsync(int year, CancellationToken cancellationToken)
    {
        var cycle = options.Value.Cycle;
        var deadline = cycle.DeadlineFor(year);
        var today = SwedishFormat.SwedishDate(clock.GetUtcNow());
        var inWindow = today >= deadline.AddDays(-cycle.ReminderDaysBefore) && today <= deadline;
        if (!inWindow) return new ReminderReport(year, deadline, false, [], []);

        var quota = await quotas.GetCurrentAsync(year, cancellationToken);
        var counties = quota is null
            ? reference.Counties.Select(c => c.Code)
            : quota.Quota.Counties.Where(c => c.Lanstal > 0).Select(c => c.CountyCode);
        List<string> queued = [], withoutAddress = [];
        foreach (var code in counties)
        {
            var state = (await store.LoadAsync(year, code, cancellationToken)).State;
            var decided = state.Status is CountyYearStatus.Decided or CountyYearStatus.Published && !state.NeedsNewDecision
                          && (quota is null || state.Lanstal == quota.Quota.Counties.First(c => c.CountyCode == code).Lanstal);
            if (decided) continue;
            var county = reference.County(code);
            if (coordinator.Reminder(year, county, deadline) is not { } message)
            {
                withoutAddress.Add(code);
                logger.LogWarning("{County} {Year} is not decided {Days} days before the deadline, but no coordinator address is configured (Kommuntal:Contacts:{Code}:CoordinatorEmail)",
                    county.Name, year, deadline.DayNumber - today.DayNumber, code);
                continue;
            }
            var audit = new AuditEntry(clock.GetUtcNow(), "scheduler", "reminder.queued",
                $"Påminnelse till {message.RecipientName} <{message.RecipientEmail}>: beslut om kommuntal {year} ska fattas senast {SwedishFormat.Date(deadline)} (meddelande {message.Id}).");
            if (await outbox.TryAddAsync(year, code, message, audit, cancellationToken))
                queued.Add(code);
        }
        return new ReminderReport(year, deadline, true, queued, withoutAddress);
    }
}
