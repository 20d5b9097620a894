namespace Kommuntal.Core.Allocation;

/// <summary>What a negotiated deviation from the model means.</summary>
public enum DeviationKind
{
    /// <summary>An agreement: exactly <see cref="Deviation.Number"/>.</summary>
    Agreement,
    /// <summary>The municipality volunteers ("utökat ansvar"): at least <see cref="Deviation.Number"/>.</summary>
    Volunteer,
    /// <summary>Housing conditions (förordning 2016:39, 6 §): at most <see cref="Deviation.Number"/>.</summary>
    Housing,
}

/// <summary>A municipality's wish or agreement, always with the reason it was granted.</summary>
public sealed record Deviation(string MunicipalityCode, DeviationKind Kind, int Number, string Reason);

/// <summary>
/// The kinds' names, once: the value files, forms and the CLI use ("agreement"), the Swedish name
/// documents, messages and pages print, and the English name of the logs and error texts.
/// </summary>
public static class DeviationKinds
{
    public static string Name(DeviationKind kind) => kind switch
    {
        DeviationKind.Agreement => "agreement",
        DeviationKind.Volunteer => "volunteer",
        DeviationKind.Housing => "housing",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static string SwedishName(DeviationKind kind) => kind switch
    {
        DeviationKind.Agreement => "överenskommelse (exakt antal)",
        DeviationKind.Volunteer => "frivilligt åtagande (minst)",
        DeviationKind.Housing => "bostadstak (högst)",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static string EnglishName(DeviationKind kind) => kind switch
    {
        DeviationKind.Agreement => "agreement (exactly)",
        DeviationKind.Volunteer => "volunteer (at least)",
        DeviationKind.Housing => "housing (at most)",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>A kind as a file or form gives it, in English or Swedish; null when it is none of them.</summary>
    public static DeviationKind? Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "agreement" or "överenskommelse" or "overenskommelse" or "exakt" or "exactly" => DeviationKind.Agreement,
        "volunteer" or "frivillig" or "utökat" or "utokat" or "utökat ansvar" or "minst" or "at least" => DeviationKind.Volunteer,
        "housing" or "bostad" or "bostäder" or "bostader" or "högst" or "hogst" or "at most" => DeviationKind.Housing,
        _ => null,
    };
}
