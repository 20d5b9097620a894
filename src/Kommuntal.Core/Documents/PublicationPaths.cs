namespace Kommuntal.Core.Documents;

/// <summary>Stable, human-readable blob paths: year, county, kind and version.</summary>
public static class PublicationPaths
{
    public const string IndexPage = "index.html";

    /// <summary>The root of the published index (every year, without explanations).</summary>
    public const string IndexRoot = "index/root.json";

    /// <summary>A year's published index ("index/2022.json").</summary>
    public static string IndexYear(int year) => $"index/{year}.json";

    /// <summary>"2022/18-orebro-lan/beslut-v1.pdf" or ".../forslag-v3.pdf".</summary>
    public static string Document(int year, County county, DocumentKind kind, int version) =>
        $"{year}/{county.Slug}/{(kind == DocumentKind.Proposal ? "forslag" : "beslut")}-v{version}.pdf";

    /// <summary>The file name offered on download: "kommuntal-2022-orebro-lan-beslut-v1.pdf".</summary>
    public static string DownloadFileName(int year, County county, DocumentKind kind, int version) =>
        $"kommuntal-{year}-{Text.Slug.From(county.Name)}-{(kind == DocumentKind.Proposal ? "forslag" : "beslut")}-v{version}.pdf";
}
