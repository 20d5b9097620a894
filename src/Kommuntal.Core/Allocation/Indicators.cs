namespace Kommuntal.Core.Allocation;

/// <summary>
/// The indicators of one municipality for one year. Any value may be missing (null): a factor
/// without data for the county is left out of the model and the other weights renormalised.
/// </summary>
/// <param name="Population">Registered population (SCB).</param>
/// <param name="Labour">Labour-market measure; higher means better conditions.</param>
/// <param name="Reception">Earlier reception: newly arrived and unaccompanied children received over the reference period.</param>
/// <param name="AsylumSeekers">Asylum seekers living in the municipality.</param>
/// <param name="SelfSettled">Expected self-settled arrivals (EBO) in the year.</param>
public sealed record MunicipalIndicators(
    string MunicipalityCode,
    double? Population = null,
    double? Labour = null,
    double? Reception = null,
    double? AsylumSeekers = null,
    double? SelfSettled = null);

/// <summary>Indicators for the municipalities of a year, with where they came from.</summary>
public sealed record IndicatorSet(int Year, IReadOnlyList<MunicipalIndicators> Rows, IReadOnlyList<string> Sources)
{
    private readonly Dictionary<string, MunicipalIndicators> _byCode =
        Rows.GroupBy(r => r.MunicipalityCode).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);

    public MunicipalIndicators? For(string municipalityCode) => _byCode.GetValueOrDefault(municipalityCode);
}
