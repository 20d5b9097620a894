using System.Globalization;
using Kommuntal.Core.Reference;

namespace Kommuntal.Core.Allocation;

/// <summary>
/// The default kommuntal model (DOMAIN.md): weighted shares of labour market, population and
/// earlier reception, renormalised over the factors that have data, apportioned by largest remainder.
/// </summary>
public sealed class KommuntalModel : IAllocationEngine
{
    public AllocationResult Allocate(AllocationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Lanstal < 0) throw new ArgumentOutOfRangeException(nameof(request), "Länstal must not be negative.");
        var munis = request.Municipalities.OrderBy(m => m.Code, StringComparer.Ordinal).ToList();
        if (munis.Count == 0) throw new ArgumentException($"County {request.County.Code} has no municipalities.", nameof(request));
        var p = request.Parameters;

        var rows = munis.Select(m => request.Indicators.For(m.Code) ?? new MunicipalIndicators(m.Code)).ToList();
        var population = Shares(rows.Select(r => r.Population).ToList());
        var labour = Shares(rows.Select(r => r.Labour).ToList());
        var reception = Shares(rows.Select(r => Sum(r.Reception, r.AsylumSeekers)).ToList());

        var used = new Dictionary<Factor, bool>
        {
            [Factor.Labour] = labour is not null && p.LabourWeight > 0,
            [Factor.Population] = population is not null && p.PopulationWeight > 0,
            [Factor.Reception] = reception is not null && p.ReceptionWeight > 0,
        };
        // The compensating reception factor 2p − q needs the population share.
        if (used[Factor.Reception] && p.CompensatingReception && population is null) used[Factor.Reception] = false;
        var weightSum = used.Where(kv => kv.Value).Sum(kv => p.WeightOf(kv.Key));
        if (weightSum <= 0) throw new ArgumentException("No factor has data: the model needs at least one of population, labour and reception.", nameof(request));
        var factors = Enum.GetValues<Factor>().Select(f => new FactorWeight(
            f, p.WeightOf(f), used[f] ? p.WeightOf(f) / weightSum : 0, used[f],
            used[f] ? null : "saknar data / no data")).ToList();
        double Applied(Factor f) => factors[(int)f].AppliedWeight;

        var n = munis.Count;
        var baseShares = new double[n];
        var contributions = new Dictionary<Factor, double>[n];
        var receptionFactor = new double?[n];
        for (var i = 0; i < n; i++)
        {
            var c = new Dictionary<Factor, double>();
            if (used[Factor.Labour]) c[Factor.Labour] = Applied(Factor.Labour) * labour![i];
            if (used[Factor.Population]) c[Factor.Population] = Applied(Factor.Population) * population![i];
            if (used[Factor.Reception])
            {
                receptionFactor[i] = p.CompensatingReception ? 2 * population![i] - reception![i] : reception![i];
                c[Factor.Reception] = Applied(Factor.Reception) * receptionFactor[i]!.Value;
            }
            contributions[i] = c;
            baseShares[i] = c.Values.Sum();
        }

        var selfSettled = rows.Select(r => p.NetSelfSettled ? r.SelfSettled ?? 0 : 0).ToArray();
        var e = selfSettled.Sum();
        var netted = new double[n];
        for (var i = 0; i < n; i++) netted[i] = baseShares[i] * (request.Lanstal + e) - selfSettled[i];
        var floored = netted.Select(x => p.FloorAtZero ? Math.Max(0, x) : x).ToArray();
        var positive = floored.Sum();
        var exact = new double[n];
        for (var i = 0; i < n; i++)
            exact[i] = positive > 0 ? floored[i] / positive * request.Lanstal : (double)request.Lanstal / n;

        var final = Apportionment.LargestRemainder(exact, munis.Select(m => m.Code).ToList(), request.Lanstal);
        var result = new List<MunicipalAllocation>(n);
        for (var i = 0; i < n; i++)
        {
            var floor = (int)Math.Floor(exact[i]);
            var explanation = new MunicipalExplanation
            {
                Indicators = rows[i],
                PopulationShare = population?[i],
                LabourShare = labour?[i],
                ReceptionShare = reception?[i],
                ReceptionFactor = receptionFactor[i],
                Contributions = contributions[i],
                BaseShare = baseShares[i],
                SelfSettledNetted = selfSettled[i],
                Netted = netted[i],
                FlooredAtZero = p.FloorAtZero && netted[i] < 0,
                ExactQuota = exact[i],
                Floor = floor,
                RoundedUp = final[i] > floor,
                Final = final[i],
            };
            result.Add(new MunicipalAllocation(munis[i].Code, munis[i].Name, final[i],
                explanation with { SwedishText = SwedishExplanation(munis[i], explanation) }));
        }
        return new AllocationResult(request.Year, request.County.Code, request.County.Name, request.Lanstal, p, factors, result);
    }

    private static double? Sum(double? a, double? b) => a is null && b is null ? null : (a ?? 0) + (b ?? 0);

    /// <summary>Shares summing to 1, or null when the factor has no usable data in the county.</summary>
    private static double[]? Shares(IReadOnlyList<double?> values)
    {
        if (values.Any(v => v is null)) return null;
        var total = values.Sum(v => v!.Value);
        if (total <= 0) return null;
        return values.Select(v => v!.Value / total).ToArray();
    }

    private static string SwedishExplanation(Municipality m, MunicipalExplanation e)
    {
        var sv = CultureInfo.GetCultureInfo("sv-SE");
        var parts = new List<string>();
        if (e.PopulationShare is { } ps) parts.Add($"andel av länets befolkning {ps.ToString("P2", sv)}");
        if (e.ReceptionShare is { } rs) parts.Add($"andel av tidigare mottagande {rs.ToString("P2", sv)}");
        if (e.LabourShare is { } ls) parts.Add($"andel enligt arbetsmarknadsmåttet {ls.ToString("P2", sv)}");
        var basis = parts.Count > 0 ? string.Join(", ", parts) : "inga indikatorer";
        var rounding = e.RoundedUp ? "avrundat uppåt" : "avrundat nedåt";
        return $"{m.Name}: {basis}; sammanvägd andel {e.BaseShare.ToString("P2", sv)}, exakt kvot {e.ExactQuota.ToString("0.000", sv)}, {rounding} till {e.Final}.";
    }
}
