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
