using Kommuntal.Application.Ports;
using Kommuntal.Core.Documents;
using Kommuntal.Core.Lifecycle;
using Kommuntal.Core.Reference;

namespace Kommuntal.Application.Services;

/// <summary>A published decision as offered to the public.</summary>
public sealed record PublicDecision(int Year, County County, Decision Decision, bool Current, string Url);

/// <summary>A file served to the public.</summary>
public sealed record PublicFile(string Path, string ContentType, byte[] Content, string? Sha256, bool Superseded);

/// <summary>
/// What municipalities and the public may read: published decisions (current and earlier, the
/// superseded ones marked), proposals that were sent for consultation, and the public page.
/// Drafts and anything not recorded as published are never served.
/// </summary>
public sealed class PublicDocumentsService(ReferenceData reference, ICountyYearStore store, IDocumentStore documents)
{
    public async Task<IReadOnlyList<PublicDecision>> ListAsync(int? year, string? countyCode, string? municipalityCode, CancellationToken cancellationToken)
    {
        var published = await store.ListPublishedAsync(year, cancellationToken);
        var municipality = municipalityCode is null ? null : reference.FindMunicipality(municipalityCode);
        if (municipalityCode is not null && municipality is null) return [];
        var county = countyCode ?? municipality?.CountyCode;
        return published
            .Where(p => county is null || p.CountyCode == county)
            .Select(p => new PublicDecision(p.Year, reference.County(p.CountyCode), p.Decision, p.Decision.Status == DecisionStatus.Published,
                documents.PublicUrl(p.Decision.Document!.Path)))
            .ToList();
    }

    /// <summary>A decision's PDF: the current one, or a given version (superseded ones are served, marked as such).</summary>
    public async Task<PublicFile?> DecisionPdfAsync(int year, string countyCode, int? version, CancellationToken cancellationToken)
    {
        if (reference.FindCounty(countyCode) is null) return null;
        var snapshot = await store.LoadAsync(year, countyCode, cancellationToken);
        var decision = version is { } v
            ? snapshot.Decisions.FirstOrDefault(d => d.Version == v && d.Document is not null)
            : snapshot.Decisions.LastOrDefault(d => d.Status == DecisionStatus.Published);
        if (decision?.Document is null) return null;
        var bytes = await documents.ReadAsync(decision.Document.Path, cancellationToken);
        return bytes is null ? null : new PublicFile(decision.Document.Path, "application/pdf", bytes, decision.Document.Sha256, decision.Status == DecisionStatus.Superseded);
    }

    /// <summary>A file by its path in the published container, if it is the public page or a recorded publication.</summary>
    public async Task<PublicFile?> FileAsync(string path, CancellationToken cancellationToken)
    {
        if (path == PublicationPaths.IndexPage)
        {
            var page = await documents.ReadAsync(path, cancellationToken);
            return page is null ? null : new PublicFile(path, "text/html; charset=utf-8", page, null, false);
        }
        // {year}/{county-slug}/{beslut|forslag}-v{n}.pdf, and only when the county-year records it as published.
        var parts = path.Split('/');
        if (parts.Length != 3 || !int.TryParse(parts[0], out var year)) return null;
        var county = reference.Counties.FirstOrDefault(c => c.Slug == parts[1]);
        if (county is null) return null;
        var snapshot = await store.LoadAsync(year, county.Code, cancellationToken);
        var decision = snapshot.Decisions.FirstOrDefault(d => d.Document?.Path == path);
        var proposal = snapshot.Drafts.FirstOrDefault(d => d.Consultation?.Document.Path == path);
        var recorded = decision?.Document ?? proposal?.Consultation?.Document;
        if (recorded is null) return null;
        var bytes = await documents.ReadAsync(path, cancellationToken);
        return bytes is null ? null : new PublicFile(path, "application/pdf", bytes, recorded.Sha256, decision?.Status == DecisionStatus.Superseded);
    }
}
