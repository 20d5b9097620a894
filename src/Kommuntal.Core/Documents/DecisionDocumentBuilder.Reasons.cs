using Kommuntal.Core.Allocation;
using Kommuntal.Core.Text;

namespace Kommuntal.Core.Documents;

/// <summary>The background and the reasons: the model, its factors and weights, the deviations and the zeros, each explained.</summary>
public static partial class DecisionDocumentBuilder
{
    private static IEnumerable<DocumentBlock> Background(DecisionContent c)
    {
        yield return new Heading(2, "Bakgrund");
        yield return new Paragraph($"En kommun är enligt 5 § {SettlementAct} (bosättningslagen) skyldig att efter anvisning ta emot en nyanländ för bosättning i kommunen.");
        var statute = string.IsNullOrWhiteSpace(c.StatuteReference) ? "" : $", i lydelsen enligt {c.StatuteReference},";
        var national = c.NationalTotal > 0
            ? $"att {SwedishFormat.Number(c.NationalTotal)} nyanlända ska omfattas av anvisningar till kommuner år {c.Year} och att länstalet för {c.County.Name} är {SwedishFormat.Number(c.Lanstal)}"
            : $"att länstalet för {c.County.Name} år {c.Year} är {SwedishFormat.Number(c.Lanstal)}";
        yield return new Paragraph($"Regeringen har i {AllocationOrdinance}{statute} bestämt {national}. "
                                   + "Enligt 7 § bosättningslagen beslutar länsstyrelsen hur anvisningarna ska fördelas mellan kommunerna i länet (kommuntal).");
        if (c.Replaces is { } r && c.Kind == DocumentKind.Decision)
        {
            var earlier = $"Länsstyrelsen beslutade den {SwedishFormat.Date(r.DecisionDate)} (diarienummer {r.Diarienummer}) om kommuntal för år {c.Year}";
            if (r.Lanstal != c.Lanstal)
            {
                var by = string.IsNullOrWhiteSpace(c.StatuteReference) ? "" : $" genom {c.StatuteReference}";
                yield return new Paragraph($"{earlier} utifrån ett länstal på {SwedishFormat.Number(r.Lanstal)}. Regeringen har därefter{by} ändrat länstalet för {c.County.Name} till {SwedishFormat.Number(c.Lanstal)}. "
                                           + "Länsstyrelsen fattar därför ett nytt beslut om kommuntal som ersätter det tidigare.");
            }
            else
                yield return new Paragraph($"{earlier}. Länsstyrelsen har därefter gjort en ny bedömning av fördelningen och fattar ett nytt beslut som ersätter det tidigare.");
        }
        if (!string.IsNullOrWhiteSpace(c.ConsultationSummary))
            foreach (var p in Paragraphs(c.ConsultationSummary)) yield return p;
        else
        {
            var wishes = c.Allocation.Municipalities.Any(m => m.Explanation.Deviations.Count > 0)
                ? " och på de önskemål och överenskommelser som har registrerats i ärendet" : "";
            var what = c.Kind == DocumentKind.Proposal ? "Förslaget" : "Kommuntalen";
            var where = c.Kind == DocumentKind.Proposal ? "Skäl för förslaget" : "Skäl för beslutet";
            yield return new Paragraph($"{what} bygger på Länsstyrelsens beräkning enligt den modell som redovisas under rubriken ”{where}”{wishes}.");
        }
        if (!string.IsNullOrWhiteSpace(c.Background))
            foreach (var p in Paragraphs(c.Background)) yield return p;
    }

    private static IEnumerable<DocumentBlock> Reasons(DecisionContent c, IReadOnlyList<MunicipalAllocation> rows, TableCounter tables)
    {
        var a = c.Allocation;
        var p = a.Parameters;
        yield return new Heading(2, c.Kind == DocumentKind.Proposal ? "Skäl för förslaget" : "Skäl för beslutet");
        yield return new Paragraph("Enligt 7 § andra stycket bosättningslagen ska hänsyn tas till kommunens arbetsmarknadsförutsättningar, befolkningens storlek, "
                                   + "det sammantagna mottagandet av nyanlända och ensamkommande barn samt omfattningen av asylsökande som vistas i kommunen. "
                                   + $"När kommuntalen beslutas får även kommunernas förutsättningar att tillhandahålla bostäder beaktas (6 § {SettlementOrdinance}).");
        if (!string.IsNullOrWhiteSpace(c.Reasons))
            foreach (var para in Paragraphs(c.Reasons)) yield return para;

        // The model, its version and the factors with the weights actually applied.
        yield return new Heading(3, "Beräkningsmodell");
        yield return new Paragraph($"Länsstyrelsen har beräknat kommuntalen med beräkningsmodellen {p.Version}. Modellen ger varje kommun en sammanvägd andel av länstalet "
                                   + $"utifrån kommunens andel av länets värde för varje faktor. Faktorerna och vikterna framgår av tabell {tables.Peek()}.");
        var factorTable = tables.Next();
        yield return new Table($"Tabell {factorTable}. Faktorer och vikter i beräkningsmodellen",
            [
                new TableColumn("Faktor", 3.2, ColumnAlignment.Left),
                new TableColumn("Underlag", 1.6, ColumnAlignment.Left),
                new TableColumn("Vikt enligt modellen", 1.4, ColumnAlignment.Right),
                new TableColumn("Tillämpad vikt", 1.4, ColumnAlignment.Right),
            ],
            a.Factors.Select(f => (IReadOnlyList<string>)[FactorName(f.Factor, p), FactorStatus(f), Percent(f.ConfiguredWeight, 0), Percent(f.AppliedWeight, 1)]).ToList(),
            ["Summa", "", Percent(a.Factors.Sum(f => f.ConfiguredWeight), 0), Percent(a.Factors.Sum(f => f.AppliedWeight), 1)])
        { ContinuedCaption = $"Tabell {factorTable} (forts.)" };

        var missing = a.Factors.Where(f => !f.Used && f.ConfiguredWeight > 0).ToList();
        if (missing.Count > 0)
            yield return new Paragraph($"Underlag har saknats för {JoinSwedish(missing.Select(f => FactorName(f.Factor, p).ToLower(SwedishFormat.Culture)).ToList())}. "
                                       + "En faktor som saknar underlag har utelämnats och de övriga faktorernas vikter har räknats om så att de tillsammans uppgår till 100 procent.");
        var explanations = rows.Select(m => m.Explanation).ToList();
        if (a.Factors.Any(f => f.Factor == Factor.Reception && f.Used))
        {
            var asylum = explanations.Any(e => e.Indicators.AsylumSeekers is not null)
                ? "Antalet asylsökande som vistas i kommunen ingår i det tidigare mottagandet."
                : "Uppgifter om antalet asylsökande per kommun har inte funnits tillgängliga och ingår därför inte i underlaget.";
            var compensating = p.CompensatingReception
                ? "Det tidigare mottagandet verkar utjämnande: en kommun som har tagit emot en större andel av länets nyanlända än sin andel av länets befolkning får en lägre andel, och tvärtom. "
                : "";
            yield return new Paragraph(compensating + asylum);
        }
        if (p.NetSelfSettled)
            yield return new Paragraph(explanations.Any(e => e.Indicators.SelfSettled is not null)
                ? "Från varje kommuns beräknade antal har det förväntade antalet självbosatta nyanlända räknats av."
                : "Uppgifter om det förväntade antalet självbosatta nyanlända per kommun har inte funnits tillgängliga. Någon justering för självbosatta har därför inte gjorts.");
        yield return new Paragraph($"De beräknade andelarna har avrundats till heltal med {MethodName(p.Method)}, så att kommuntalen tillsammans är lika med länstalet. "
                                   + "Beräkningen för varje kommun redovisas i bilagan.");

        // Deviations, each with its reason.
        yield return new Heading(3, "Avvikelser från beräkningsmodellen");
        var deviations = rows.SelectMany(m => m.Explanation.Deviations.Select(d => (Municipality: m, Deviation: d))).ToList();
        if (deviations.Count == 0)
            yield return new Paragraph(c.Kind == DocumentKind.Proposal
                ? "Förslaget innehåller inga avvikelser från beräkningsmodellen."
                : "Länsstyrelsen har inte gjort några avvikelser från beräkningsmodellen.");
        else
        {
            var deviationTable = tables.Next();
            yield return new Paragraph($"Länsstyrelsen har gjort de avvikelser från beräkningsmodellen som anges i tabell {deviationTable}. "
                                       + "Eftersom länstalet är fast påverkar avvikelserna de övriga kommunernas kommuntal.");
            yield return new Table($"Tabell {deviationTable}. Avvikelser från beräkningsmodellen och skälen för dem",
                [
                    new TableColumn("Kommun", 2.2, ColumnAlignment.Left),
                    new TableColumn("Avvikelse", 2.4, ColumnAlignment.Left),
                    new TableColumn("Skäl", 4.2, ColumnAlignment.Left),
                    new TableColumn("Kommuntal", 1.3, ColumnAlignment.Right),
                ],
                deviations.Select(x => (IReadOnlyList<string>)[x.Municipality.Name, DeviationText(x.Deviation, x.Municipality.Explanation), x.Deviation.Reason, SwedishFormat.Number(x.Municipality.Kommuntal)]).ToList(),
                null)
            { ContinuedCaption = $"Tabell {deviationTable} (forts.)" };
        }

        // Zeros, each explained.
        var zeros = rows.Where(m => m.Kommuntal == 0).ToList();
        if (zeros.Count > 0)
        {
            yield return new Heading(3, "Kommuner med kommuntal 0");
            yield return new Paragraph(zeros.Count == 1
                ? $"En kommun har fått kommuntal 0: {zeros[0].Name}. Skälet framgår nedan."
                : $"{SwedishFormat.Capitalise(CountWord(zeros.Count))} kommuner har fått kommuntal 0. Skälen framgår nedan.");
            yield return new LineList(zeros.Select(ZeroReason).ToList(), Bullet: "–");
            yield return new Paragraph($"Ett kommuntal på 0 innebär att inga anvisningar till kommunen planeras under år {c.Year}. "
                                       + "Eftersom kommuntalen kan skilja sig från år till år bör även dessa kommuner ha kvar en beredskap för mottagande.");
        }

        if (c.Replaces is { } r && r.Lanstal > c.Lanstal && c.Kind == DocumentKind.Decision)
        {
            yield return new Heading(3, "Sänkt länstal");
            yield return new Paragraph($"Länstalet har sänkts från {SwedishFormat.Number(r.Lanstal)} till {SwedishFormat.Number(c.Lanstal)}. "
                                       + $"Om länstalen sänks under innevarande kalenderår får kommunernas planering för ett tidigare beslutat högre mottagande beaktas (7 a § {SettlementOrdinance}).");
        }
    }

    private static string ZeroReason(MunicipalAllocation m)
    {
        var e = m.Explanation;
        if (e.Deviations.FirstOrDefault(d => d.Kind == DeviationKind.Agreement && d.Number == 0) is { } agreement)
            return $"{m.Name}: enligt överenskommelse med kommunen ({agreement.Reason}).";
        if (e.Deviations.FirstOrDefault(d => d.Kind == DeviationKind.Housing && d.Number == 0) is { } housing)
            return $"{m.Name}: med hänsyn till kommunens förutsättningar att tillhandahålla bostäder ({housing.Reason}).";
        if (e.FlooredAtZero)
            return e.SelfSettledNetted > 0
                ? $"{m.Name}: det förväntade antalet självbosatta nyanlända är större än kommunens beräknade andel av länstalet."
                : $"{m.Name}: kommunens tidigare mottagande är så stort i förhållande till dess andel av länets befolkning att den sammanvägda andelen blev noll eller lägre.";
        return $"{m.Name}: kommunens beräknade andel motsvarar {e.ExactQuota.ToString("0.00", SwedishFormat.Culture)} anvisningar, vilket blev 0 vid avrundningen till heltal.";
    }

    private static string DeviationText(Deviation d, MunicipalExplanation e)
    {
        var n = SwedishFormat.Number(d.Number);
        var text = d.Kind switch
        {
            DeviationKind.Agreement => $"Överenskommelse om {n}",
            DeviationKind.Volunteer => $"Utökat ansvar: minst {n}",
            DeviationKind.Housing => $"Bostadsförutsättningar: högst {n}",
            _ => n,
        };
        return d.Kind != DeviationKind.Agreement && e.BoundApplied is null ? text + " (beräkningen låg redan inom gränsen)" : text;
    }

    private static string FactorName(Factor f, ModelParameters p) => f switch
    {
        Factor.Labour => "Arbetsmarknadsförutsättningar",
        Factor.Population => "Befolkningens storlek",
        Factor.Reception => p.CompensatingReception ? "Tidigare mottagande och asylsökande (utjämnande)" : "Tidigare mottagande och asylsökande",
        _ => f.ToString(),
    };

    private static string FactorStatus(FactorWeight f) => f.Used ? "Används" : f.ConfiguredWeight <= 0 ? "Ingår inte" : "Saknas";

    private static string MethodName(ApportionmentMethod m) => m switch
    {
        ApportionmentMethod.SainteLague => "uddatalsmetoden (Sainte-Laguës metod)",
        ApportionmentMethod.DHondt => "d'Hondts metod",
        _ => "största restmetoden",
    };
}
