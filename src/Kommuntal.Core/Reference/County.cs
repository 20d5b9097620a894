namespace Kommuntal.Core.Reference;

/// <summary>A county (län) by its two-digit SCB code, e.g. "18" for Örebro län.</summary>
public sealed record County(string Code, string Name)
{
    /// <summary>The county administrative board (länsstyrelse) that decides the county's kommuntal.</summary>
    public string BoardName => $"Länsstyrelsen i {Name}";

    /// <summary>A path segment naming the county, e.g. "18-orebro-lan".</summary>
    public string Slug => $"{Code}-{Text.Slug.From(Name)}";
}

/// <summary>A municipality (kommun) by its four-digit SCB code, e.g. "1880" for Örebro.</summary>
public sealed record Municipality(string Code, string Name, string CountyCode)
{
    /// <summary>The path segment of the municipality's page on the public site: "1860-laxa".</summary>
    public string Slug => $"{Code}-{Text.Slug.From(Name)}";
}

/// <summary>A registry e-mail address a board sends decisions to.</summary>
public sealed record RecipientAddress(string MunicipalityCode, string Name, string Email);
