using System.Text.Json.Serialization;

namespace Kommuntal.Core.Allocation;

/// <summary>How exact quotas become integers that sum to the länstal.</summary>
/// <remarks>
/// Quota rule (every municipality gets the floor or the ceiling of its exact quota): largest
/// remainder always satisfies it. D'Hondt never goes below the floor but can exceed the ceiling
/// (it favours large municipalities); Sainte-Laguë can, rarely, break it in either direction.
/// Both divisor methods are house- and population-monotone, which largest remainder is not
/// (Alabama and population paradoxes; see README, "Allocation engine").
/// </remarks>
public enum ApportionmentMethod
{
    /// <summary>Hamilton / largest remainder (default).</summary>
    [JsonStringEnumMemberName("largest-remainder")]
    LargestRemainder,
    /// <summary>Sainte-Laguë / Webster (divisors 1, 3, 5, ...).</summary>
    [JsonStringEnumMemberName("sainte-lague")]
    SainteLague,
    /// <summary>D'Hondt / Jefferson (divisors 1, 2, 3, ...).</summary>
    [JsonStringEnumMemberName("dhondt")]
    DHondt,
}

/// <summary>The names of the apportionment methods in files, on the command line and in JSON.</summary>
public static class ApportionmentMethods
{
    public static string Name(ApportionmentMethod method) => method switch
    {
        ApportionmentMethod.LargestRemainder => "largest-remainder",
        ApportionmentMethod.SainteLague => "sainte-lague",
        ApportionmentMethod.DHondt => "dhondt",
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, null),
    };

    /// <summary>The Swedish name used in explanations and documents.</summary>
    public static string SwedishName(ApportionmentMethod method) => method switch
    {
        ApportionmentMethod.LargestRemainder => "största rest-metoden",
        ApportionmentMethod.SainteLague => "Sainte-Laguës metod (uddatalsmetoden)",
        ApportionmentMethod.DHondt => "d'Hondts metod",
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, null),
    };

    /// <summary>Parses "largest-remainder", "sainte-lague" or "dhondt" (a few spellings accepted); null when unknown.</summary>
    public static ApportionmentMethod? Parse(string? text) => (text ?? "").Trim().ToLowerInvariant() switch
    {
        "largest-remainder" or "largestremainder" or "hamilton" or "största-rest" or "storsta-rest" => ApportionmentMethod.LargestRemainder,
        "sainte-lague" or "sainte-laguë" or "saintelague" or "webster" or "uddatal" => ApportionmentMethod.SainteLague,
        "dhondt" or "d-hondt" or "d'hondt" or "jefferson" => ApportionmentMethod.DHondt,
        _ => null,
    };

    public static readonly IReadOnlyList<string> Names = ["largest-remainder", "sainte-lague", "dhondt"];
}

/// <summary>The model's factors; the names used in parameter files are the lower-case forms.</summary>
public enum Factor { Labour, Population, Reception }

/// <summary>
/// The calculation model's parameters, versioned and stored with every result so the same inputs
/// always give the same numbers. Load a parameter file with <see cref="ModelParametersJson"/>.
/// </summary>
public sealed record ModelParameters
{
    /// <summary>Names this parameter set; stored with every result. Change it whenever a value changes.</summary>
    public string Version { get; init; } = "kommuntal-2022.1";
    public double LabourWeight { get; init; } = 0.43;
    public double PopulationWeight { get; init; } = 0.37;
    public double ReceptionWeight { get; init; } = 0.20;
    /// <summary>
    /// Use the compensating form c = 2p − q of the reception factor (DOMAIN.md step 2): high earlier
    /// reception lowers the share. When off, the reception share q is used directly (higher earlier
    /// reception raises the share; only meaningful for a measure where more means more capacity).
    /// </summary>
    public bool CompensatingReception { get; init; } = true;
    /// <summary>Net out expected self-settled arrivals (DOMAIN.md step 4).</summary>
    public bool NetSelfSettled { get; init; } = true;
    /// <summary>
    /// Floor negative values at zero and rescale the rest (DOMAIN.md step 5). When off, a negative
    /// model value is an error instead (a kommuntal is never negative).
    /// </summary>
    public bool FloorAtZero { get; init; } = true;
    public ApportionmentMethod Method { get; init; } = ApportionmentMethod.LargestRemainder;

    public static ModelParameters Default { get; } = new();

    public double WeightOf(Factor factor) => factor switch
    {
        Factor.Labour => LabourWeight,
        Factor.Population => PopulationWeight,
        Factor.Reception => ReceptionWeight,
        _ => throw new ArgumentOutOfRangeException(nameof(factor)),
    };

    /// <summary>A copy with one factor's weight replaced.</summary>
    public ModelParameters WithWeight(Factor factor, double weight) => factor switch
    {
        Factor.Labour => this with { LabourWeight = weight },
        Factor.Population => this with { PopulationWeight = weight },
        Factor.Reception => this with { ReceptionWeight = weight },
        _ => throw new ArgumentOutOfRangeException(nameof(factor)),
    };

    /// <summary>
    /// What makes these parameters unusable by the engine: a missing version, a negative or
    /// non-finite weight, no positive weight, an unknown method. (A parameter file must moreover
    /// sum to 1: <see cref="ModelParametersJson"/> checks that.)
    /// </summary>
    public IReadOnlyList<ValidationProblem> Problems(string source = "parameters")
    {
        var problems = new List<ValidationProblem>();
        if (string.IsNullOrWhiteSpace(Version))
            problems.Add(new ValidationProblem(source, null, "version", "missing-version",
                "Parameteruppsättningen saknar version.", "The parameter set has no version."));
        foreach (var f in Enum.GetValues<Factor>())
        {
            var w = WeightOf(f);
            if (!double.IsFinite(w) || w < 0)
                problems.Add(new ValidationProblem(source, null, "weights." + FactorNames.Name(f), "negative-weight",
                    $"Vikten för {FactorNames.SwedishName(f)} är {w.ToString(System.Globalization.CultureInfo.InvariantCulture)}; en vikt måste vara ett tal ≥ 0.",
                    $"The {FactorNames.Name(f)} weight is {w.ToString(System.Globalization.CultureInfo.InvariantCulture)}; a weight must be a number ≥ 0."));
        }
        if (problems.Count == 0 && LabourWeight + PopulationWeight + ReceptionWeight <= 0)
            problems.Add(new ValidationProblem(source, null, "weights", "no-positive-weight",
                "Minst en vikt måste vara större än 0.", "At least one weight must be greater than 0."));
        if (!Enum.IsDefined(Method))
            problems.Add(new ValidationProblem(source, null, "method", "unknown-method",
                $"Okänd avrundningsmetod {(int)Method}.", $"Unknown rounding method {(int)Method}."));
        return problems;
    }
}

/// <summary>Names of the factors in files (English, with Swedish aliases) and in Swedish text.</summary>
public static class FactorNames
{
    public static string Name(Factor f) => f switch
    {
        Factor.Labour => "labour",
        Factor.Population => "population",
        Factor.Reception => "reception",
        _ => throw new ArgumentOutOfRangeException(nameof(f)),
    };

    public static string SwedishName(Factor f) => f switch
    {
        Factor.Labour => "arbetsmarknad",
        Factor.Population => "befolkning",
        Factor.Reception => "mottagande",
        _ => throw new ArgumentOutOfRangeException(nameof(f)),
    };

    public static Factor? Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "labour" or "labor" or "arbetsmarknad" => Factor.Labour,
        "population" or "befolkning" => Factor.Population,
        "reception" or "mottagande" => Factor.Reception,
        _ => null,
    };
}
