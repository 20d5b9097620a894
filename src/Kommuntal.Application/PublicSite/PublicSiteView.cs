using System.Globalization;
using System.Text;
using Kommuntal.Core.Documents;

namespace Kommuntal.Application.PublicSite;

/// <summary>
/// The public site as one version of the root index shows it (built once per version of
/// <c>index/root.json</c>): the municipalities and counties with their slugs, the search, and the
/// models of the pages that need nothing but the root (start, county, nation, feed, open data).
/// <see cref="Version"/> names it: anything made from it may be kept while the version is the same.
/// </summary>
public sealed class PublicSiteView
{
    private readonly ReferenceData _reference;
    private readonly Dictionary<string, SiteMunicipality> _municipalities = new(StringComparer.Ordinal);
    private readonly Dictionary<string, County> _counties = new(StringComparer.Ordinal);
    private readonly List<(string Folded, SearchHit Hit)> _search = [];

    public PublicSiteView(ReferenceData reference, PublishedRootIndex? root, string version)
    {
        _reference = reference;
        Root = root;
        Version = version;
        foreach (var county in reference.Counties)
        {
            _counties[county.Slug] = county;
            _search.Add((Fold(county.Name), new SearchHit(county.Name, county.Slug, IsCounty: true, null)));
            foreach (var m in reference.MunicipalitiesIn(county.Code))
            {
                var site = new SiteMunicipality(m.Code, m.Name, MunicipalitySlug(m), county);
                _municipalities[site.Slug] = site;
                _search.Add((Fold(m.Name), new SearchHit(m.Name, site.Slug, IsCounty: false, county.Name)));
            }
        }
        Decisions = (root?.Years ?? []).SelectMany(y => y.Counties.SelectMany(c => Versions(y.Year, c))).ToList();
    }

    /// <summary>The root index's ETag (or "none" before anything is published).</summary>
    public string Version { get; }
    public PublishedRootIndex? Root { get; }
    /// <summary>Every published decision version, year, county and version ascending.</summary>
    public IReadOnlyList<DecisionVersion> Decisions { get; }
    public IReadOnlyList<int> Years => Root?.Years.Select(y => y.Year).OrderDescending().ToList() ?? [];

    public static string MunicipalitySlug(Municipality m) => m.Slug;

    public SiteMunicipality? Municipality(string slug) => _municipalities.GetValueOrDefault(slug);

    /// <summary>Lower case without diacritics: "Laxå" → "laxa", "ÖREBRO" → "orebro".</summary>
    public static string Fold(string text)
    {
        var normalized = text.Trim().Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(normalized.Length);
        foreach (var c in normalized)
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark) sb.Append(char.ToLowerInvariant(c));
        return sb.ToString();
    }

    /// <summary>Municipalities and counties whose name contains the query (case and diacritics ignored); exact and prefix matches first.</summary>
    public IReadOnlyList<SearchHit> Search(string? query)
    {
        if (string.IsNullOrWhiteSpace(query)) return [];
        var q = Fold(query);
        if (q.Length > 100) return [];
        return _search.Where(s => s.Folded.Contains(q, StringComparison.Ordinal))
            .OrderBy(s => s.Folded == q ? 0 : s.Folded.StartsWith(q, StringComparison.Ordinal) ? 1 : 2)
            .ThenBy(s => s.Hit.IsCounty)
            .ThenBy(s => s.Hit.Name, StringComparer.Create(CultureInfo.GetCultureInfo("sv-SE"), ignoreCase: false))
            .Select(s => s.Hit).Take(50).ToList();
    }

    public StartModel Start(string? query, int latest = 10) => new(
        string.IsNullOrWhiteSpace(query) ? null : query.Trim(),
        Search(query),
        Decisions.OrderByDescending(d => d.PublishedAt).ThenBy(d => d.County.Code, StringComparer.Ordinal).Take(latest).ToList(),
        Years, Root?.UpdatedAt);

    public CountyModel? County(string slug)
    {
        if (!_counties.TryGetValue(slug, out var county)) return null;
        var years = (Root?.Years ?? []).OrderByDescending(y => y.Year).Select(y =>
        {
            var section = y.Counties.FirstOrDefault(c => c.Code == county.Code);
            var decisions = section is null ? [] : Versions(y.Year, section).ToList();
            var current = section?.Current;
            var rows = current is null ? [] : current.Municipalities
                .Select(m => new CountyRow(m.Code, m.Name, MunicipalitySlug(new Municipality(m.Code, m.Name, county.Code)), m.Kommuntal, m.Previous)).ToList();
            return new CountyYear(y.Year, current?.Lanstal ?? section?.Proposals.LastOrDefault()?.Lanstal,
                decisions.LastOrDefault(d => !d.Superseded), rows, decisions);
        }).Where(y => y.Decisions.Count > 0 || y.Lanstal is not null).ToList();
        var municipalities = _reference.MunicipalitiesIn(county.Code).Select(m => _municipalities[MunicipalitySlug(m)]).ToList();
        return new CountyModel(county, municipalities, years);
    }

    public NationModel Nation() => new((Root?.Years ?? []).OrderByDescending(y => y.Year).Select(y => new NationYear(y.Year,
        _reference.Counties.Select(county =>
        {
            var section = y.Counties.FirstOrDefault(c => c.Code == county.Code);
            var current = section?.Current;
            var versions = section is null ? [] : Versions(y.Year, section).ToList();
            return new NationRow(county, current?.Lanstal ?? section?.Proposals.LastOrDefault()?.Lanstal,
                current?.Municipalities.Sum(m => m.Kommuntal), versions.LastOrDefault(v => !v.Superseded), versions.Count,
                ProposalOnly: current is null && section?.Proposals.Count > 0);
        }).ToList())).ToList());

    /// <summary>Every decided kommuntal of the year in its county's current decision, by county and municipality code.</summary>
    public IReadOnlyList<OpenDataRow>? OpenData(int year)
    {
        var summary = Root?.Years.FirstOrDefault(y => y.Year == year);
        if (summary is null) return null;
        return summary.Counties.OrderBy(c => c.Code, StringComparer.Ordinal)
            .Where(c => c.Current is not null)
            .SelectMany(c => c.Current!.Municipalities.OrderBy(m => m.Code, StringComparer.Ordinal).Select(m => new OpenDataRow(
                year, c.Code, c.Name, c.Current.Lanstal, m.Code, m.Name, m.Kommuntal, c.Current.DecisionDate, c.Current.Diarienummer,
                c.Current.Version, c.Current.Path, c.Current.Sha256, Andelstal: m.Andelstal?.Value)))
            .ToList();
    }

    private IEnumerable<DecisionVersion> Versions(int year, PublishedCountyIndex section)
    {
        var county = _reference.FindCounty(section.Code) ?? new County(section.Code, section.Name);
        foreach (var d in section.Decisions)
            yield return new DecisionVersion(year, county, d.Version, d.Status == PublishedDecisionEntry.SupersededStatus, d.Supersedes, d.SupersededBy,
                d.DecisionDate, d.Diarienummer, d.Lanstal, d.PublishedAt, d.Path, d.Sha256, d.Size)
            {
                SupersededAt = d.SupersededBy is { } by ? section.Decisions.FirstOrDefault(x => x.Version == by)?.PublishedAt : null,
            };
    }
}
