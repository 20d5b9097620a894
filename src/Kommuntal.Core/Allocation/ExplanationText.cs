using System.Globalization;
using System.Text;
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
        var sb = new StringBuilder(320);
        sb.Append(e.MunicipalityName.Length > 0 ? e.MunicipalityName : e.MunicipalityCode).Append(": ");

        var facts = 0;
        void Fact(string text)
        {
            if (facts++ > 0) sb.Append(", ");
            sb.Append(text);
        }
        if (e.LabourShare is { } l) Fact($"{Pct(l)} av länets arbetsmarknadsmått");
        if (e.PopulationShare is { } p)
            Fact(e.Indicators.Population is { } pop ? $"{Pct(p)} av länets befolkning ({Count(pop)} invånare)" : $"{Pct(p)} av länets befolkning");
        if (e.ReceptionShare is { } q)
        {
            var people = e.EarlierReception is { } r ? $" ({Count(r)} personer)" : "";
            Fact($"{Pct(q)} av länets tidigare mottagande{people}");
            if (e.ReceptionFactor is { } c && e.PopulationShare is { } p2 && Math.Abs(c - q) > 1e-12)
                sb.Append(" – kompenserande mottagandefaktor 2 × ").Append(Pct(p2)).Append(" − ").Append(Pct(q)).Append(" = ").Append(Pct(c));
        }
        if (facts == 0) sb.Append("inga indikatorer");
        sb.Append("; sammanvägd andel ").Append(Pct(e.BaseShare));
        if (e.Contributions.Count > 1)
        {
            sb.Append(" (");
            var first = true;
            foreach (var f in Enum.GetValues<Factor>())
            {
                if (!e.Contributions.TryGetValue(f, out var v)) continue;
                if (!first) sb.Append(" + ");
                first = false;
                sb.Append(FactorNames.SwedishName(f)).Append(' ').Append(Dec(v * 100));
            }
            sb.Append(" procentenheter)");
        }
        sb.Append('.');

        if (e.CountySelfSettled > 0)
            sb.Append(" Förväntade självbosatta räknas av: ").Append(Pct(e.BaseShare)).Append(" × (").Append(SwedishFormat.Number(e.Lanstal))
                .Append(" + ").Append(Dec(e.CountySelfSettled)).Append(") − ").Append(Dec(e.SelfSettledNetted)).Append(" = ").Append(Dec(e.Netted)).Append('.');
        if (e.FlooredAtZero)
            sb.Append(" Värdet är negativt och sätts till 0.");
        else if (Math.Abs(e.ModelQuota - e.Netted) >= 0.005)
            sb.Append(" Omräknat till länstalet ").Append(SwedishFormat.Number(e.Lanstal)).Append(" när negativa värden satts till 0: ").Append(Dec(e.ModelQuota)).Append('.');

        switch (e.BoundApplied)
        {
            case "agreement":
                sb.Append(" Modellens kvot ").Append(Dec(e.ModelQuota)).Append(" ersätts av överenskommelsen.");
                break;
            case "volunteer-minimum":
                sb.Append(" Modellens kvot ").Append(Dec(e.ModelQuota)).Append(" höjs till det frivilliga åtagandet, minst ").Append(e.LowerBound).Append('.');
                break;
            case "housing-maximum":
                sb.Append(" Modellens kvot ").Append(Dec(e.ModelQuota)).Append(" sänks till bostadstaket, högst ").Append(e.UpperBound).Append('.');
                break;
            default:
                if (e.EqualShareFallback)
                    sb.Append(" Alla kommuner med positiv modellkvot har nått sina tak; återstående platser delas lika mellan övriga kommuner.");
                else if (Math.Abs(e.DeviationAdjustment) >= 0.005)
                    sb.Append(" Andra kommuners överenskommelser och önskemål ändrar kvoten från ").Append(Dec(e.ModelQuota)).Append(" med ")
                        .Append(Signed(e.DeviationAdjustment)).Append('.');
                break;
        }

        var method = e.Method == ApportionmentMethod.LargestRemainder ? "" : " enligt " + ApportionmentMethods.SwedishName(e.Method);
        if (e.BoundApplied == "agreement")
            sb.Append(" Kommuntal ").Append(SwedishFormat.Number(e.Final)).Append('.');
        else
            switch (e.Rounding)
            {
                case RoundingStep.None:
                    sb.Append(" Exakt kvot ").Append(Dec(e.ExactQuota)).Append(", kommuntal ").Append(SwedishFormat.Number(e.Final)).Append('.');
                    break;
                case RoundingStep.Down:
                    sb.Append(" Exakt kvot ").Append(Dec(e.ExactQuota)).Append(", avrundat nedåt").Append(method).Append(" till ").Append(SwedishFormat.Number(e.Final)).Append('.');
                    break;
                case RoundingStep.Up:
                    sb.Append(" Exakt kvot ").Append(Dec(e.ExactQuota)).Append(", avrundat uppåt").Append(method).Append(" till ").Append(SwedishFormat.Number(e.Final)).Append('.');
                    break;
                case RoundingStep.BelowFloor:
                    sb.Append(" Exakt kvot ").Append(Dec(e.ExactQuota)).Append(';').Append(method).Append(" blir det ").Append(SwedishFormat.Number(e.Final))
                        .Append(", under kvotens heltalsdel.");
                    break;
                case RoundingStep.AboveCeiling:
                    sb.Append(" Exakt kvot ").Append(Dec(e.ExactQuota)).Append(';').Append(method).Append(" blir det ").Append(SwedishFormat.Number(e.Final))
                        .Append(", över kvoten avrundad uppåt.");
                    break;
            }

        foreach (var d in e.Deviations)
        {
            sb.Append(' ').Append(d.Kind switch
            {
                DeviationKind.Agreement => "Överenskommelse: ",
                DeviationKind.Volunteer => "Frivilligt åtagande: minst ",
                DeviationKind.Housing => "Bostadsskäl: högst ",
                _ => "",
            });
            sb.Append(SwedishFormat.Number(d.Number)).Append(" (skäl: ").Append(d.Reason.Trim().TrimEnd('.')).Append(").");
        }
        return sb.ToString();
    }

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
            sb.Append(' ').Append(string.Join("; ", unused.Select(f => $"{Capital(FactorNames.SwedishName(f.Factor))} ingår inte ({SwedishPart(f.Note)})")));
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

    private static string Capital(string s) => s.Length == 0 ? s : char.ToUpper(s[0], Sv) + s[1..];

    internal static string Pct(double share) => (share * 100).ToString("0.00", Sv) + "\u00A0%";

    private static string Weight(double w) => (w * 100).ToString("0.##", Sv) + "\u00A0%";

    internal static string Dec(double v) => v.ToString("#,0.00", Sv);

    private static string Count(double v) => v == Math.Floor(v) && Math.Abs(v) < 1e15 ? SwedishFormat.Number((long)v) : v.ToString("#,0.##", Sv);

    private static string Signed(double v) => v > 0 ? "+" + Dec(v) : Dec(v);
}
