using CsCheck;
using Kommuntal.Core.Allocation;
using Kommuntal.Core.Reference;
using Kommuntal.Core.Text;

namespace Kommuntal.Core.Tests.Allocation;

/// <summary>
/// Properties of the engine over random counties of 1–60 municipalities with random indicators
/// (any column may be missing), weights, flags, methods and deviations. The municipalities are
/// synthetic (county "99"); no figure here stands for a real one.
/// </summary>
public class AllocationPropertyTests
{
    private const long Iterations = 300;
    private static readonly County TestCounty = new("99", "Provlän");
    private static readonly KommuntalModel Engine = new();

    /// <summary>One generated county: indicator columns, parameters and deviations.</summary>
    public sealed record CountyCase(int Lanstal, Municipality[] Municipalities, MunicipalIndicators[] Rows, Deviation[] Deviations, ModelParameters Parameters)
    {
        public AllocationRequest Request() =>
            new(2030, TestCounty, Lanstal, Municipalities, new IndicatorSet(2030, Rows, ["generated"]), Deviations, Parameters);

        public override string ToString() =>
            $"H={Lanstal} n={Municipalities.Length} method={Parameters.Method} weights=({Parameters.LabourWeight:0.###},{Parameters.PopulationWeight:0.###},{Parameters.ReceptionWeight:0.###}) " +
            $"comp={Parameters.CompensatingReception} net={Parameters.NetSelfSettled} deviations=[{string.Join("; ", Deviations.Select(d => $"{d.MunicipalityCode} {d.Kind} {d.Number}"))}] " +
            $"rows=[{string.Join("; ", Rows.Select(r => $"{r.MunicipalityCode}:{r.Population},{r.Labour},{r.Reception},{r.AsylumSeekers},{r.SelfSettled}"))}]";
    }

    private static Gen<Deviation[]> Deviations(int n, int lanstal, int density) =>
        Gen.Select(Gen.Int[0, 19].Array[n], Gen.Int[0, Math.Max(2, 3 * lanstal / n)].Array[n], Gen.Int[0, Math.Max(2, 3 * lanstal / n)].Array[n], (kinds, a, b) =>
        {
            var list = new List<Deviation>();
            for (var i = 0; i < n; i++)
            {
                var code = Code(i);
                var k = kinds[i] - (20 - density);
                if (k < 0) continue;
                switch (k % 4)
                {
                    case 0: list.Add(new Deviation(code, DeviationKind.Agreement, a[i], "överenskommelse")); break;
                    case 1: list.Add(new Deviation(code, DeviationKind.Volunteer, a[i], "utökat ansvar")); break;
                    case 2: list.Add(new Deviation(code, DeviationKind.Housing, a[i], "bostadsbrist")); break;
                    default:
                        list.Add(new Deviation(code, DeviationKind.Volunteer, Math.Min(a[i], b[i]), "utökat ansvar"));
                        list.Add(new Deviation(code, DeviationKind.Housing, Math.Max(a[i], b[i]) + (kinds[i] % 2), "bostadsbrist"));
                        break;
                }
            }
            return list.ToArray();
        });

    private static string Code(int i) => "99" + (i + 1).ToString("00", System.Globalization.CultureInfo.InvariantCulture);

    /// <param name="density">How many municipalities in 20 get a deviation, on average.</param>
    private static Gen<CountyCase> Counties(int density = 4, bool floorAtZero = true) =>
        from n in Gen.Int[1, 60]
        from lanstal in Gen.Int[0, 2500]
        from columns in Gen.Bool.Array[5]
        from population in Gen.Int[1, 600_000].Array[n]
        from labour in Gen.Double[0.01, 100].Array[n]
        from reception in Gen.Int[0, 3000].Array[n]
        from asylum in Gen.Int[0, 500].Array[n]
        from selfSettled in Gen.Int[0, 300].Array[n]
        from weights in Gen.Double[0, 1].Array[3]
        from zeroWeight in Gen.Int[0, 3].Array[3]
        from flags in Gen.Int[0, 3].Array[2]
        from method in Gen.Enum<ApportionmentMethod>()
        from deviations in Deviations(n, lanstal, density)
        select Build(n, lanstal, columns, population, labour, reception, asylum, selfSettled, weights, zeroWeight, flags, method, deviations, floorAtZero);

    private static CountyCase Build(int n, int lanstal, bool[] columns, int[] population, double[] labour, int[] reception, int[] asylum,
        int[] selfSettled, double[] weights, int[] zeroWeight, int[] flags, ApportionmentMethod method, Deviation[] deviations, bool floorAtZero)
    {
        var w = weights.Select((x, i) => zeroWeight[i] == 0 ? 0 : x).ToArray();
        var p = new ModelParameters
        {
            Version = "generated",
            LabourWeight = w[0],
            PopulationWeight = w[1],
            ReceptionWeight = w[2],
            CompensatingReception = flags[0] != 0,
            NetSelfSettled = flags[1] != 0,
            FloorAtZero = floorAtZero,
            Method = method,
        };
        bool hasPop = columns[0], hasLab = columns[1], hasRec = columns[2] || columns[3];
        var usable = (hasPop && p.PopulationWeight > 0) || (hasLab && p.LabourWeight > 0)
            || (hasRec && p.ReceptionWeight > 0 && (!p.CompensatingReception || hasPop));
        if (!usable)
        {
            columns[0] = true;
            p = p with { PopulationWeight = 1 };
        }
        var munis = Enumerable.Range(0, n).Select(i => new Municipality(Code(i), $"Kommun {i + 1}", TestCounty.Code)).ToArray();
        var rows = Enumerable.Range(0, n).Select(i => new MunicipalIndicators(Code(i),
            Population: columns[0] ? population[i] : null,
            Labour: columns[1] ? labour[i] : null,
            Reception: columns[2] ? reception[i] : null,
            AsylumSeekers: columns[3] ? asylum[i] : null,
            SelfSettled: columns[4] ? selfSettled[i] : null)).ToArray();
        return new CountyCase(lanstal, munis, rows, deviations, p);
    }

    /// <summary>An independent statement of when a set of deviations can be honoured.</summary>
    private static (bool Feasible, int[] Lower, int[] Upper) Bounds(CountyCase c)
    {
        var n = c.Municipalities.Length;
        var lower = new int[n];
        var upper = Enumerable.Repeat(int.MaxValue, n).ToArray();
        var feasible = true;
        for (var i = 0; i < n; i++)
        {
            var mine = c.Deviations.Where(d => d.MunicipalityCode == c.Municipalities[i].Code).ToList();
            var a = mine.Where(d => d.Kind == DeviationKind.Agreement).Select(d => (int?)d.Number).FirstOrDefault();
            var v = mine.Where(d => d.Kind == DeviationKind.Volunteer).Select(d => (int?)d.Number).FirstOrDefault();
            var h = mine.Where(d => d.Kind == DeviationKind.Housing).Select(d => (int?)d.Number).FirstOrDefault();
            if (a is { } fixedAt) { lower[i] = upper[i] = fixedAt; }
            else { lower[i] = v ?? 0; upper[i] = h ?? int.MaxValue; }
            if (a < v || a > h || (a is null && v > h)) feasible = false;
        }
        var fixedSum = c.Deviations.Where(d => d.Kind == DeviationKind.Agreement).Sum(d => (long)d.Number);
        if (fixedSum > c.Lanstal || lower.Sum(x => (long)x) > c.Lanstal) feasible = false;
        if (upper.All(u => u != int.MaxValue) && upper.Sum(x => (long)x) < c.Lanstal) feasible = false;
        return (feasible, lower, upper);
    }

    /// <summary>Runs the engine; for an infeasible set checks the refusal names municipalities of the county and returns null.</summary>
    private static AllocationResult? AllocateOrRefuse(CountyCase c)
    {
        var (feasible, _, _) = Bounds(c);
        if (feasible) return Engine.Allocate(c.Request());
        var ex = Assert.Throws<InfeasibleDeviationsException>(() => Engine.Allocate(c.Request()));
        Assert.NotEmpty(ex.MunicipalityCodes);
        Assert.All(ex.MunicipalityCodes, code =>
        {
            Assert.Contains(c.Municipalities, m => m.Code == code);
            Assert.Contains($"({code})", ex.Message);
            Assert.Contains($"({code})", ex.MessageSv);
        });
        return null;
    }

    [Fact]
    public void The_sum_is_exactly_the_lanstal_no_number_is_negative_and_every_bound_holds()
    {
        var feasible = 0;
        Counties().Sample(c =>
        {
            var r = AllocateOrRefuse(c);
            if (r is null) return;
            Interlocked.Increment(ref feasible);
            var (_, lower, upper) = Bounds(c);
            Assert.Equal(c.Lanstal, r.Total);
            Assert.Equal(c.Lanstal, r.Municipalities.Sum(m => m.Kommuntal));
            var tolerance = 1e-9 * Math.Max(1, c.Lanstal);
            Assert.Equal(c.Lanstal, r.Municipalities.Sum(m => m.Explanation.ExactQuota), tolerance);
            for (var i = 0; i < r.Municipalities.Count; i++)
            {
                var m = r.Municipalities[i];
                Assert.Equal(c.Municipalities[i].Code, m.Code);
                Assert.True(m.Kommuntal >= 0, $"{m.Code} negative");
                Assert.InRange(m.Kommuntal, lower[i], upper[i]);
                Assert.InRange(m.Explanation.ExactQuota, lower[i] - tolerance, upper[i] + tolerance);
                Assert.Equal(m.Kommuntal, m.Explanation.Final);
                Assert.Equal(m.Explanation.BaseShare, m.Explanation.Contributions.Values.Sum(), 12);
            }
            if (r.Municipalities.Any(m => m.Explanation.ModelQuota > 0))
                Assert.Equal(c.Lanstal, r.Municipalities.Sum(m => m.Explanation.ModelQuota), tolerance);
        }, iter: Iterations);
        Assert.True(feasible > Iterations / 2, $"only {feasible} of {Iterations} generated sets were feasible");
    }

    [Fact]
    public void Largest_remainder_keeps_every_municipality_on_the_floor_or_ceiling_of_its_exact_quota()
    {
        Counties(density: 6).Select(c => c with { Parameters = c.Parameters with { Method = ApportionmentMethod.LargestRemainder } }).Sample(c =>
        {
            var r = AllocateOrRefuse(c);
            if (r is null) return;
            foreach (var m in r.Municipalities)
            {
                var q = m.Explanation.ExactQuota;
                // Bounds are integers and the exact quota lies within them, so no bound ever forces a
                // departure from the quota rule under largest remainder; it holds for every municipality.
                Assert.InRange(m.Kommuntal, Math.Floor(q - 1e-9), Math.Ceiling(q + 1e-9));
                Assert.True(m.Explanation.Rounding is RoundingStep.None or RoundingStep.Down or RoundingStep.Up, $"{m.Code}: {m.Explanation.Rounding}");
            }
            var left = r.LeftoverSeats!.Value;
            Assert.Equal(left, r.Municipalities.Count(m => m.Explanation.RoundedUp));
        }, iter: Iterations);
    }

    [Fact]
    public void Dhondt_never_goes_below_the_floor_of_the_exact_quota()
    {
        // D'Hondt satisfies the lower quota (not the upper one); Sainte-Laguë satisfies neither in
        // general, so there is no quota property to test for it beyond the bounds.
        Counties().Select(c => c with { Parameters = c.Parameters with { Method = ApportionmentMethod.DHondt } }).Sample(c =>
        {
            var r = AllocateOrRefuse(c);
            if (r is null) return;
            Assert.All(r.Municipalities, m => Assert.True(m.Kommuntal >= Math.Floor(m.Explanation.ExactQuota - 1e-9), $"{m.Code}: {m.Kommuntal} < ⌊{m.Explanation.ExactQuota}⌋"));
        }, iter: Iterations);
    }

    [Fact]
    public void Deviations_are_applied_by_clamping_and_redistributing_in_proportion()
    {
        // The stable point of "clamp and redistribute proportionally": one factor λ such that every
        // free municipality gets λ·(model quota); one raised to its minimum would have had λ·y ≤ min,
        // one lowered to its maximum λ·y ≥ max.
        var checkedSets = 0;
        Counties(density: 8).Sample(c =>
        {
            var r = AllocateOrRefuse(c);
            if (r is null) return;
            var free = r.Municipalities.Select(m => m.Explanation)
                .Where(e => e.BoundApplied is null && !e.EqualShareFallback && e.ModelQuota > 1e-9 && e.Deviations.All(d => d.Kind != DeviationKind.Agreement)).ToList();
            if (free.Count == 0) return;
            Interlocked.Increment(ref checkedSets);
            var lambda = free[0].ExactQuota / free[0].ModelQuota;
            foreach (var e in free)
                Assert.Equal(lambda, e.ExactQuota / e.ModelQuota, 1e-9 * Math.Max(1, lambda));
            foreach (var e in r.Municipalities.Select(m => m.Explanation))
            {
                if (e.BoundApplied == "volunteer-minimum") Assert.True(lambda * e.ModelQuota <= e.LowerBound!.Value + 1e-9 * Math.Max(1, c.Lanstal), $"{e.MunicipalityCode} raised although λ·y ≥ min");
                if (e.BoundApplied == "housing-maximum") Assert.True(lambda * e.ModelQuota >= e.UpperBound!.Value - 1e-9 * Math.Max(1, c.Lanstal), $"{e.MunicipalityCode} lowered although λ·y ≤ max");
                if (e.BoundApplied == "agreement") Assert.Equal(e.LowerBound!.Value, e.ExactQuota);
            }
        }, iter: Iterations);
        Assert.True(checkedSets > Iterations / 2, $"only {checkedSets} sets checked");
    }

    [Fact]
    public void The_result_does_not_depend_on_the_order_of_input_rows_and_the_same_input_gives_byte_identical_JSON()
    {
        Gen.Select(Counties(density: 6), Gen.Int).Sample((c, seed) =>
        {
            var (feasible, _, _) = Bounds(c);
            if (!feasible) return;
            var json = KommuntalJson.Serialize(Engine.Allocate(c.Request()));
            Assert.Equal(json, KommuntalJson.Serialize(new KommuntalModel().Allocate(c.Request())));
            var random = new Random(seed);
            var shuffled = c with
            {
                Municipalities = c.Municipalities.OrderBy(_ => random.Next()).ToArray(),
                Rows = c.Rows.OrderBy(_ => random.Next()).ToArray(),
                Deviations = c.Deviations.OrderBy(_ => random.Next()).ToArray(),
            };
            Assert.Equal(json, KommuntalJson.Serialize(Engine.Allocate(shuffled.Request())));
            // The what-if sweep gives the same integers as the engine.
            var sweep = new AllocationSweep(shuffled.Request());
            var numbers = new int[c.Municipalities.Length];
            sweep.Allocate(c.Parameters, numbers);
            Assert.Equal(Engine.Allocate(c.Request()).Municipalities.Select(m => m.Kommuntal), numbers);
        }, iter: Iterations);
    }

    /// <summary>
    /// A municipality whose indicators all improve (population and labour up; earlier reception,
    /// asylum seekers and expected self-settled down; with the direct reception form, reception up),
    /// everything else unchanged:
    /// <list type="bullet">
    /// <item>its exact quota never falls — guaranteed by the model whenever the same factors are used
    /// before and after, its base share stays ≤ 1 when its self-settled number falls (a base share above 1
    /// would let netting work against it), and no equal-share fallback is involved;</item>
    /// <item>under largest remainder its number never falls as long as no other municipality's exact
    /// quota rises (the model guarantees that without deviations, without a change in self-settled and
    /// when the municipality was not floored at zero; otherwise others can rise, e.g. when its negative
    /// value shrinks, and largest remainder can show the population paradox);</item>
    /// <item>under the divisor methods, without deviations, its number never falls (population monotonicity).</item>
    /// </list>
    /// </summary>
    [Fact]
    public void A_municipality_whose_indicators_all_improve_never_loses_where_the_method_guarantees_it()
    {
        var gen = from c in Counties(density: 3)
                  from k in Gen.Int[0, 59]
                  from up in Gen.Double[0, 1].Array[2]
                  from down in Gen.Double[0, 0.9].Array[3]
                  from selfSettledChanges in Gen.Bool
                  select (c, k % c.Municipalities.Length, up, down, selfSettledChanges);
        int exactChecked = 0, integerChecked = 0;
        gen.Sample(t =>
        {
            var (c, k, up, down, selfSettledChanges) = t;
            var (feasible, _, _) = Bounds(c);
            if (!feasible) return;
            var row = c.Rows[k];
            var direct = !c.Parameters.CompensatingReception;
            var better = row with
            {
                Population = row.Population * (1 + up[0]),
                Labour = row.Labour * (1 + up[1]),
                Reception = direct ? row.Reception * (1 + down[0]) : row.Reception * (1 - down[0]),
                AsylumSeekers = direct ? row.AsylumSeekers * (1 + down[1]) : row.AsylumSeekers * (1 - down[1]),
                SelfSettled = selfSettledChanges ? row.SelfSettled * (1 - down[2]) : row.SelfSettled,
            };
            var improved = c with { Rows = c.Rows.Select((r, i) => i == k ? better : r).ToArray() };
            var before = Engine.Allocate(c.Request());
            var after = Engine.Allocate(improved.Request());
            var (b, a) = (before.Municipalities[k].Explanation, after.Municipalities[k].Explanation);
            var sameFactors = before.Factors.Select(f => f.Used).SequenceEqual(after.Factors.Select(f => f.Used));
            var fallback = before.Municipalities.Concat(after.Municipalities).Any(m => m.Explanation.EqualShareFallback);
            var selfSettledFell = after.SelfSettledNetting && a.SelfSettledNetted < b.SelfSettledNetted;
            if (!sameFactors || fallback || (selfSettledFell && a.BaseShare > 1)) return;
            Interlocked.Increment(ref exactChecked);
            var tolerance = 1e-9 * Math.Max(1, c.Lanstal);
            Assert.True(a.ExactQuota >= b.ExactQuota - tolerance, $"exact quota {b.ExactQuota} → {a.ExactQuota}");

            var othersDidNotRise = Enumerable.Range(0, c.Municipalities.Length).Where(i => i != k)
                .All(i => after.Municipalities[i].Explanation.ExactQuota <= before.Municipalities[i].Explanation.ExactQuota + tolerance);
            if (c.Deviations.Length == 0 && !selfSettledFell && !b.FlooredAtZero)
                Assert.True(othersDidNotRise, "without deviations, a change in self-settled or a floored improver no other exact quota may rise");
            if (c.Parameters.Method == ApportionmentMethod.LargestRemainder && othersDidNotRise)
            {
                Interlocked.Increment(ref integerChecked);
                Assert.True(a.Final >= b.Final, $"largest remainder: {b.Final} → {a.Final}");
            }
            if (c.Parameters.Method != ApportionmentMethod.LargestRemainder && c.Deviations.Length == 0)
            {
                Interlocked.Increment(ref integerChecked);
                Assert.True(a.Final >= b.Final, $"{c.Parameters.Method}: {b.Final} → {a.Final}");
            }
        }, iter: Iterations * 2);
        Assert.True(exactChecked > Iterations, $"only {exactChecked} cases met the premises");
        Assert.True(integerChecked > Iterations / 4, $"only {integerChecked} integer cases met the premises");
    }

    [Fact]
    public void Divisor_methods_are_house_monotone_one_more_place_never_costs_anyone_a_place() => HouseMonotone(null, Iterations);

    [Fact]
    public void Divisor_methods_give_exactly_the_place_by_place_result_within_bounds()
    {
        // Integer votes make exact ties common; the reference gives place after place from the lower
        // bounds to the highest quota / divisor (ties: larger quota, then key), as the README defines.
        var gen = from n in Gen.Int[1, 30]
                  from votes in Gen.Int[0, 60].Array[n]
                  from lowers in Gen.Int[0, 3].Array[n]
                  from extra in Gen.Int[0, 40].Array[n]
                  from total in Gen.Int[0, 400]
                  from method in Gen.OneOf(Gen.Const(ApportionmentMethod.SainteLague), Gen.Const(ApportionmentMethod.DHondt))
                  select (votes, lowers, extra, total, method);
        var checkedCases = 0;
        gen.Sample(t =>
        {
            var (votes, lowers, extra, total, method) = t;
            var sum = votes.Sum();
            var uppers = lowers.Zip(extra, (l, e) => l + e).ToArray();
            if (sum == 0 || total < lowers.Sum() || total > uppers.Sum()) return;
            Interlocked.Increment(ref checkedCases);
            var keys = votes.Select((_, i) => Code(i)).ToArray();
            var q = votes.Select(v => (double)v / sum * total).ToArray();
            var offset = method == ApportionmentMethod.DHondt ? 1.0 : 0.5;
            var expected = lowers.ToArray();
            for (var left = total - lowers.Sum(); left > 0; left--)
            {
                var best = -1;
                for (var i = 0; i < q.Length; i++)
                {
                    if (expected[i] >= uppers[i]) continue;
                    if (best < 0) { best = i; continue; }
                    var (pi, pb) = (q[i] / (expected[i] + offset), q[best] / (expected[best] + offset));
                    var tie = Math.Abs(pi - pb) <= 1e-12 * Math.Max(pi, pb);
                    if ((!tie && pi > pb) || (tie && (q[i] > q[best] || (q[i] == q[best] && string.CompareOrdinal(keys[i], keys[best]) < 0)))) best = i;
                }
                expected[best]++;
            }
            Assert.Equal(expected, Apportionment.Apportion(method, q, keys, total, lowers, uppers));
        }, iter: Iterations * 3);
        Assert.True(checkedCases > Iterations, $"only {checkedCases} cases met the premises");
    }

    /// <summary>
    /// A case the property once found: among 51 quotas some priorities tie exactly in arithmetic while
    /// floating-point rounding broke the tie differently for 1 033 and 1 034 places (9911: 20 → 19).
    /// </summary>
    [Fact]
    public void Divisor_methods_break_exact_ties_the_same_way_for_every_total() => HouseMonotone("5Eqyqjdwe3S2", 1);

    private static void HouseMonotone(string? seed, long iterations)
    {
        var gen = from n in Gen.Int[1, 60]
                  from votes in Gen.Double[0, 1000].Array[n]
                  from total in Gen.Int[0, 2000]
                  from method in Gen.OneOf(Gen.Const(ApportionmentMethod.SainteLague), Gen.Const(ApportionmentMethod.DHondt))
                  select (votes, total, method);
        gen.Sample(t =>
        {
            var (votes, total, method) = t;
            var sum = votes.Sum();
            if (sum <= 0) return;
            var keys = votes.Select((_, i) => Code(i)).ToArray();
            var none = new int[votes.Length];
            var open = Enumerable.Repeat(int.MaxValue, votes.Length).ToArray();
            int[] Seats(int h) => Apportionment.Apportion(method, votes.Select(v => v / sum * h).ToArray(), keys, h, none, open);
            var (small, large) = (Seats(total), Seats(total + 1));
            Assert.Equal(total, small.Sum());
            Assert.Equal(total + 1, large.Sum());
            Assert.All(Enumerable.Range(0, votes.Length), i => Assert.True(large[i] >= small[i], $"{keys[i]}: {small[i]} → {large[i]}"));
        }, iter: iterations, seed: seed);
    }

    [Fact]
    public void With_the_floor_at_zero_off_the_engine_either_refuses_negative_values_or_matches_the_floored_model()
    {
        Counties(density: 0, floorAtZero: false).Sample(c =>
        {
            var floored = Engine.Allocate(c.Request() with { Parameters = c.Parameters with { FloorAtZero = true } });
            if (floored.Municipalities.Any(m => m.Explanation.Netted < -1e-9 * Math.Max(1, c.Lanstal)))
            {
                var ex = Assert.Throws<Validation.ValidationFailedException>(() => Engine.Allocate(c.Request()));
                Assert.Equal("negative-model-value", Assert.Single(ex.Problems).Code);
            }
            else
                Assert.Equal(floored.Municipalities.Select(m => m.Kommuntal), Engine.Allocate(c.Request()).Municipalities.Select(m => m.Kommuntal));
        }, iter: Iterations);
    }
}
