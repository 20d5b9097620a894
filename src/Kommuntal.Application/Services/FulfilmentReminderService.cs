using Kommuntal.Core.Fulfilment;
using Kommuntal.Core.Notifications;

namespace Kommuntal.Application.Services;

/// <summary>What one pass of the monthly fulfilment message did, per year looked at.</summary>
/// <param name="Period">The statistics' latest period (null: the whole year).</param>
/// <param name="Queued">Counties whose coordinator got the message queued in this pass.</param>
/// <param name="WithoutAddress">Counties with municipalities behind whose coordinator has no configured address.</param>
public sealed record FulfilmentReminderReport(int Year, string? Period, IReadOnlyList<string> Queued, IReadOnlyList<string> WithoutAddress);

/// <summary>
/// The monthly message to each coordinator (issue 19): from the latest statistics of the year
/// (this year's and, early in a year, last year's whole-year file), the municipalities that have
/// received more than <see cref="FulfilmentOptions.BehindThresholdPercent"/> percent below their
/// pro-rata expectation. One message per county and period: an outbox row with a deterministic id
/// ("{year}-{county}-fulfilment-{period}"), inserted create-only in the county-year's partition
/// together with its audit line (one transaction), so however often the timer fires it is queued
/// once and the dispatcher sends it once. A county with nobody behind gets no message.
/// </summary>
public sealed class FulfilmentReminderService(
    IFulfilmentStore store,
    FulfilmentService fulfilment,
    IOutboxStore outbox,
    CoordinatorMessages coordinator,
    ReferenceData reference,
    TimeProvider clock,
    IOptions<FulfilmentOptions> options,
    ILogger<FulfilmentReminderService> logger)
{
    /// <summary>Runs for this calendar year and the previous one (its whole-year statistics come early in the next year).</summary>
    public async Task<IReadOnlyList<FulfilmentReminderReport>> RunAsync(CancellationToken cancellationToken)
    {
        var year = SwedishFormat.SwedishDate(clock.GetUtcNow()).Year;
        var reports = new List<FulfilmentReminderReport>();
        foreach (var y in new[] { year - 1, year })
            if (await QueueAsync(y, cancellationToken) is { } r) reports.Add(r);
        return reports;
    }

    /// <summary>Queues the messages of the year's latest statistics; null when none are imported.</summary>
    public async Task<FulfilmentReminderReport?> QueueAsync(int year, CancellationToken cancellationToken)
    {
        var versions = await store.ListCurrentAsync(year, cancellationToken);
        if (versions.Count == 0) return null;
        var latest = versions[^1];
        var report = FulfilmentReportBuilder.Build(reference, year, latest.Period, latest.Rows, await fulfilment.DecidedAsync(year, cancellationToken));
        var threshold = options.Value.BehindThresholdPercent;
        List<string> queued = [], withoutAddress = [];
        foreach (var county in report.Counties)
        {
            var behind = county.Municipalities.Where(m => m.IsBehind(threshold)).ToList();
            if (behind.Count == 0) continue;
            if (coordinator.FulfilmentBehind(year, reference.County(county.Code), latest.Period, latest.Version) is not { } message)
            {
                withoutAddress.Add(county.Code);
                logger.LogWarning("{County}: {Count} municipalities behind pro rata in {Year} {Period}, but no coordinator address is configured (Kommuntal:Contacts:{Code}:CoordinatorEmail)",
                    county.Name, behind.Count, year, FulfilmentMessageBuilder.Key(latest.Period), county.Code);
                continue;
            }
            var audit = new AuditEntry(message.CreatedAt, "scheduler", "fulfilment.behind-queued",
                $"Uppföljning av anvisningar {FulfilmentMessageBuilder.PeriodText(year, latest.Period)} till {message.RecipientName} <{message.RecipientEmail}>: "
                + $"{string.Join(", ", behind.Select(m => m.Name))} ligger mer än {threshold} procent efter (meddelande {message.Id}).");
            if (await outbox.TryAddAsync(year, county.Code, message, audit, cancellationToken)) queued.Add(county.Code);
        }
        return new FulfilmentReminderReport(year, latest.Period, queued, withoutAddress);
    }
}
