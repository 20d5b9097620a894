using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Kommuntal.Core.Documents;
using Kommuntal.Core.Unaccompanied;
using Microsoft.Extensions.Caching.Memory;

namespace Kommuntal.Application.Services;

/// <summary>A published document as the published index records it: where it is, its SHA-256 and whether it is superseded.</summary>
public sealed record PublicDocument(DocumentKind Kind, int Year, string CountyCode, int Version, string Path, string Sha256, long Size, bool Superseded)
{
    /// <summary>The strong HTTP ETag: the document's SHA-256 (its bytes never change).</summary>
    public string ETag => $"\"{Sha256}\"";
}

/// <summary>
/// What municipalities and the public may read, served from the published index alone
/// (<see cref="PublishedIndexCache"/>): the list of published decisions (current and superseded),
/// each decision's and consulted proposal's document, and the public page. Drafts and anything not
/// recorded as published are never in the index, so never served. Answers are serialised once per
/// index version and query; document bytes are kept in memory by SHA-256, within a size bound.
/// </summary>
public sealed class PublicDocumentsService(
    ReferenceData reference,
    PublishedIndexCache index,
    IDocumentStore documents,
    IOptions<KommuntalOptions> options,
    ILogger<PublicDocumentsService> logger) : IDisposable
{
    /// <summary>The years an allocation can have (the same range the imports accept).</summary>
    public const int FirstYear = 2016, LastYear = 2100;
    private const string Json = "application/json; charset=utf-8";
    private static readonly PublicResponse EmptyList = PublicResponse.Of("[]"u8.ToArray(), Json);

    private readonly MemoryCache _files = new(new MemoryCacheOptions { SizeLimit = Math.Max(1, options.Value.PublicCache.MaxDocumentBytes) });

    /// <summary>Published decisions, oldest year, county and version first, optionally for one year, county or municipality (its numbers only).</summary>
    public async Task<PublicResponse> ListAsync(int? year, string? countyCode, string? municipalityCode, CancellationToken cancellationToken)
    {
        var municipality = municipalityCode is null ? null : reference.FindMunicipality(municipalityCode);
        if (municipalityCode is not null && municipality is null) return EmptyList;
        var county = countyCode ?? municipality?.CountyCode;
        if (county is not null && reference.FindCounty(county) is null) return EmptyList;
        var key = $"list|{county}|{municipality?.Code}";
        if (year is { } y)
        {
            if (y is < FirstYear or > LastYear) return EmptyList;
            var cached = await index.GetAsync(PublicationPaths.IndexYear(y), cancellationToken);
            return PublishedIndexCache.Year(cached) is { } yearIndex
                ? cached.Response(key, () => List([(y, yearIndex.Counties)], county, municipality?.Code))
                : EmptyList;
        }
        var rootCached = await index.GetAsync(PublicationPaths.IndexRoot, cancellationToken);
        return PublishedIndexCache.Root(rootCached) is { } root
            ? rootCached.Response(key, () => List(root.Years.OrderBy(x => x.Year).Select(x => (x.Year, x.Counties)), county, municipality?.Code))
            : EmptyList;
    }

    /// <summary>The county's current decision for the year, or null.</summary>
    public async Task<PublicDocument?> CurrentDecisionAsync(int year, string countyCode, CancellationToken cancellationToken) =>
        await SectionAsync(year, countyCode, cancellationToken) is { Current: { } d } ? Decision(year, countyCode, d) : null;

    /// <summary>A decision version (a superseded one is served, marked as such), or null.</summary>
    public async Task<PublicDocument?> DecisionAsync(int year, string countyCode, int version, CancellationToken cancellationToken) =>
        await SectionAsync(year, countyCode, cancellationToken) is { } section && section.Decisions.FirstOrDefault(d => d.Version == version) is { } d
            ? Decision(year, countyCode, d)
            : null;

    /// <summary>A document by its path in the published container ("2022/18-orebro-lan/beslut-v1.pdf"), if the index records it.</summary>
    public async Task<PublicDocument?> FileAsync(string path, CancellationToken cancellationToken)
    {
        var parts = path.Split('/');
        if (parts.Length != 3 || !int.TryParse(parts[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var year)) return null;
        var county = reference.Counties.FirstOrDefault(c => c.Slug == parts[1]);
        if (county is null || await SectionAsync(year, county.Code, cancellationToken) is not { } section) return null;
        if (section.Decisions.FirstOrDefault(d => d.Path == path) is { } decision) return Decision(year, county.Code, decision);
        return section.Proposals.FirstOrDefault(p => p.Path == path) is { } p
            ? new PublicDocument(DocumentKind.Proposal, year, county.Code, p.Draft, p.Path, p.Sha256, p.Size, Superseded: false)
            : null;
    }

    /// <summary>
    /// The document's bytes: from memory, else one read, checked against the SHA-256 the index
    /// records (a blob that does not match is never served). Null when missing or not matching.
    /// </summary>
    public async Task<byte[]?> ContentAsync(PublicDocument document, CancellationToken cancellationToken)
    {
        if (_files.TryGetValue(document.Sha256, out byte[]? cached) && cached is not null) return cached;
        var bytes = await documents.ReadAsync(document.Path, cancellationToken);
        if (bytes is null)
        {
            logger.LogError("Published document {Path} is recorded in the index but missing in storage", document.Path);
            return null;
        }
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (sha != document.Sha256)
        {
            logger.LogError("Published document {Path} has SHA-256 {Found} in storage but {Recorded} in the record; not served", document.Path, sha, document.Sha256);
            return null;
        }
        _files.Set(document.Sha256, bytes, new MemoryCacheEntryOptions { Size = bytes.Length });
        return bytes;
    }

    public void Dispose() => _files.Dispose();

    private async Task<PublishedCountyIndex?> SectionAsync(int year, string countyCode, CancellationToken cancellationToken)
    {
        if (year is < FirstYear or > LastYear || reference.FindCounty(countyCode) is null) return null;
        var cached = await index.GetAsync(PublicationPaths.IndexYear(year), cancellationToken);
        return PublishedIndexCache.Year(cached)?.Counties.FirstOrDefault(c => c.Code == countyCode);
    }

    private static PublicDocument Decision(int year, string countyCode, PublishedDecisionEntry d) =>
        new(DocumentKind.Decision, year, countyCode, d.Version, d.Path, d.Sha256, d.Size, d.Status == PublishedDecisionEntry.SupersededStatus);

    private PublicResponse List(IEnumerable<(int Year, IReadOnlyList<PublishedCountyIndex> Counties)> years, string? county, string? municipality)
    {
        var list = years
            .SelectMany(y => y.Counties.Where(c => county is null || c.Code == county).SelectMany(c => c.Decisions.Select(d => (y.Year, c, d))))
            .Select(x => new
            {
                year = x.Year,
                county = x.c.Code,
                countyName = x.c.Name,
                version = x.d.Version,
                status = x.d.Status,
                supersededBy = x.d.SupersededBy,
                decisionDate = x.d.DecisionDate,
                diarienummer = x.d.Diarienummer,
                lanstal = x.d.Lanstal,
                url = documents.PublicUrl(x.d.Path),
                sha256 = x.d.Sha256,
                size = x.d.Size,
                publishedAt = x.d.PublishedAt,
                numbers = x.d.Municipalities.Where(n => municipality is null || n.Code == municipality)
                    .Select(n => new PublicNumber(n.Code, n.Name, n.Kommuntal, n.Previous, n.Andelstal)),
            });
        return PublicResponse.Of(JsonSerializer.SerializeToUtf8Bytes(list, KommuntalJson.Options), Json);
    }
}

/// <summary>A municipality's number in the public decision list; its share for unaccompanied children (per mille) only when the decision has one on record.</summary>
internal sealed record PublicNumber(string Code, string Name, int Kommuntal, int? Previous,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] PerMille? Andelstal);
