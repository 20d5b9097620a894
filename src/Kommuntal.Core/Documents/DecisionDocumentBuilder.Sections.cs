using Kommuntal.Core.Allocation;
using Kommuntal.Core.Text;

namespace Kommuntal.Core.Documents;

/// <summary>The consultation (proposal), the provisions, the signatures and the distribution list.</summary>
public static partial class DecisionDocumentBuilder
{
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
}
