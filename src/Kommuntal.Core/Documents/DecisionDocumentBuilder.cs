using Kommuntal.Core.Allocation;
using Kommuntal.Core.Text;

namespace Kommuntal.Core.Documents;

/// <summary>
/// Writes the Swedish decision (or proposal) document from its facts: every heading, sentence,
/// label and table of the document is decided here. Pure; a renderer only lays the result out.
/// </summary>
public static partial class DecisionDocumentBuilder
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
        if (c.Shares is { } shares) blocks.AddRange(UnaccompaniedSection(c, shares, tables));
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
        if (c.Shares is { } annexShares) blocks.AddRange(UnaccompaniedAnnex(c, annexShares, tables));

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

    // ---- The consultation (proposal), the provisions, the signatures and the distribution list ----

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
        lines.Add($"{SwedishFormat.Capitalise(AllocationOrdinance)}{statute}: antalet nyanlända som ska omfattas av anvisningar och länstalen för år {c.Year}.");
        yield return new LineList(lines, Bullet: "–");
    }

    private static SignatureBlock? Signature(DecisionContent c)
    {
        if (string.IsNullOrWhiteSpace(c.DecidedBy) && string.IsNullOrWhiteSpace(c.PresentedBy)) return null;
        var sentences = new List<string>();
        if (!string.IsNullOrWhiteSpace(c.DecidedBy)) sentences.Add($"Beslut i detta ärende har fattats av {c.DecidedBy}.");
        if (!string.IsNullOrWhiteSpace(c.PresentedBy)) sentences.Add($"Föredragande har varit {c.PresentedBy}.");
        var signatories = new[] { c.DecidedBy, c.PresentedBy }.Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => SwedishFormat.Capitalise(s!)).ToList();
        return new SignatureBlock([string.Join(" ", sentences)], signatories) { Note = string.IsNullOrWhiteSpace(c.SignatureNote) ? null : c.SignatureNote };
    }

    private static IEnumerable<DocumentBlock> DistributionList(DecisionContent c, IReadOnlyList<MunicipalAllocation> rows)
    {
        yield return new Heading(2, "Sändlista");
        yield return new Paragraph($"Samtliga kommuner i {c.County.Name}:");
        yield return new LineList(rows.Select(m => m.Name).ToList(), Columns: 3);
        yield return new Paragraph("Migrationsverket");
    }

    private sealed class TableCounter
    {
        private int _n;
        public int Next() => ++_n;
        public int Peek() => _n + 1;
    }
}
