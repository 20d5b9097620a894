using System.Collections;

namespace Kommuntal.Core.Allocation;

/// <summary>
/// The kommuntal model (DOMAIN.md, "The calculation model"), for one county with länstal H:
/// <list type="number">
/// <item>shares within the county: population p, labour measure l, earlier reception q (reception + asylum seekers);</item>
/// <item>the compensating reception factor c = 2p − q (or q, by parameter);</item>
/// <item>base share s = w_L·l + w_P·p + w_Q·c, the weights renormalised over the factors with data;</item>
/// <item>netting of expected self-settled arrivals e (E = Σe): x = s·(H + E) − e;</item>
/// <item>floor at zero and rescale the positive values to H (the model quota y);</item>
/// <item>agreements (exactly), volunteers (at least) and housing (at most): <see cref="DeviationSolver"/> (exact quota);</item>
/// <item>integers summing exactly to H: <see cref="Apportionment"/> (largest remainder by default);</item>
/// <item>an explanation per municipality with every intermediate value.</item>
/// </list>
/// Pure and deterministic: municipalities are processed in code order whatever the input order,
/// sums are taken in that order, and only + − × ÷ are used on doubles (IEEE 754, the same bits on
/// every platform .NET runs on), so the same request gives the same result, byte for byte.
/// </summary>
public sealed class KommuntalModel : IAllocationEngine
{
    /// <summary>Revision of the engine's arithmetic; stored with every result beside the parameters' version.</summary>
    public const string EngineVersion = "2";

    public AllocationResult Allocate(AllocationRequest request)
    {
        var county = PreparedCounty.From(request);
        var run = new ModelRun(county.Count);
        run.Compute(county, request.Parameters, describe: true);
        return run.ToResult(county, request.Parameters);
    }
}

/// <summary>The arrays of one computation; reused across the variations of a what-if sweep.</summary>
internal sealed class ModelRun(int n)
{
    public readonly double[] LabourContribution = new double[n];
    public readonly double[] PopulationContribution = new double[n];
    public readonly double[] ReceptionContribution = new double[n];
    public readonly double[] ReceptionFactor = new double[n];
    public readonly double[] BaseShare = new double[n];
    public readonly double[] SelfSettled = new double[n];
    public readonly double[] Netted = new double[n];
    public readonly double[] Floored = new double[n];
    public readonly double[] ModelQuota = new double[n];
    public readonly double[] Exact = new double[n];
    public readonly BoundState[] State = new BoundState[n];
    public readonly int[] Seats = new int[n];
    public readonly int[] Rank = new int[n];
    public bool UseLabour, UsePopulation, UseReception, Netting;
    public double AppliedLabour, AppliedPopulation, AppliedReception, SelfSettledTotal;
    public int? Leftover;
    public FactorWeight[] Factors = [];

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public void Compute(PreparedCounty c, ModelParameters p, bool describe)
    {
        ArgumentNullException.ThrowIfNull(p);
        var parameterProblems = p.Problems();
        if (parameterProblems.Count > 0) throw new ValidationFailedException(parameterProblems);
        var n = c.Count;
        var h = c.Lanstal;

        // Steps 1–3: factors with data, renormalised weights, base shares.
        UseLabour = c.Labour is not null && p.LabourWeight > 0;
        UsePopulation = c.Population is not null && p.PopulationWeight > 0;
        UseReception = c.Reception is not null && p.ReceptionWeight > 0 && (!p.CompensatingReception || c.Population is not null);
        var weightSum = 0.0;
        if (UseLabour) weightSum += p.LabourWeight;
        if (UsePopulation) weightSum += p.PopulationWeight;
        if (UseReception) weightSum += p.ReceptionWeight;
        if (describe || weightSum <= 0) Factors = DescribeFactors(c, p, weightSum);
        if (weightSum <= 0)
            throw new ValidationFailedException([new ValidationProblem("indicators", null, null, "no-usable-factor",
                $"Ingen faktor kan användas för {c.Request.County.Name}: {string.Join("; ", Factors.Select(f => $"{FactorNames.SwedishName(f.Factor)}: {Part(f.Note, 0)}"))}. Modellen behöver minst en av befolkning, arbetsmarknad och mottagande med data och vikt > 0.",
                $"No factor can be used for {c.Request.County.Name}: {string.Join("; ", Factors.Select(f => $"{FactorNames.Name(f.Factor)}: {Part(f.Note, 1)}"))}. The model needs at least one of population, labour and reception with data and a weight > 0.")]);
        AppliedLabour = UseLabour ? p.LabourWeight / weightSum : 0;
        AppliedPopulation = UsePopulation ? p.PopulationWeight / weightSum : 0;
        AppliedReception = UseReception ? p.ReceptionWeight / weightSum : 0;
        for (var i = 0; i < n; i++)
        {
            var s = 0.0;
            if (UseLabour) s += LabourContribution[i] = AppliedLabour * c.Labour![i];
            if (UsePopulation) s += PopulationContribution[i] = AppliedPopulation * c.Population![i];
            if (UseReception)
            {
                ReceptionFactor[i] = p.CompensatingReception ? 2 * c.Population![i] - c.Reception![i] : c.Reception![i];
                s += ReceptionContribution[i] = AppliedReception * ReceptionFactor[i];
            }
            BaseShare[i] = s;
        }

        // Step 4: net out expected self-settled arrivals.
        Netting = p.NetSelfSettled && c.SelfSettled is not null;
        var e = 0.0;
        for (var i = 0; i < n; i++)
        {
            SelfSettled[i] = Netting ? c.SelfSettled![i] : 0;
            e += SelfSettled[i];
        }
        SelfSettledTotal = e;
        for (var i = 0; i < n; i++) Netted[i] = BaseShare[i] * (h + e) - SelfSettled[i];

        // Step 5: floor at zero and rescale the positive values to H.
        var positive = 0.0;
        List<int>? negative = null;
        for (var i = 0; i < n; i++)
        {
            var x = Netted[i];
            if (p.FloorAtZero) Floored[i] = Math.Max(0, x);
            else if (x < -1e-9 * Math.Max(1, h)) (negative ??= []).Add(i);
            else Floored[i] = Math.Max(0, x);
            positive += Floored[i];
        }
        if (negative is not null)
            throw new ValidationFailedException([new ValidationProblem("parameters", null, "floorAtZero", "negative-model-value",
                $"Modellen ger negativa värden för {string.Join(", ", negative.Select(i => $"{PreparedCounty.Who(c.Municipalities[i])} {ExplanationText.Dec(Netted[i])}"))}, och golvet vid 0 är avstängt (floorAtZero: false). Ett kommuntal kan inte vara negativt.",
                $"The model gives negative values for {string.Join(", ", negative.Select(i => $"{PreparedCounty.Who(c.Municipalities[i])} {Netted[i].ToString("0.00", Inv)}"))}, and the floor at zero is off (floorAtZero: false). A kommuntal cannot be negative.")]);
        for (var i = 0; i < n; i++) ModelQuota[i] = positive > 0 ? Floored[i] / positive * h : 0;

        // Step 6: agreements and bounds.
        if (c.AnyDeviation) DeviationSolver.Apply(ModelQuota, c.Lower, c.Upper, c.Fixed, h, Exact, State);
        else
        {
            Array.Copy(ModelQuota, Exact, n);
            Array.Clear(State);
        }

        // Step 7: integers.
        Leftover = Apportionment.Apportion(p.Method, Exact, c.Codes, h, c.Lower, c.Upper, Seats, Rank);
    }

    private static string Part(string? note, int index) => note?.Split(" / ") is { Length: 2 } parts ? parts[index] : note ?? "";

    private FactorWeight[] DescribeFactors(PreparedCounty c, ModelParameters p, double weightSum)
    {
        var list = new FactorWeight[3];
        foreach (var f in Enum.GetValues<Factor>())
        {
            var (used, missing) = f switch
            {
                Factor.Labour => (UseLabour, c.LabourMissing),
                Factor.Population => (UsePopulation, c.PopulationMissing),
                _ => (UseReception, c.ReceptionMissing),
            };
            var w = p.WeightOf(f);
            string? note = null;
            if (!used)
                note = w <= 0 ? "vikt 0 / weight 0"
                    : missing ?? (f == Factor.Reception && p.CompensatingReception && c.Population is null
                        ? "den kompenserande formen 2p − q kräver befolkningsandelen, som saknas / the compensating form 2p − q needs the population share, which is missing"
                        : null);
            list[(int)f] = new FactorWeight(f, w, used && weightSum > 0 ? w / weightSum : 0, used, note);
        }
        return list;
    }

    public AllocationResult ToResult(PreparedCounty c, ModelParameters p)
    {
        var n = c.Count;
        var h = c.Lanstal;
        var municipalities = new MunicipalAllocation[n];
        var compensating = UseReception && p.CompensatingReception;
        for (var i = 0; i < n; i++)
        {
            var m = c.Municipalities[i];
            var q = Exact[i];
            var floor = Math.Floor(q);
            var seats = Seats[i];
            var rounding = seats == q ? RoundingStep.None
                : seats < floor ? RoundingStep.BelowFloor
                : seats == floor ? RoundingStep.Down
                : seats == floor + 1 ? RoundingStep.Up
                : RoundingStep.AboveCeiling;
            var devs = c.DeviationsOf[i];
            var hasLower = false;
            var hasUpper = false;
            foreach (var d in devs)
            {
                hasLower |= d.Kind is DeviationKind.Agreement or DeviationKind.Volunteer;
                hasUpper |= d.Kind is DeviationKind.Agreement or DeviationKind.Housing;
            }
            var explanation = new MunicipalExplanation
            {
                MunicipalityCode = m.Code,
                MunicipalityName = m.Name,
                Indicators = c.Rows[i],
                EarlierReception = c.EarlierReception?[i],
                PopulationShare = UsePopulation || compensating ? c.Population![i] : null,
                LabourShare = UseLabour ? c.Labour![i] : null,
                ReceptionShare = UseReception ? c.Reception![i] : null,
                ReceptionFactor = UseReception ? ReceptionFactor[i] : null,
                Contributions = new FactorContributions(
                    UseLabour ? LabourContribution[i] : null,
                    UsePopulation ? PopulationContribution[i] : null,
                    UseReception ? ReceptionContribution[i] : null),
                BaseShare = BaseShare[i],
                Lanstal = h,
                CountySelfSettled = SelfSettledTotal,
                SelfSettledNetted = SelfSettled[i],
                Netted = Netted[i],
                FlooredAtZero = p.FloorAtZero && Netted[i] < 0,
                ModelQuota = ModelQuota[i],
                ExactQuota = q,
                DeviationAdjustment = q - ModelQuota[i],
                LowerBound = hasLower ? c.Lower[i] : null,
                UpperBound = hasUpper ? c.Upper[i] : null,
                BoundApplied = State[i] switch
                {
                    BoundState.Fixed => "agreement",
                    BoundState.AtMinimum => "volunteer-minimum",
                    BoundState.AtMaximum => "housing-maximum",
                    _ => null,
                },
                EqualShareFallback = State[i] == BoundState.EqualShare,
                Method = p.Method,
                Floor = (int)floor,
                Remainder = q - floor,
                RemainderRank = p.Method == ApportionmentMethod.LargestRemainder ? Rank[i] : null,
                RoundedUp = seats > floor,
                Rounding = rounding,
                Final = seats,
                Deviations = devs,
            };
            municipalities[i] = new MunicipalAllocation(m.Code, m.Name, seats, explanation);
        }
        var county = c.Request.County;
        return new AllocationResult(c.Request.Year, county.Code, county.Name, h, p, Factors, municipalities)
        {
            EngineVersion = KommuntalModel.EngineVersion,
            SelfSettledNetting = Netting,
            SelfSettledTotal = SelfSettledTotal,
            LeftoverSeats = Leftover,
        };
    }
}

/// <summary>A small read-only map of the used factors' contributions (cheaper than a dictionary per municipality).</summary>
internal sealed class FactorContributions(double? labour, double? population, double? reception) : IReadOnlyDictionary<Factor, double>
{
    public static readonly FactorContributions None = new(null, null, null);

    private double? Get(Factor f) => f switch
    {
        Factor.Labour => labour,
        Factor.Population => population,
        Factor.Reception => reception,
        _ => null,
    };

    public double this[Factor key] => Get(key) ?? throw new KeyNotFoundException($"Factor {key} was not used.");
    public IEnumerable<Factor> Keys => this.Select(kv => kv.Key);
    public IEnumerable<double> Values => this.Select(kv => kv.Value);
    public int Count => (labour is null ? 0 : 1) + (population is null ? 0 : 1) + (reception is null ? 0 : 1);
    public bool ContainsKey(Factor key) => Get(key) is not null;

    public bool TryGetValue(Factor key, out double value)
    {
        var v = Get(key);
        value = v ?? 0;
        return v is not null;
    }

    public IEnumerator<KeyValuePair<Factor, double>> GetEnumerator()
    {
        if (labour is { } l) yield return new(Factor.Labour, l);
        if (population is { } p) yield return new(Factor.Population, p);
        if (reception is { } r) yield return new(Factor.Reception, r);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
