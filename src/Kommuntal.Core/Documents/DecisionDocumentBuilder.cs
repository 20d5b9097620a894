using System.Globalization;
using Kommuntal.Core.Allocation;
using Kommuntal.Core.Text;

namespace Kommuntal.Core.Documents;

/// <summary>
/// Writes the Swedish decision (or proposal) document from its facts: every heading, sentence,
/// label and table of the document is decided here. Pure; a renderer only lays the result out.
/// </summary>
public static class DecisionDocumentBuilder
{
    /// <summary>The legal act's short names, as written in the text.</summary>
    public const string SettlementAct = "lagen (2016:38) om mottagande av vissa nyanlända invandrare för bosättning";
    public const string SettlementOrdinance = "förordningen (2016:39) om mottagande av vissa nyanlända invandrare för bosättning";
    public const string AllocationOrdinance = "förordningen (2016:40) om fördelning av anvisningar till kommuner";

    /// <summary>The header of the kommuntal column, as in the boards' decisions.</summary>
    public const string KommuntalColumn = "Antal nyanlända för bosättning (kommuntal)";
    public const string TotalRowLabel = "Totalt (länstal)";
    public const string AnnexTitle = "Bilaga: Beräkning per kommun";

    private static readonly StringComparer s_swedishOrder = StringComparer.Create(SwedishFormat.Culture, false);

    public static string TitleOf(DocumentKind kind, int year, string countyName) => kind switch
    {
        DocumentKind.Proposal => $"Förslag till fördelning av anvisningar år {year} till kommuner i {countyName}",
        _ => $"Beslut om fördelning av anvisningar år {year} till kommuner i {countyName}",
    };

    public static DecisionDocument Build(DecisionContent c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var proposal = c.Kind == DocumentKind.Proposal;
        var title = TitleOf(c.Kind, c.Year, c.County.Name);
        var rows = c.Allocation.Municipalities.OrderBy(m => m.Name, s_swedishOrder).ThenBy(m => m.Code, StringComparer.Ordinal).ToList();
        var tables = new TableCounter();
        var blocks = new List<DocumentBlock> { new Heading(1, title) };

        // The decision (or proposal) and its table.
        blocks.Add(new Heading(2, proposal ? "Förslag" : "Beslut"));
        blocks.Add(new Paragraph(DecisionSentence(c)));
        if (c.Replaces is { } replaced && !proposal)
            blocks.Add(new Paragraph($"Beslutet ersätter Länsstyrelsens beslut den {SwedishFormat.Date(replaced.DecisionDate)} med diarienummer {replaced.Diarienummer}. "
                                     + "Tabell 1 visar för varje kommun det tidigare beslutade kommuntalet, förändringen och det nya kommuntalet."));
        blocks.Add(KommuntalTable(c, rows, tables.Next()));

        if (proposal) blocks.AddRange(Consultation(c));
        blocks.AddRange(Background(c));
        blocks.AddRange(Reasons(c, rows, tables));
        blocks.AddRange(Provisions(c));
        if (!proposal)
        {
            if (c.AppealText is { Length: > 0 } appeal)
            {
                blocks.Add(new Heading(2, string.IsNullOrWhiteSpace(c.AppealHeading) ? "Hur man överklagar" : c.AppealHeading));
                blocks.AddRange(Paragraphs(appeal));
            }
            if (Signature(c) is { } signature) blocks.Add(signature);
        }
        blocks.AddRange(DistributionList(c, rows));
        blocks.Add(new PageBreak());
        blocks.AddRange(Annex(c, rows, tables));

        var header = new List<HeaderField>();
        if (c.DecisionDate is { } date) header.Add(new HeaderField("Datum", SwedishFormat.Date(date)));
        if (!string.IsNullOrWhiteSpace(c.Diarienummer)) header.Add(new HeaderField("Diarienummer", c.Diarienummer));
        if (proposal && c.ConsultationDeadline is { } deadline) header.Add(new HeaderField("Svar senast", SwedishFormat.Date(deadline)));

        return new DecisionDocument
        {
            Kind = c.Kind,
            Title = title,
            BoardName = c.County.BoardName,
            DocumentLabel = proposal ? "FÖRSLAG" : "BESLUT",
            DateText = c.DecisionDate is { } d ? SwedishFormat.Date(d) : null,
            Diarienummer = c.Diarienummer,
            HeaderFields = header,
            Recipients = new AddressBlock("Mottagare", [$"Kommunerna i {c.County.Name} (se sändlista)", "Migrationsverket"]),
            FooterLines = Footer(c),
            Subject = proposal ? $"Förslag till kommuntal {c.Year} för {c.County.Name}" : $"Kommuntal {c.Year} för {c.County.Name}",
            Keywords = ["kommuntal", "länstal", "anvisning", "bosättningslagen", c.County.Name, c.Year.ToString(CultureInfo.InvariantCulture)],
            Blocks = blocks,
            Identity = $"{c.Kind}/{c.Year}/{c.County.Code}/v{c.Version}",
            CreatedAt = c.CreatedAt,
        };
    }

    private static string DecisionSentence(DecisionContent c)
    {
        var h = SwedishFormat.Number(c.Lanstal);
        return c.Kind == DocumentKind.Proposal
            ? $"Länsstyrelsen föreslår att de {h} nyanlända som ska anvisas till kommuner i {c.County.Name} år {c.Year} (länstal) fördelas mellan kommunerna i länet enligt tabell 1."
            : $"Länsstyrelsen beslutar med stöd av 7 § {SettlementAct} att de {h} nyanlända som ska anvisas till kommuner i {c.County.Name} år {c.Year} (länstal) ska fördelas mellan kommunerna i länet enligt tabell 1 (kommuntal).";
    }

    private static Table KommuntalTable(DecisionContent c, IReadOnlyList<MunicipalAllocation> rows, int number)
    {
        var total = c.Allocation.Total;
        var caption = c.Kind == DocumentKind.Proposal
            ? $"Tabell {number}. Föreslagna kommuntal år {c.Year} för kommunerna i {c.County.Name}"
            : $"Tabell {number}. Kommuntal år {c.Year} för kommunerna i {c.County.Name}";
        if (c.Replaces is { } replaced && c.Kind == DocumentKind.Decision)
        {
            int Previous(MunicipalAllocation m) => replaced.Numbers.GetValueOrDefault(m.Code);
            var previousTotal = rows.Sum(Previous);
            return new Table(caption,
                [
                    new TableColumn("Kommun", 3, ColumnAlignment.Left),
                    new TableColumn("Tidigare kommuntal", 1.6, ColumnAlignment.Right),
                    new TableColumn("Förändring", 1.4, ColumnAlignment.Right),
                    new TableColumn(KommuntalColumn, 2.2, ColumnAlignment.Right),
                ],
                rows.Select(m => (IReadOnlyList<string>)[m.Name, SwedishFormat.Number(Previous(m)), SwedishFormat.Change(m.Kommuntal - Previous(m)), SwedishFormat.Number(m.Kommuntal)]).ToList(),
                [TotalRowLabel, SwedishFormat.Number(previousTotal), SwedishFormat.Change(total - previousTotal), SwedishFormat.Number(total)])
            { ContinuedCaption = $"Tabell {number} (forts.)", Width = 0.9 };
        }
        return new Table(caption,
            [new TableColumn("Kommun", 3, ColumnAlignment.Left), new TableColumn(KommuntalColumn, 2, ColumnAlignment.Right)],
            rows.Select(m => (IReadOnlyList<string>)[m.Name, SwedishFormat.Number(m.Kommuntal)]).ToList(),
            [TotalRowLabel, SwedishFormat.Number(total)])
        { ContinuedCaption = $"Tabell {number} (forts.)", Width = 0.72 };
    }

    private static IEnumerable<DocumentBlock> Consultation(DecisionContent c)
    {
        yield return new Heading(2, "Samråd och hur ni svarar");
        yield return new Paragraph($"Länsstyrelsen ger kommunerna i länet tillfälle att lämna synpunkter på förslaget innan Länsstyrelsen beslutar om kommuntal för år {c.Year}.");
        var contact = c.Contact;
        var how = new List<string>();
        if (contact is { Email.Length: > 0 }) how.Add($"per e-post till {contact.Email}");
        if (contact is { PostalAddress.Length: > 0 }) how.Add($"per post till {c.County.BoardName}, {contact.PostalAddress}");
        var channel = how.Count == 0 ? " till Länsstyrelsen" : " " + string.Join(" eller ", how);
        var deadline = c.ConsultationDeadline is { } d ? $" senast den {SwedishFormat.Date(d)}" : "";
        var reference = string.IsNullOrWhiteSpace(c.Diarienummer) ? $"Märk svaret med ”Kommuntal {c.Year}”." : $"Ange diarienummer {c.Diarienummer} i svaret.";
        yield return new Paragraph($"Lämna kommunens synpunkter{deadline}{channel}. {reference}");
        yield return new Paragraph("Om kommunen vill ta emot fler nyanlända än förslaget (utökat ansvar), eller har begränsade förutsättningar att tillhandahålla bostäder, "
                                   + "ange det och skälen för det i svaret. Eftersom länstalet är fast påverkar en ändring för en kommun de övriga kommunernas kommuntal.");
        if (c.ConsultationDeadline is { } last)
            yield return new Paragraph($"Har kommunen inte svarat senast den {SwedishFormat.Date(last)} utgår Länsstyrelsen från att kommunen inte har några synpunkter på förslaget.");
        if (contact is { Name.Length: > 0 })
        {
            var parts = new List<string> { contact.Name };
            if (contact.Title.Length > 0) parts.Add(contact.Title.ToLower(SwedishFormat.Culture));
            if (contact.Phone.Length > 0) parts.Add($"telefon {contact.Phone}");
            if (contact.Email.Length > 0) parts.Add(contact.Email);
            yield return new Paragraph($"Kontaktperson: {string.Join(", ", parts)}.");
        }
    }

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
                : $"{Capitalize(CountWord(zeros.Count))} kommuner har fått kommuntal 0. Skälen framgår nedan.");
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

    private static IEnumerable<DocumentBlock> Provisions(DecisionContent c)
    {
        yield return new Heading(2, "Tillämpliga bestämmelser");
        var lines = new List<string>
        {
            $"5 § {SettlementAct}: en kommun är skyldig att efter anvisning ta emot en nyanländ för bosättning i kommunen.",
            "7 § samma lag: fördelningen av anvisningar mellan kommunerna i länet (kommuntal) och de kriterier som ska beaktas.",
            $"4–6 §§ {SettlementOrdinance}: länstal och kommuntal; enligt 6 § får kommunernas förutsättningar att tillhandahålla bostäder beaktas.",
        };
        if (c.Replaces is { } r && r.Lanstal > c.Lanstal && c.Kind == DocumentKind.Decision)
            lines.Add("7 a § samma förordning: om länstalen sänks under innevarande kalenderår får kommunernas planering för ett tidigare beslutat högre mottagande beaktas.");
        var statute = string.IsNullOrWhiteSpace(c.StatuteReference) ? "" : $", i lydelsen enligt {c.StatuteReference}";
        lines.Add($"{Capitalize(AllocationOrdinance)}{statute}: antalet nyanlända som ska omfattas av anvisningar och länstalen för år {c.Year}.");
        yield return new LineList(lines, Bullet: "–");
    }

    private static SignatureBlock? Signature(DecisionContent c)
    {
        if (string.IsNullOrWhiteSpace(c.DecidedBy) && string.IsNullOrWhiteSpace(c.PresentedBy)) return null;
        var sentences = new List<string>();
        if (!string.IsNullOrWhiteSpace(c.DecidedBy)) sentences.Add($"Beslut i detta ärende har fattats av {c.DecidedBy}.");
        if (!string.IsNullOrWhiteSpace(c.PresentedBy)) sentences.Add($"Föredragande har varit {c.PresentedBy}.");
        var signatories = new[] { c.DecidedBy, c.PresentedBy }.Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => Capitalize(s!)).ToList();
        return new SignatureBlock([string.Join(" ", sentences)], signatories) { Note = string.IsNullOrWhiteSpace(c.SignatureNote) ? null : c.SignatureNote };
    }

    private static IEnumerable<DocumentBlock> DistributionList(DecisionContent c, IReadOnlyList<MunicipalAllocation> rows)
    {
        yield return new Heading(2, "Sändlista");
        yield return new Paragraph($"Samtliga kommuner i {c.County.Name}:");
        yield return new LineList(rows.Select(m => m.Name).ToList(), Columns: 3);
        yield return new Paragraph("Migrationsverket");
    }

    private static IEnumerable<DocumentBlock> Annex(DecisionContent c, IReadOnlyList<MunicipalAllocation> rows, TableCounter tables)
    {
        var a = c.Allocation;
        var what = c.Kind == DocumentKind.Proposal ? "förslaget" : "kommuntalet";
        yield return new Heading(1, AnnexTitle);
        var number = tables.Next();
        yield return new Paragraph($"Bilagan redovisar de värden som {what} för varje kommun har beräknats från (tabell {number}) och en förklaring per kommun. "
                                   + "Andelarna är kommunens andel av länets samlade värde för faktorn. Den sammanvägda andelen är andelarna vägda med de tillämpade vikterna. "
                                   + "Den exakta kvoten är kommunens andel av länstalet före avrundning till heltal.");

        var explanations = rows.Select(m => m.Explanation).ToList();
        var columns = new List<(TableColumn Column, Func<MunicipalAllocation, string> Cell)>
        {
            (new TableColumn("Kommun", 2.0, ColumnAlignment.Left), m => m.Name),
        };
        if (explanations.Any(e => e.Indicators.Population is not null))
            columns.Add((new TableColumn("Befolkning", 1.3, ColumnAlignment.Right), m => m.Explanation.Indicators.Population is { } v ? SwedishFormat.Number((long)Math.Round(v)) : "–"));
        if (explanations.Any(e => e.PopulationShare is not null))
            columns.Add((new TableColumn("Andel av befolkningen", 1.3, ColumnAlignment.Right), m => Percent(m.Explanation.PopulationShare, 2)));
        if (explanations.Any(e => e.LabourShare is not null))
            columns.Add((new TableColumn("Andel enligt arbetsmarknadsmåttet", 1.3, ColumnAlignment.Right), m => Percent(m.Explanation.LabourShare, 2)));
        if (explanations.Any(e => e.ReceptionShare is not null))
            columns.Add((new TableColumn("Andel av tidigare mottagande", 1.3, ColumnAlignment.Right), m => Percent(m.Explanation.ReceptionShare, 2)));
        columns.Add((new TableColumn("Sammanvägd andel", 1.45, ColumnAlignment.Right), m => Percent(m.Explanation.BaseShare, 2)));
        columns.Add((new TableColumn("Exakt kvot", 1.2, ColumnAlignment.Right), m => m.Explanation.ExactQuota.ToString("#,0.00", SwedishFormat.Culture)));
        columns.Add((new TableColumn("Kommuntal", 1.2, ColumnAlignment.Right), m => SwedishFormat.Number(m.Kommuntal)));

        var total = new List<string> { "Totalt" };
        foreach (var (column, _) in columns.Skip(1))
            total.Add(column.Header switch
            {
                "Befolkning" => SwedishFormat.Number((long)Math.Round(explanations.Sum(e => e.Indicators.Population ?? 0))),
                "Exakt kvot" => explanations.Sum(e => e.ExactQuota).ToString("#,0.00", SwedishFormat.Culture),
                "Kommuntal" => SwedishFormat.Number(a.Total),
                _ => "",
            });
        yield return new Table($"Tabell {number}. Nyckeltal per kommun", columns.Select(x => x.Column).ToList(),
            rows.Select(m => (IReadOnlyList<string>)columns.Select(x => x.Cell(m)).ToList()).ToList(), total)
        { ContinuedCaption = $"Tabell {number} (forts.)" };

        yield return new Heading(2, "Förklaring per kommun");
        foreach (var m in rows)
            yield return new Paragraph(string.IsNullOrWhiteSpace(m.Explanation.SwedishText)
                ? $"{m.Name}: exakt kvot {m.Explanation.ExactQuota.ToString("0.000", SwedishFormat.Culture)}, kommuntal {SwedishFormat.Number(m.Kommuntal)}."
                : m.Explanation.SwedishText);
    }

    private static IReadOnlyList<string> Footer(DecisionContent c)
    {
        var k = c.Contact;
        if (k is null) return [];
        var first = new List<string> { c.County.BoardName };
        if (k.PostalAddress.Length > 0) first.Add(k.PostalAddress);
        var second = new List<string>();
        if (k.Switchboard.Length > 0) second.Add($"Växel: {k.Switchboard}");
        if (k.Web.Length > 0) second.Add(k.Web);
        var lines = new List<string> { string.Join(" · ", first) };
        if (second.Count > 0) lines.Add(string.Join(" · ", second));
        return lines;
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

    private static string Percent(double? share, int decimals) =>
        share is { } v ? (v * 100).ToString(decimals == 0 ? "0" : "0." + new string('0', decimals), SwedishFormat.Culture) + "\u00A0%" : "–";

    private static IEnumerable<Paragraph> Paragraphs(string text) =>
        text.Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => new Paragraph(p));

    private static string JoinSwedish(IReadOnlyList<string> items) =>
        items.Count <= 1 ? string.Concat(items) : string.Join(", ", items.Take(items.Count - 1)) + " och " + items[^1];

    /// <summary>A count as Swedish style writes it in running text: words up to twelve, digits above.</summary>
    private static string CountWord(int n) => n switch
    {
        2 => "två", 3 => "tre", 4 => "fyra", 5 => "fem", 6 => "sex", 7 => "sju", 8 => "åtta", 9 => "nio", 10 => "tio", 11 => "elva", 12 => "tolv",
        _ => SwedishFormat.Number(n),
    };

    private static string Capitalize(string s) => s.Length == 0 ? s : char.ToUpper(s[0], SwedishFormat.Culture) + s[1..];

    private sealed class TableCounter
    {
        private int _n;
        public int Next() => ++_n;
        public int Peek() => _n + 1;
    }
}
