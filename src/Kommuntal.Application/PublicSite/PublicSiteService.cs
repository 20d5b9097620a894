using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Kommuntal.Application.Services;
using Kommuntal.Core.Documents;

namespace Kommuntal.Application.PublicSite;

/// <summary>
/// The public site's reads (issue 18), from the published index alone (docs/storage.md, "The
/// published index"): <see cref="SiteAsync"/> is the root index as a <see cref="PublicSiteView"/>,
/// built once per version of the root (0 storage requests while the root is in memory, one
/// conditional read when it is due for revalidation). A municipality's page too: the root carries the
/// Swedish text of each current decision's explanations; only a year summary written before it did
/// sends the page to the year blob (in memory too, checked against the SHA-256 the root names).
/// </summary>
public sealed class PublicSiteService(ReferenceData reference, PublishedIndexCache index)
{
    private readonly ConditionalWeakTable<CachedIndex, PublicSiteView> _views = new();
    private readonly ConditionalWeakTable<CachedIndex, string> _hashes = new();
    private PublicSiteView? _none;

    /// <summary>The site as the current root index shows it.</summary>
    public async Task<PublicSiteView> SiteAsync(CancellationToken cancellationToken)
    {
        var root = await index.GetAsync(PublicationPaths.IndexRoot, cancellationToken);
        if (PublishedIndexCache.Root(root) is not { } value) return _none ??= new PublicSiteView(reference, null, "none");
        return _views.GetValue(root, r => new PublicSiteView(reference, value, r.ETag ?? "none"));
    }

    /// <summary>A municipality's page: every year on record with each decision version and the annex's explanation; null for an unknown slug.</summary>
    public async Task<MunicipalityModel?> MunicipalityAsync(PublicSiteView site, string slug, CancellationToken cancellationToken)
    {
        if (site.Municipality(slug) is not { } municipality) return null;
        var years = new List<MunicipalityYear>();
        foreach (var summary in (site.Root?.Years ?? []).OrderByDescending(y => y.Year))
        {
            var section = summary.Counties.FirstOrDefault(c => c.Code == municipality.County.Code);
            if (section is null || (section.Decisions.Count == 0 && section.Proposals.Count == 0)) continue;
            var versions = site.Decisions.Where(d => d.Year == summary.Year && d.County.Code == section.Code).ToList();
            var numbers = section.Decisions.Select((d, i) => (Decision: versions[i], Number: d.Municipalities.FirstOrDefault(m => m.Code == municipality.Code)))
                .Where(x => x.Number is not null)
                .Select(x => new MunicipalityDecision(x.Decision, x.Number!.Kommuntal, x.Number.Previous)).ToList();
            var current = numbers.LastOrDefault(n => !n.Decision.Superseded);
            string? explanation = null;
            if (current is not null && summary.HasExplanationTexts)
            {
                // From the root (0 storage requests): the current decision carries its explanations' text.
                explanation = section.Decisions.FirstOrDefault(d => d.Version == current.Decision.Version)?.Municipalities
                    .FirstOrDefault(m => m.Code == municipality.Code)?.ExplanationSv;
            }
            else if (current is not null)
            {
                // A root written before it carried the texts: the year blob (one read per year, once).
                var year = await YearAsync(summary, cancellationToken);
                explanation = year?.Counties.FirstOrDefault(c => c.Code == section.Code)?.Decisions
                    .FirstOrDefault(d => d.Version == current.Decision.Version)?.Municipalities
                    .FirstOrDefault(m => m.Code == municipality.Code)?.Explanation?.SwedishText;
            }
            years.Add(new MunicipalityYear(summary.Year, section.Current?.Lanstal ?? section.Proposals.LastOrDefault()?.Lanstal, current, numbers, explanation));
        }
        return new MunicipalityModel(municipality, years);
    }

    /// <summary>The year blob the root names: from memory, read again when what is in memory is not the version the root vouches for.</summary>
    private async Task<PublishedYearIndex?> YearAsync(PublishedYearSummary summary, CancellationToken cancellationToken)
    {
        var name = PublicationPaths.IndexYear(summary.Year);
        var cached = await index.GetAsync(name, cancellationToken);
        if (Hash(cached) != summary.IndexSha256) cached = await index.GetFreshAsync(name, cancellationToken);
        return PublishedIndexCache.Year(cached);
    }

    private string? Hash(CachedIndex cached) =>
        cached.Bytes is null ? null : _hashes.GetValue(cached, c => Convert.ToHexStringLower(SHA256.HashData(c.Bytes!)));
}
