namespace Kommuntal.Core.Allocation;

/// <summary>Everything the engine needs to compute one county's kommuntal; nothing else is read.</summary>
/// <param name="Municipalities">The county's municipalities, in any order (the engine orders them by code).</param>
/// <param name="Indicators">Indicator rows in any order; rows of other counties are ignored.</param>
/// <param name="Deviations">Negotiated deviations (agreement, volunteer, housing), each with its reason.</param>
public sealed record AllocationRequest(
    int Year,
    County County,
    int Lanstal,
    IReadOnlyList<Municipality> Municipalities,
    IndicatorSet Indicators,
    IReadOnlyList<Deviation> Deviations,
    ModelParameters Parameters);

/// <summary>
/// A factor's weight as configured and as applied after renormalisation over the factors that
/// have data. <paramref name="Note"/> says, in Swedish and English, why an unused factor was left out.
/// </summary>
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
    private string? _swedishSummary;

    public int Total => Municipalities.Sum(m => m.Kommuntal);

    /// <summary>The engine revision that computed the result (<see cref="KommuntalModel.EngineVersion"/>); stored with the parameters' version.</summary>
    public string EngineVersion { get; init; } = "";

    /// <summary>Whether expected self-settled arrivals were netted out (netting on and data present).</summary>
    public bool SelfSettledNetting { get; init; }

    /// <summary>E: the county's expected self-settled arrivals netted out (0 when not netted).</summary>
    public double SelfSettledTotal { get; init; }

    /// <summary>Places handed out by the rounding step after every municipality got its floor (largest remainder only).</summary>
    public int? LeftoverSeats { get; init; }

    /// <summary>
    /// The model as applied, in Swedish, for the decision's reasons: weights, left-out factors and
    /// the renormalised weights, the reception form, netting, flooring, rounding method, deviations.
    /// Built on first use unless stored.
    /// </summary>
    public string SwedishSummary
    {
        get => _swedishSummary ?? ExplanationText.Summary(this);
        init => _swedishSummary = value;
    }
}

/// <summary>One municipality's kommuntal and how it was reached.</summary>
public sealed record MunicipalAllocation(string Code, string Name, int Kommuntal, MunicipalExplanation Explanation);

/// <summary>What the rounding step did to a municipality's exact quota.</summary>
public enum RoundingStep
{
    /// <summary>The exact quota was already a whole number (e.g. an agreement).</summary>
    None,
    /// <summary>Rounded down to the floor of the exact quota.</summary>
    Down,
    /// <summary>Rounded up to the ceiling of the exact quota.</summary>
    Up,
    /// <summary>Below the floor of the exact quota (possible with Sainte-Laguë only).</summary>
    BelowFloor,
    /// <summary>Above the ceiling of the exact quota (possible with D'Hondt and Sainte-Laguë).</summary>
    AboveCeiling,
}

/// <summary>
/// Every intermediate value of the model for one municipality (DOMAIN.md, "The calculation model"):
/// the answer to "why did we get 23?". Self-contained, so it can be stored per municipality.
/// </summary>
public sealed record MunicipalExplanation
{
    private string? _swedishText;

    public string MunicipalityCode { get; init; } = "";
    public string MunicipalityName { get; init; } = "";
    /// <summary>The indicator values as given (null where missing).</summary>
    public required MunicipalIndicators Indicators { get; init; }
    /// <summary>Earlier reception as counted for the reception share: reception + asylum seekers (the columns given in the county).</summary>
    public double? EarlierReception { get; init; }
    /// <summary>Share of the county's population, labour measure and earlier reception (null when the factor was not used).</summary>
    public double? PopulationShare { get; init; }
    public double? LabourShare { get; init; }
    public double? ReceptionShare { get; init; }
    /// <summary>The reception factor as applied (compensating form 2p − q, or q).</summary>
    public double? ReceptionFactor { get; init; }
    /// <summary>Weighted contribution of each used factor to the base share (applied weight × share or factor).</summary>
    public IReadOnlyDictionary<Factor, double> Contributions { get; init; } = FactorContributions.None;
    /// <summary>s: the sum of the contributions; the base shares of a county sum to 1.</summary>
    public double BaseShare { get; init; }
    /// <summary>H: the county's länstal.</summary>
    public int Lanstal { get; init; }
    /// <summary>E: the county's expected self-settled arrivals netted out (0 when netting is off or data missing).</summary>
    public double CountySelfSettled { get; init; }
    /// <summary>e: expected self-settled arrivals subtracted (0 when netting is off or data missing).</summary>
    public double SelfSettledNetted { get; init; }
    /// <summary>Value after netting, before flooring: s·(H + E) − e.</summary>
    public double Netted { get; init; }
    public bool FlooredAtZero { get; init; }
    /// <summary>The model's quota after flooring and rescaling to the länstal, before any deviation.</summary>
    public double ModelQuota { get; init; }
    /// <summary>The exact (fractional) quota after flooring, rescaling and deviations; the county's sum to the länstal.</summary>
    public double ExactQuota { get; init; }
    /// <summary>ExactQuota − ModelQuota: what agreements, minimums and maximums (this one's or others') changed.</summary>
    public double DeviationAdjustment { get; init; }
    public int? LowerBound { get; init; }
    public int? UpperBound { get; init; }
    /// <summary>Which rule bit: "agreement", "volunteer-minimum", "housing-maximum", or null.</summary>
    public string? BoundApplied { get; init; }
    /// <summary>
    /// Set when the places left after agreements and maximums could not go in proportion to the
    /// model (every municipality with a positive model quota was at its maximum) and were shared
    /// equally among the others.
    /// </summary>
    public bool EqualShareFallback { get; init; }
    public ApportionmentMethod Method { get; init; }
    /// <summary>Integer part of the exact quota, the fractional remainder, and whether the rounding step added a place.</summary>
    public int Floor { get; init; }
    public double Remainder { get; init; }
    /// <summary>Largest remainder: the position of this remainder in the county's order (1 = largest; ties by exact quota, then code).</summary>
    public int? RemainderRank { get; init; }
    public bool RoundedUp { get; init; }
    public RoundingStep Rounding { get; init; }
    public int Final { get; init; }
    /// <summary>This municipality's deviations, with their reasons.</summary>
    public IReadOnlyList<Deviation> Deviations { get; init; } = [];

    /// <summary>The explanation in Swedish, fit for the decision annex. Built on first use unless stored.</summary>
    public string SwedishText
    {
        get => _swedishText ?? ExplanationText.Municipal(this);
        init => _swedishText = value;
    }
}

/// <summary>Computes a county's kommuntal. Pure: same request, same result, byte for byte.</summary>
public interface IAllocationEngine
{
    AllocationResult Allocate(AllocationRequest request);
}

/// <summary>One reason a set of deviations cannot be honoured, naming the municipalities and numbers.</summary>
/// <param name="Code">Stable code: duplicate-deviation, agreement-below-minimum, agreement-above-maximum, minimum-above-maximum, agreements-exceed-lanstal, minimums-exceed-lanstal, maximums-below-lanstal.</param>
public sealed record DeviationConflict(string Code, IReadOnlyList<string> MunicipalityCodes, string MessageSv, string MessageEn);

/// <summary>Raised when deviations cannot all be honoured (names the municipalities and numbers, in Swedish and English).</summary>
public sealed class InfeasibleDeviationsException(string messageSv, string messageEn, IReadOnlyList<string> municipalityCodes)
    : Validation.KommuntalException("infeasible-deviations", messageSv, messageEn)
{
    public InfeasibleDeviationsException(IReadOnlyList<DeviationConflict> conflicts)
        : this(string.Join(" ", conflicts.Select(c => c.MessageSv)), string.Join(" ", conflicts.Select(c => c.MessageEn)),
            conflicts.SelectMany(c => c.MunicipalityCodes).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList())
    {
        Conflicts = conflicts;
    }

    public override Validation.FailureKind Kind => Validation.FailureKind.Invalid;
    public IReadOnlyList<string> MunicipalityCodes { get; } = municipalityCodes;
    public IReadOnlyList<DeviationConflict> Conflicts { get; } = [];
}
