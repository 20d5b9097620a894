namespace Kommuntal.Core.Lifecycle;

/// <summary>Everything stored for one county-year, read in one query.</summary>
public sealed record CountyYearSnapshot(
    CountyYearState State,
    IReadOnlyList<Draft> Drafts,
    IReadOnlyList<Decision> Decisions,
    IReadOnlyList<OutboxMessage> Outbox,
    string? ETag)
{
    public Decision? CurrentDecision => Decisions.FirstOrDefault(d => d.Version == State.CurrentDecision);
    public Draft? Draft(int number) => Drafts.FirstOrDefault(d => d.Number == number);
    public Draft? LatestDraft => Draft(State.LatestDraft);
}

/// <summary>The changes one step makes to a county-year, committed atomically.</summary>
public sealed record CountyYearChange(CountyYearState NewState)
{
    public IReadOnlyList<Draft> NewDrafts { get; init; } = [];
    /// <summary>Stored drafts whose consultation was recorded.</summary>
    public IReadOnlyList<Draft> UpdatedDrafts { get; init; } = [];
    /// <summary>New decisions and updated ones (status, document, superseded-by).</summary>
    public IReadOnlyList<Decision> Decisions { get; init; } = [];
    public IReadOnlyList<OutboxMessage> NewOutbox { get; init; } = [];
    public IReadOnlyList<AuditEntry> Audit { get; init; } = [];
}


public static class CountyYearChangeExtensions
{
    /// <summary>The snapshot as it is after <paramref name="change"/> was committed with <paramref name="newETag"/>.</summary>
    public static CountyYearSnapshot Apply(this CountyYearSnapshot s, CountyYearChange change, string? newETag)
    {
        var drafts = s.Drafts.Select(d => change.UpdatedDrafts.FirstOrDefault(u => u.Number == d.Number) ?? d)
            .Concat(change.NewDrafts).ToList();
        var decisions = s.Decisions.Where(d => change.Decisions.All(c => c.Version != d.Version))
            .Concat(change.Decisions).OrderBy(d => d.Version).ToList();
        var outbox = s.Outbox.Concat(change.NewOutbox).ToList();
        return new CountyYearSnapshot(change.NewState, drafts, decisions, outbox, newETag);
    }

    /// <summary>Two consecutive changes as one (committed in one transaction).</summary>
    public static CountyYearChange Then(this CountyYearChange first, CountyYearChange second) =>
        new(second.NewState)
        {
            NewDrafts = first.NewDrafts.Concat(second.NewDrafts).ToList(),
            UpdatedDrafts = first.UpdatedDrafts.Where(d => second.UpdatedDrafts.All(x => x.Number != d.Number)).Concat(second.UpdatedDrafts).ToList(),
            Decisions = first.Decisions.Where(d => second.Decisions.All(x => x.Version != d.Version)).Concat(second.Decisions).ToList(),
            NewOutbox = first.NewOutbox.Concat(second.NewOutbox).ToList(),
            Audit = first.Audit.Concat(second.Audit).ToList(),
        };
}
