using Kommuntal.Core.Reference;

namespace Kommuntal.Core.Allocation;

/// <summary>Everything the engine needs to compute one county's kommuntal; nothing else is read.</summary>
public sealed record AllocationRequest(
    int Year,
    County County,
    int Lanstal,
    IReadOnlyList<Municipality> Municipalities,
    IndicatorSet Indicators,
    IReadOnlyList<Deviation> Deviations,
    ModelParameters Parameters);

/// <summary>A factor's weight as configured and as applied after renormalisation.</summary>
public sealed record FactorWeight(Factor Factor, double ConfiguredWeight, double AppliedWeight, bool Used, string? Note);

/// <summary>One county's result: integers summing exactly to the länstal, each with its explanation.</summary>
public sealed record AllocationResult(
    int Year,
    string CountyCode,
    string CountyName,
    int Lanstal,
    ModelParameters Parameters,
    IReadOnlyList<FactorWeight> Factors,
    IReadOnlyList<MunicipalAllocation> Municipalities)
{
    public int Total => Municipalities.Sum(m => m.Kommuntal);
}

/// <summary>One municipality's kommuntal and how it was reached.</summary>
public sealed record MunicipalAllocation(string Code, string Name, int Kommuntal, MunicipalExplanation Explanation);

/// <summary>
/// Every intermediate value of the model for one municipality (DOMAIN.md, "The calculation model"):
/// the answer to "why did we get 23?".
/// </summary>
public sealed record MunicipalExplanation
{
    public required MunicipalIndicators Indicators { get; init; }
    /// <summary>Share of the county's population, labour measure and earlier reception (null when the factor was not used).</summary>
    public double? PopulationShare { get; init; }
    public double? LabourShare { get; init; }
    public double? ReceptionShare { get; init; }
    /// <summary>The reception factor as applied (compensating form 2p − q, or q).</summary>
    public double? ReceptionFactor { get; init; }
    /// <summary>Weighted contribution of each used factor to the base share.</summary>
    public IReadOnlyDictionary<Factor, double> Contributions { get; init; } = new Dictionary<Factor, double>();
    public double BaseShare { get; init; }
    /// <summary>Expected self-settled arrivals subtracted (0 when netting is off or data missing).</summary>
    public double SelfSettledNetted { get; init; }
    /// <summary>Value after netting, before flooring: s·(H + E) − e.</summary>
    public double Netted { get; init; }
    public bool FlooredAtZero { get; init; }
    /// <summary>The exact (fractional) quota after flooring, rescaling and bounds; sums to the länstal.</summary>
    public double ExactQuota { get; init; }
    public int? LowerBound { get; init; }
    public int? UpperBound { get; init; }
    /// <summary>Which rule bit: "agreement", "volunteer-minimum", "housing-maximum", or null.</summary>
    public string? BoundApplied { get; init; }
    /// <summary>Integer part before rounding and whether the rounding step added a seat.</summary>
    public int Floor { get; init; }
    public bool RoundedUp { get; init; }
    public int Final { get; init; }
    public IReadOnlyList<Deviation> Deviations { get; init; } = [];
    /// <summary>The explanation in Swedish, fit for the decision annex.</summary>
    public string SwedishText { get; init; } = "";
}

/// <summary>Computes a county's kommuntal. Pure: same request, same result, byte for byte.</summary>
public interface IAllocationEngine
{
    AllocationResult Allocate(AllocationRequest request);
}

/// <summary>Raised when deviations cannot all be honoured (names the municipalities and numbers).</summary>
public sealed class InfeasibleDeviationsException(string messageSv, string messageEn, IReadOnlyList<string> municipalityCodes)
    : Exception(messageEn)
{
    public string MessageSv { get; } = messageSv;
    public IReadOnlyList<string> MunicipalityCodes { get; } = municipalityCodes;
}
