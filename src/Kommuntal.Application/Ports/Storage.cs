using Kommuntal.Core.Quotas;
using Kommuntal.Core.Validation;

namespace Kommuntal.Application.Ports;

/// <summary>Where an accepted quota file came from.</summary>
public sealed record QuotaSource(string FileName, string Sha256, string UploadedBy, DateTimeOffset UploadedAt);

/// <summary>An immutable stored version of a year's national quota.</summary>
public sealed record QuotaVersion(int Year, int Version, NationalQuota Quota, QuotaSource Source);

/// <summary>Result of storing a quota: the version, whether it is new, and which counties' länstal changed from the previous version.</summary>
public sealed record QuotaSaveResult(QuotaVersion Version, bool Created, IReadOnlyList<string> ChangedCounties);

/// <summary>Quota versions in Table Storage (one partition per year, one transaction per version).</summary>
public interface IQuotaStore
{
    /// <summary>Stores the quota as a new version unless the same content is already stored (then returns that version).</summary>
    Task<QuotaSaveResult> SaveAsync(NationalQuota quota, QuotaSource source, CancellationToken cancellationToken);
    Task<QuotaVersion?> GetCurrentAsync(int year, CancellationToken cancellationToken);
    Task<IReadOnlyList<QuotaVersion>> ListAsync(int year, CancellationToken cancellationToken);
}

/// <summary>
/// County-years in Table Storage: one partition each; every change is one transaction guarded by
/// the state row's ETag, so a stale writer gets a <see cref="ConcurrencyConflictException"/>. The
/// outbox rows in the partition are written with the publication and then kept by <see cref="IOutboxStore"/>.
/// </summary>
/// <summary>What an overview of a year needs of one county-year (<see cref="ICountyYearStore.ListSummariesAsync"/>).</summary>
public sealed record CountyYearSummary(CountyYearState State, IReadOnlyList<Decision> Decisions, IReadOnlyList<OutboxMessage> Outbox, DateOnly? ConsultationDeadline)
{
    public Decision? CurrentDecision => Decisions.FirstOrDefault(d => d.Version == State.CurrentDecision);
}

public interface ICountyYearStore
{
    Task<CountyYearSnapshot> LoadAsync(int year, string countyCode, CancellationToken cancellationToken);
    /// <summary>The state rows of every started county-year of a year (one query).</summary>
    Task<IReadOnlyList<CountyYearState>> ListStatesAsync(int year, CancellationToken cancellationToken);
    /// <summary>
    /// Every started county-year of a year, for an overview: the state, the decisions (without their
    /// per-municipality rows), the outbox, and the latest consultation deadline, in two queries over
    /// the year (the drafts' results are not read).
    /// </summary>
    Task<IReadOnlyList<CountyYearSummary>> ListSummariesAsync(int year, CancellationToken cancellationToken);
    /// <summary>Commits in one transaction; returns the snapshot after the change (with the new ETag).</summary>
    Task<CountyYearSnapshot> CommitAsync(CountyYearSnapshot basis, CountyYearChange change, CancellationToken cancellationToken);
    Task AppendAuditAsync(int year, string countyCode, AuditEntry entry, CancellationToken cancellationToken);
    /// <summary>
    /// Appends the entry unless an entry with the same <paramref name="onceKey"/> was appended before
    /// (a marker row written in the same transaction): for notes that a repeated, interrupted or
    /// concurrent run must write exactly once. Returns false when it was already there.
    /// </summary>
    Task<bool> AppendAuditOnceAsync(int year, string countyCode, string onceKey, AuditEntry entry, CancellationToken cancellationToken);
    Task<IReadOnlyList<AuditEntry>> ReadAuditAsync(int year, string countyCode, CancellationToken cancellationToken);
    /// <summary>All decisions with a published document, for the public index and downloads.</summary>
    Task<IReadOnlyList<(int Year, string CountyCode, Decision Decision)>> ListPublishedAsync(int? year, CancellationToken cancellationToken);
}

/// <summary>A write lost a race: someone else changed the county-year first (exit 3, HTTP 412).</summary>
public sealed class ConcurrencyConflictException(string message, Exception? inner = null)
    : KommuntalException("concurrency-conflict", "Någon annan ändrade uppgifterna samtidigt; läs in dem igen och försök på nytt.", message, inner)
{
    public override FailureKind Kind => FailureKind.Concurrency;
}
