namespace Kommuntal.Application.PublicSite;

/// <summary>A municipality as the public site names it: slug "1880-orebro", its county.</summary>
public sealed record SiteMunicipality(string Code, string Name, string Slug, County County);

/// <summary>A published decision version as the pages and the feed show it.</summary>
/// <param name="Path">The document's path in the published container ("2022/18-orebro-lan/beslut-v1.pdf").</param>
public sealed record DecisionVersion(
    int Year, County County, int Version, bool Superseded, int? Supersedes, int? SupersededBy,
    DateOnly DecisionDate, string Diarienummer, int Lanstal, DateTimeOffset PublishedAt, string Path, string Sha256, long Size)
{
    /// <summary>When the version was superseded (the publication of the one that replaced it), else null.</summary>
    public DateTimeOffset? SupersededAt { get; init; }
}

/// <summary>A search hit on the start page: a municipality or a county.</summary>
public sealed record SearchHit(string Name, string Slug, bool IsCounty, string? CountyName);

/// <summary>The start page: the search (query and hits) and the latest decisions.</summary>
public sealed record StartModel(string? Query, IReadOnlyList<SearchHit> Hits, IReadOnlyList<DecisionVersion> Latest, IReadOnlyList<int> Years, DateTimeOffset? UpdatedAt);

/// <summary>A municipality's number in one decision version.</summary>
public sealed record MunicipalityDecision(DecisionVersion Decision, int Kommuntal, int? Previous);

/// <summary>One year on a municipality's page: its current number (if decided) and every version, with the annex's explanation.</summary>
public sealed record MunicipalityYear(int Year, int? Lanstal, MunicipalityDecision? Current, IReadOnlyList<MunicipalityDecision> Versions, string? Explanation);

public sealed record MunicipalityModel(SiteMunicipality Municipality, IReadOnlyList<MunicipalityYear> Years);

/// <summary>A row of table 1 (the municipalities' kommuntal in the current decision).</summary>
public sealed record CountyRow(string Code, string Name, string Slug, int Kommuntal, int? Previous);

public sealed record CountyYear(int Year, int? Lanstal, DecisionVersion? Current, IReadOnlyList<CountyRow> Rows, IReadOnlyList<DecisionVersion> Decisions);

public sealed record CountyModel(County County, IReadOnlyList<SiteMunicipality> Municipalities, IReadOnlyList<CountyYear> Years);

/// <summary>A county in one year on the national page.</summary>
/// <param name="Lanstal">From the current decision, else the newest proposal; null when nothing is published.</param>
/// <param name="Kommuntal">The sum of the current decision's kommuntal; null when not decided.</param>
public sealed record NationRow(County County, int? Lanstal, int? Kommuntal, DecisionVersion? Current, int Versions, bool ProposalOnly);

public sealed record NationYear(int Year, IReadOnlyList<NationRow> Counties)
{
    public int Decided => Counties.Count(c => c.Current is not null);
}

public sealed record NationModel(IReadOnlyList<NationYear> Years);

/// <summary>One decided kommuntal in the open data (current decisions only).</summary>
/// <param name="Andelstal">The municipality's per-mille share when the index carries it (issue 20); null until then.</param>
public sealed record OpenDataRow(
    int Year, string CountyCode, string CountyName, int Lanstal, string MunicipalityCode, string MunicipalityName, int Kommuntal,
    DateOnly DecisionDate, string Diarienummer, int DecisionVersion, string DocumentPath, string DocumentSha256, decimal? Andelstal);
