using Kommuntal.Core.Allocation;

namespace Kommuntal.Application.Portal;

/// <summary>One county's line on the portal's start page.</summary>
/// <param name="Own">The signed-in coordinator's own county (listed first).</param>
/// <param name="Lanstal">The current quota version's länstal (null when the year has no quota).</param>
/// <param name="ConsultationDeadline">The latest consultation's deadline for answers (null when none was sent).</param>
public sealed record CountyOverview(County County, bool Own, CountyYearState State, int? Lanstal, DeliverySummary Delivery, DateOnly? ConsultationDeadline,
    Decision? Decision);

/// <summary>How a county's e-mails stand: queued, sent (or delivered), failed.</summary>
public sealed record DeliverySummary(int Total, int Waiting, int Sent, int Delivered, int Failed)
{
    public static DeliverySummary Of(IEnumerable<OutboxMessage> outbox)
    {
        var list = outbox.ToList();
        return new DeliverySummary(list.Count,
            list.Count(m => m.Status is NotificationStatus.Pending or NotificationStatus.Sending),
            list.Count(m => m.Status == NotificationStatus.Sent),
            list.Count(m => m.Status == NotificationStatus.Delivered),
            list.Count(m => m.Status == NotificationStatus.Failed));
    }
}

/// <summary>The start page: the year nationally.</summary>
public sealed record PortalOverview(int Year, QuotaVersion? Quota, IReadOnlyList<CountyOverview> Counties);

/// <summary>A county-year as the portal shows it: the stored snapshot with what it is read against.</summary>
/// <param name="CurrentLanstal">The länstal of the current quota version (may differ from the county-year's when a revision came after the last draft).</param>
/// <param name="CarryOver">The places the county's municipalities did not fill in the year before, shown beside the model; null unless
/// Kommuntal:Fulfilment:ShowCarryOver is on and that year's whole-year statistics are imported (issue 19).</param>
public sealed record CountyYearView(int Year, County County, CountyYearSnapshot Snapshot, IReadOnlyList<Municipality> Municipalities, QuotaVersion? Quota,
    int? CurrentLanstal, Kommuntal.Core.Fulfilment.CarryOver? CarryOver = null)
{
    /// <summary>The latest proposal (not a what-if): what the board would send or decide.</summary>
    public Draft? Proposal => CountyYearRules.LatestProposal(Snapshot);
    public Decision? Decision => Snapshot.CurrentDecision;
    public string? ETag => Snapshot.ETag;
    /// <summary>What a form sends back as If-Match: the ETag, or <see cref="Services.CountyYearService.NotYetStored"/> for a county-year not stored yet.</summary>
    public string FormETag => Snapshot.ETag ?? Services.CountyYearService.NotYetStored;
}

/// <summary>A what-if next to the proposal: the same inputs with other weights, method or deviations, computed and not stored.</summary>
/// <param name="Result">The what-if result; null when its inputs could not be used (see <paramref name="Problem"/>).</param>
public sealed record WhatIfView(CountyYearView CountyYear, ModelParameters Parameters, IReadOnlyList<Deviation> Deviations, AllocationResult? Result, string? Problem,
    TimeSpan ComputeTime);

/// <summary>The uploads page: the stored versions of the national inputs and of the user's counties' wishes.</summary>
public sealed record UploadsView(int Year, IReadOnlyList<QuotaVersion> Quotas, IReadOnlyList<IndicatorVersion> Indicators, IReadOnlyList<(County County, WishVersion? Wishes)> Wishes);

/// <summary>A county-year's audit trail, newest first.</summary>
public sealed record AuditView(CountyYearView CountyYear, IReadOnlyList<AuditEntry> Entries);
