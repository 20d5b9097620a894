using Kommuntal.Core.Text;

namespace Kommuntal.Core.Allocation;

/// <summary>
/// The Swedish sentences of the decision annex, built from an explanation's values alone (so a
/// stored explanation can be rendered again). Numbers in Swedish format: decimal comma, no-break
/// space before "%" and as thousands separator, "−" for minus.
/// </summary>
public static class ExplanationText
{
    private static readonly CultureInfo Sv = SwedishFormat.Culture;

    /// <summary>
    /// E.g. "Örebro: 31,43 % av länets befolkning (156 381 invånare), 27,01 % av länets tidigare
    /// mottagande (…); sammanvägd andel 30,10 %. Exakt kvot 60,81, avrundat uppåt till 61."
    /// </summary>
    public static string Municipal(MunicipalExplanation e)
    {
        ArgumentNullException.ThrowIfNull(e);
        // Standard numeric formats ("F2", "N2") with the Swedish culture, appended without
        // intermediate strings: the sentence is built for every municipality of every decision.
        var sb = new StringBuilder(400);
        sb.Append(e.MunicipalityName.Length > 0 ? e.MunicipalityName : e.MunicipalityCode).Append(": ");

        var facts = 0;
        if (e.LabourShare is { } l)
        {
            facts++;
            sb.Append(Sv, $"{l * 100:F2}\u00A0% av länets arbetsmarknadsmått");
        }
        if (e.PopulationShare is { } p)
        {
            if (facts++ > 0) sb.Append(", ");
            sb.Append(Sv, $"{p * 100:F2}\u00A0% av länets befolkning");
            if (e.Indicators.Population is { } pop) sb.Append(" (").AppendCount(pop).Append(" invånare)");
        }
        if (e.ReceptionShare is { } q)
        {
            if (facts++ > 0) sb.Append(", ");
            sb.Append(Sv, $"{q * 100:F2}\u00A0% av länets tidigare mottagande");
            if (e.EarlierReception is { } r) sb.Append(" (").AppendCount(r).Append(" personer)");
            if (e.ReceptionFactor is { } c && e.PopulationShare is { } p2 && Math.Abs(c - q) > 1e-12)
                sb.Append(Sv, $" – kompenserande mottagandefaktor 2 × {p2 * 100:F2}\u00A0% − {q * 100:F2}\u00A0% = {c * 100:F2}\u00A0%");
        }
        if (facts == 0) sb.Append("inga indikatorer");
        sb.Append(Sv, $"; sammanvägd andel {e.BaseShare * 100:F2}\u00A0%");
        if (e.Contributions.Count > 1)
        {
            sb.Append(" (");
            var first = true;
            foreach (var (f, v) in e.Contributions)
            {
                if (!first) sb.Append(" + ");
                first = false;
                sb.Append(Sv, $"{FactorNames.SwedishName(f)} {v * 100:F2}");
            }
            sb.Append(" procentenheter)");
        }
        sb.Append('.');

        if (e.CountySelfSettled > 0)
            sb.Append(Sv, $" Förväntade självbosatta räknas av: {e.BaseShare * 100:F2}\u00A0% × ({e.Lanstal:N0} + {e.CountySelfSettled:N2}) − {e.SelfSettledNetted:N2} = {e.Netted:N2}.");
        if (e.FlooredAtZero)
            sb.Append(" Värdet är negativt och sätts till 0.");
        else if (Math.Abs(e.ModelQuota - e.Netted) >= 0.005)
            sb.Append(Sv, $" Omräknat till länstalet {e.Lanstal:N0} när negativa värden satts till 0: {e.ModelQuota:N2}.");

        switch (e.BoundApplied)
        {
            case "agreement":
                sb.Append(Sv, $" Modellens kvot {e.ModelQuota:N2} ersätts av överenskommelsen.");
                break;
            case "volunteer-minimum":
                sb.Append(Sv, $" Modellens kvot {e.ModelQuota:N2} höjs till det frivilliga åtagandet, minst {e.LowerBound:N0}.");
                break;
            case "housing-maximum":
                sb.Append(Sv, $" Modellens kvot {e.ModelQuota:N2} sänks till bostadstaket, högst {e.UpperBound:N0}.");
                break;
            default:
                if (e.EqualShareFallback)
                    sb.Append(" Alla kommuner med positiv modellkvot har nått sina tak; återstående platser delas lika mellan övriga kommuner.");
                else if (Math.Abs(e.DeviationAdjustment) >= 0.005)
                    sb.Append(Sv, $" Andra kommuners överenskommelser och önskemål ändrar kvoten från {e.ModelQuota:N2} med {(e.DeviationAdjustment > 0 ? "+" : "")}{e.DeviationAdjustment:N2}.");
                break;
        }

        var method = e.Method == ApportionmentMethod.LargestRemainder ? "" : " enligt " + ApportionmentMethods.SwedishName(e.Method);
        if (e.BoundApplied == "agreement")
            sb.Append(Sv, $" Kommuntal {e.Final:N0}.");
        else
            switch (e.Rounding)
            {
                case RoundingStep.None:
                    sb.Append(Sv, $" Exakt kvot {e.ExactQuota:N2}, kommuntal {e.Final:N0}.");
                    break;
                case RoundingStep.Down:
                    sb.Append(Sv, $" Exakt kvot {e.ExactQuota:N2}, avrundat nedåt{method} till {e.Final:N0}.");
                    break;
                case RoundingStep.Up:
                    sb.Append(Sv, $" Exakt kvot {e.ExactQuota:N2}, avrundat uppåt{method} till {e.Final:N0}.");
                    break;
                case RoundingStep.BelowFloor:
                    sb.Append(Sv, $" Exakt kvot {e.ExactQuota:N2};{method} blir det {e.Final:N0}, under kvotens heltalsdel.");
                    break;
                case RoundingStep.AboveCeiling:
                    sb.Append(Sv, $" Exakt kvot {e.ExactQuota:N2};{method} blir det {e.Final:N0}, över kvoten avrundad uppåt.");
                    break;
            }

        foreach (var d in e.Deviations)
        {
            sb.Append(d.Kind switch
            {
                DeviationKind.Agreement => " Överenskommelse: ",
                DeviationKind.Volunteer => " Frivilligt åtagande: minst ",
                DeviationKind.Housing => " Bostadsskäl: högst ",
                _ => " ",
            });
            sb.Append(Sv, $"{d.Number:N0} (skäl: ").Append(d.Reason.AsSpan().Trim().TrimEnd('.')).Append(").");
        }
        return sb.ToString();
    }

    private static StringBuilder AppendCount(this StringBuilder sb, double v) =>
        v == Math.Floor(v) && Math.Abs(v) < 1e15 ? sb.Append(Sv, $"{(long)v:N0}") : sb.Append(Sv, $"{v:#,0.##}");

    /// <summary>The model as applied to the county, for the decision's reasons.</summary>
    public static string Summary(AllocationResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var p = r.Parameters;
        var sb = new StringBuilder(400);
        sb.Append("Beräkningsmodell ").Append(p.Version);
        if (r.EngineVersion.Length > 0) sb.Append(" (beräkningsmotor ").Append(r.EngineVersion).Append(')');
        sb.Append(". Vikter: ").Append(string.Join(", ", r.Factors.Select(f => $"{FactorNames.SwedishName(f.Factor)} {Weight(f.ConfiguredWeight)}"))).Append('.');
        var unused = r.Factors.Where(f => !f.Used && f.ConfiguredWeight > 0).ToList();
        var used = r.Factors.Where(f => f.Used).ToList();
        if (unused.Count > 0)
        {
            sb.Append(' ').Append(string.Join("; ", unused.Select(f => $"{SwedishFormat.Capitalise(FactorNames.SwedishName(f.Factor))} ingår inte ({SwedishPart(f.Note)})")));
            sb.Append(". Vikterna har normaliserats om till ").Append(string.Join(" och ", used.Select(f => $"{FactorNames.SwedishName(f.Factor)} {Weight(f.AppliedWeight)}"))).Append('.');
        }
        if (used.Any(f => f.Factor == Factor.Reception))
            sb.Append(p.CompensatingReception
                ? " Tidigare mottagande räknas i kompenserande form: 2 × befolkningsandel − mottagandeandel."
                : " Tidigare mottagande räknas som andel av länets mottagande.");
        if (r.SelfSettledNetting)
            sb.Append(" Förväntade självbosatta (").Append(Dec(r.SelfSettledTotal)).Append(" i länet) räknas av från varje kommuns andel.");
        else
            sb.Append(p.NetSelfSettled ? " Förväntade självbosatta räknas inte av: uppgift saknas för länet." : " Förväntade självbosatta räknas inte av.");
        var floored = r.Municipalities.Count(m => m.Explanation.FlooredAtZero);
        if (floored > 0)
            sb.Append(' ').Append(floored == 1 ? "En kommun" : $"{floored} kommuner").Append(" fick ett negativt värde, som satts till 0; övriga har räknats om till länstalet.");
        var deviations = r.Municipalities.Where(m => m.Explanation.Deviations.Count > 0).ToList();
        if (deviations.Count > 0)
            sb.Append(" Avvikelser från modellen efter dialog med kommunerna: ")
                .Append(string.Join("; ", deviations.SelectMany(m => m.Explanation.Deviations.Select(d => $"{m.Name} {KindText(d)} ({d.Reason.Trim().TrimEnd('.')})"))))
                .Append('.');
        sb.Append(" Heltal enligt ").Append(ApportionmentMethods.SwedishName(p.Method));
        if (r.LeftoverSeats is { } left)
            sb.Append(left == 1 ? ": en plats fördelades efter störst rest" : $": {left} platser fördelades efter störst rest");
        sb.Append('.');
        return sb.ToString();
    }

    private static string KindText(Deviation d) => d.Kind switch
    {
        DeviationKind.Agreement => $"överenskommelse {SwedishFormat.Number(d.Number)}",
        DeviationKind.Volunteer => $"minst {SwedishFormat.Number(d.Number)}",
        DeviationKind.Housing => $"högst {SwedishFormat.Number(d.Number)}",
        _ => SwedishFormat.Number(d.Number),
    };

    private static string SwedishPart(string? note) => note is null ? "" : note.Split(" / ")[0];

    private static string Weight(double w) => (w * 100).ToString("0.##", Sv) + "\u00A0%";

    internal static string Dec(double v) => v.ToString("N2", Sv);

}
