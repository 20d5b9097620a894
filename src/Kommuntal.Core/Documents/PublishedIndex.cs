using System.Text.Json.Serialization;
using Kommuntal.Core.Allocation;
using Kommuntal.Core.Lifecycle;
using Kommuntal.Core.Unaccompanied;

namespace Kommuntal.Core.Documents;

/// <summary>
/// The published index of one year (blob <c>index/{year}.json</c>): per county every published
/// decision version and every proposal sent for consultation, with what the public may know about
/// them. Public reads are served from it alone; it is derived from the county-year partitions (the
/// record) by <see cref="PublishedIndexBuilder"/> and never holds a draft. See docs/storage.md.
/// </summary>
public sealed record PublishedYearIndex
{
    public const int CurrentSchema = 1;
    public int Schema { get; init; } = CurrentSchema;
    public required int Year { get; init; }
    /// <summary>In county code order; a county whose record has nothing public has no decisions and no proposals.</summary>
    public required IReadOnlyList<PublishedCountyIndex> Counties { get; init; }
}

/// <summary>One county's part of a year's index, built from its county-year partition.</summary>
public sealed record PublishedCountyIndex
{
    public required string Code { get; init; }
    public required string Name { get; init; }
    public required string Slug { get; init; }
    /// <summary>
    /// The county-year's audit sequence when this part was built: the record has changed since when
    /// its state row carries a higher one (then the part is rebuilt). A part is never replaced by one
    /// built from an older record.
    /// </summary>
    public required long RecordSequence { get; init; }
    /// <summary>Every published version, oldest first.</summary>
    public required IReadOnlyList<PublishedDecisionEntry> Decisions { get; init; }
    /// <summary>Every proposal sent for consultation, by draft number.</summary>
    public required IReadOnlyList<PublishedProposalEntry> Proposals { get; init; }

    /// <summary>The current (published, not superseded) decision, if any.</summary>
    public PublishedDecisionEntry? Current => Decisions.LastOrDefault(d => d.Status == PublishedDecisionEntry.CurrentStatus);
}

/// <summary>A published decision version and its document.</summary>
public sealed record PublishedDecisionEntry
{
    public const string CurrentStatus = "current";
    public const string SupersededStatus = "superseded";

    public required int Version { get; init; }
    /// <summary><see cref="CurrentStatus"/> or <see cref="SupersededStatus"/>.</summary>
    public required string Status { get; init; }
    public int? Supersedes { get; init; }
    public int? SupersededBy { get; init; }
    public required DateOnly DecisionDate { get; init; }
    public required string Diarienummer { get; init; }
    public required int Lanstal { get; init; }
    public required DateTimeOffset PublishedAt { get; init; }
    /// <summary>The document's path in the published container ("2022/18-orebro-lan/beslut-v1.pdf").</summary>
    public required string Path { get; init; }
    public required string Sha256 { get; init; }
    public required long Size { get; init; }
    public required IReadOnlyList<PublishedMunicipality> Municipalities { get; init; }
}

/// <summary>
/// A municipality's decided number, the previous one in a revision, and why (null in the root index);
/// and its share for unaccompanied children after the county's transfers, when the decision has the
/// shares on record (left out of the JSON otherwise, so an index without shares is written as before).
/// </summary>
public sealed record PublishedMunicipality(string Code, string Name, int Kommuntal, int? Previous, MunicipalExplanation? Explanation,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] PerMille? Andelstal = null)
{
    /// <summary>
    /// In the root index only, in the current decision only: the explanation's Swedish text (the annex's
    /// paragraph), all a municipality's page shows of it, so the page needs no year blob. Omitted elsewhere.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ExplanationSv { get; init; }
}

/// <summary>A proposal sent to the municipalities for consultation.</summary>
public sealed record PublishedProposalEntry
{
    public required int Draft { get; init; }
    public required int Lanstal { get; init; }
    public required DateTimeOffset PublishedAt { get; init; }
    public required DateOnly Deadline { get; init; }
    public required string Path { get; init; }
    public required string Sha256 { get; init; }
    public required long Size { get; init; }
}

/// <summary>
/// The root index (blob <c>index/root.json</c>): every indexed year with the SHA-256 of its year
/// blob and its counties without the explanations, for the list of all years and the public page.
/// Written after the year blob, so a root that names a year blob's hash vouches for it.
/// </summary>
public sealed record PublishedRootIndex
{
    public int Schema { get; init; } = PublishedYearIndex.CurrentSchema;
    /// <summary>When the index last changed (the public page's "Senast uppdaterad").</summary>
    public required DateTimeOffset UpdatedAt { get; init; }
    /// <summary>Newest year first.</summary>
    public required IReadOnlyList<PublishedYearSummary> Years { get; init; }
}

/// <summary>
/// A year in the root index: its year blob's SHA-256 and its counties without the structured
/// explanations, but with the Swedish text of each current decision's explanations
/// (<see cref="PublishedMunicipality.ExplanationSv"/>) when <see cref="HasExplanationTexts"/>; a
/// summary written before those texts were (false) sends a municipality's page to the year blob.
/// </summary>
public sealed record PublishedYearSummary(int Year, string IndexSha256, IReadOnlyList<PublishedCountyIndex> Counties)
{
    public bool HasExplanationTexts { get; init; }
}

/// <summary>Pure functions from the record (county-year snapshots) to the published index.</summary>
public static class PublishedIndexBuilder
{
    /// <summary>What of a county-year is public: decisions with a document (published or superseded) and proposals sent for consultation.</summary>
    public static PublishedCountyIndex Section(County county, CountyYearSnapshot snapshot) => new()
    {
        Code = county.Code,
        Name = county.Name,
        Slug = county.Slug,
        RecordSequence = snapshot.State.AuditSequence,
        Decisions = snapshot.Decisions
            .Where(d => d.Document is not null && d.Status is DecisionStatus.Published or DecisionStatus.Superseded)
            .OrderBy(d => d.Version)
            .Select(d => new PublishedDecisionEntry
            {
                Version = d.Version,
                Status = d.Status == DecisionStatus.Superseded ? PublishedDecisionEntry.SupersededStatus : PublishedDecisionEntry.CurrentStatus,
                Supersedes = d.Supersedes,
                SupersededBy = d.SupersededBy,
                DecisionDate = d.DecisionDate,
                Diarienummer = d.Diarienummer,
                Lanstal = d.Lanstal,
                PublishedAt = d.Document!.PublishedAt,
                Path = d.Document.Path,
                Sha256 = d.Document.Sha256,
                Size = d.Document.Size,
                Municipalities = d.Numbers.OrderBy(n => n.MunicipalityCode, StringComparer.Ordinal)
                    .Select(n => new PublishedMunicipality(n.MunicipalityCode, n.Name, n.Kommuntal, n.Previous, n.Explanation, d.Shares?.Row(n.MunicipalityCode)?.After)).ToList(),
            }).ToList(),
        Proposals = snapshot.Drafts
            .Where(d => d.Consultation is not null)
            .OrderBy(d => d.Number)
            .Select(d => new PublishedProposalEntry
            {
                Draft = d.Number,
                Lanstal = d.Lanstal,
                PublishedAt = d.Consultation!.Document.PublishedAt,
                Deadline = d.Consultation.Deadline,
                Path = d.Consultation.Document.Path,
                Sha256 = d.Consultation.Document.Sha256,
                Size = d.Consultation.Document.Size,
            }).ToList(),
    };

    /// <summary>
    /// The year's index with <paramref name="sections"/> put in, each only over a part built from
    /// an older (or the same) record, so a slow writer never brings back an older state.
    /// </summary>
    public static PublishedYearIndex With(int year, PublishedYearIndex? index, IEnumerable<PublishedCountyIndex> sections)
    {
        var byCode = (index?.Counties ?? []).ToDictionary(c => c.Code, StringComparer.Ordinal);
        foreach (var s in sections)
            if (!byCode.TryGetValue(s.Code, out var old) || old.RecordSequence <= s.RecordSequence)
                byCode[s.Code] = s;
        return new PublishedYearIndex { Year = year, Counties = byCode.Values.OrderBy(c => c.Code, StringComparer.Ordinal).ToList() };
    }

    /// <summary>The root with <paramref name="year"/>'s summary replaced (newest year first).</summary>
    public static PublishedRootIndex WithYear(PublishedRootIndex? root, PublishedYearIndex year, string yearIndexSha256, DateTimeOffset now)
    {
        var summary = new PublishedYearSummary(year.Year, yearIndexSha256, year.Counties.Select(WithoutExplanations).ToList()) { HasExplanationTexts = true };
        var years = (root?.Years ?? []).Where(y => y.Year != year.Year).Append(summary).OrderByDescending(y => y.Year).ToList();
        return new PublishedRootIndex { UpdatedAt = now, Years = years };
    }

    /// <summary>The structured explanations stay in the year blob; the current decision keeps each explanation's Swedish text (a municipality's page shows it).</summary>
    private static PublishedCountyIndex WithoutExplanations(PublishedCountyIndex c) => c with
    {
        Decisions = c.Decisions.Select(d => d with
        {
            Municipalities = d.Municipalities.Select(m => m with
            {
                Explanation = null,
                ExplanationSv = d.Status == PublishedDecisionEntry.CurrentStatus ? m.Explanation?.SwedishText : null,
            }).ToList(),
        }).ToList(),
    };
}
