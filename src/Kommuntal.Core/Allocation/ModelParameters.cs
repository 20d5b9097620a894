namespace Kommuntal.Core.Allocation;

/// <summary>How exact quotas become integers that sum to the länstal.</summary>
public enum ApportionmentMethod
{
    /// <summary>Hamilton / largest remainder (default).</summary>
    LargestRemainder,
    /// <summary>Sainte-Laguë (divisors 1, 3, 5, ...).</summary>
    SainteLague,
    /// <summary>D'Hondt (divisors 1, 2, 3, ...).</summary>
    DHondt,
}

/// <summary>The model's factors; the names used in parameter files are the lower-case forms.</summary>
public enum Factor { Labour, Population, Reception }

/// <summary>
/// The calculation model's parameters, versioned and stored with every result so the same inputs
/// always give the same numbers.
/// </summary>
public sealed record ModelParameters
{
    public string Version { get; init; } = "kommuntal-2022.1";
    public double LabourWeight { get; init; } = 0.43;
    public double PopulationWeight { get; init; } = 0.37;
    public double ReceptionWeight { get; init; } = 0.20;
    /// <summary>Use the compensating form c = 2p − q of the reception factor (DOMAIN.md step 2).</summary>
    public bool CompensatingReception { get; init; } = true;
    /// <summary>Net out expected self-settled arrivals (DOMAIN.md step 4).</summary>
    public bool NetSelfSettled { get; init; } = true;
    /// <summary>Floor negative values at zero and rescale the rest (DOMAIN.md step 5).</summary>
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
}
