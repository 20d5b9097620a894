using System.Text.RegularExpressions;
using Kommuntal.Core.Allocation;
using Kommuntal.Core.Documents;
using Kommuntal.Core.Text;

namespace Kommuntal.Core.Notifications;

/// <summary>
/// Writes the Swedish e-mail to a municipality, modelled on the county board's real message of
/// 8 November 2021 (decision-email-orebro-2021.md). Pure.
/// </summary>
public static class NotificationTextBuilder
{
    public static EmailContent Build(NotificationContent c)
    {
        var subject = DecisionDocumentBuilder.TitleOf(c.Kind, c.Year, c.County.Name);
        var paragraphs = Paragraphs(c);
        var signature = SignatureLines(c);

        var plain = new StringBuilder();
        plain.Append("Hej,\n\n");
        foreach (var p in paragraphs) plain.Append(p).Append("\n\n");
        plain.Append("Vänliga hälsningar\n");
        foreach (var l in signature) plain.Append(l).Append('\n');

        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"sv\"><head><meta charset=\"utf-8\"><title>")
            .Append(E(subject)).Append("</title></head><body>");
        html.Append("<p>Hej,</p>");
        foreach (var p in paragraphs) html.Append("<p>").Append(Linkify(p, c)).Append("</p>");
        html.Append("<p><strong>Vänliga hälsningar</strong><br>");
        html.Append(string.Join("<br>", signature.Select(E)));
        html.Append("</p></body></html>");
        return new EmailContent(subject, plain.ToString(), html.ToString());
    }

    private static List<string> Paragraphs(NotificationContent c)
    {
        var list = new List<string>();
        var number = SwedishFormat.Number(c.Kommuntal);
        var lanstal = SwedishFormat.Number(c.Lanstal);
        if (c.Kind == DocumentKind.Proposal)
        {
            list.Add($"{c.County.BoardName} skickar här förslag till fördelning av anvisningar år {c.Year} till kommunerna i länet för samråd. "
                     + $"Länet ska ta emot {lanstal} personer på anvisning och enligt förslaget är {c.Municipality.Name}s kommuntal {number}.");
            if (c.ConsultationDeadline is { } deadline)
                list.Add($"Vi ber er lämna synpunkter och eventuella önskemål senast den {SwedishFormat.Date(deadline)} genom att svara på detta meddelande.");
        }
        else
        {
            var who = c.DecidedBy is null ? "" : $" fattat av {c.DecidedBy}";
            var when = c.DecisionDate is { } d ? $" den {SwedishFormat.Date(d)}" : "";
            list.Add($"{c.County.BoardName} {(c.DocumentAttached ? "bifogar här" : "meddelar här")} beslut{who}{when} rörande kommuntal för mottagande av nyanlända på anvisning år {c.Year}. "
                     + $"Länstalet för {c.County.Name} är {lanstal} och {c.Municipality.Name}s kommuntal är {number}.");
            if (c.DecisionVersion > 1)
                list.Add($"Beslutet ersätter länsstyrelsens tidigare beslut om kommuntal för {c.Year} (version {c.DecisionVersion - 1}).");
        }
        if (c.WishesSummary is { Length: > 0 } wishes) list.Add(wishes);
        list.Add("Vi vill påminna om att enligt lagen (2016:38) om mottagande av vissa nyanlända invandrare för bosättning är alla kommuner skyldiga att efter anvisning ta emot nyanlända för bosättning. "
                 + "Samtliga kommuner ska därför ha beredskap för ett mottagande, även de som tilldelas låga kommuntal, eftersom kommuntalen kan skilja sig från år till år.");
        if (c.UnaccompaniedSummary is { Length: > 0 } ekb) list.Add(ekb);
        var docName = c.Kind == DocumentKind.Proposal ? "Förslaget" : "Beslutet";
        list.Add($"{docName} finns också att hämta här: {c.DocumentUrl}. Kommunens kommuntal för alla år, med alla beslut och förklaringen av talet, finns på {c.PublicPageUrl}. "
                 + $"Dokumentets kontrollsumma (SHA-256) är {c.DocumentSha256}.");
        list.Add("Välkommen att kontakta oss i alla frågor som rör integration.");
        return list;
    }

    /// <summary>
    /// What was done with the municipalities' wishes, stated from the deviations the decided draft
    /// applied; null when there were none (then the message says nothing about wishes).
    /// </summary>
    public static string? WishesSentence(IReadOnlyList<Deviation> deviations, string countyName, Func<string, string> municipalityName)
    {
        if (deviations.Count == 0) return null;
        string Names(DeviationKind kind) => SwedishList(deviations.Where(d => d.Kind == kind).Select(d => municipalityName(d.MunicipalityCode))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Create(SwedishFormat.Culture, false)).ToList());
        var sentences = new List<string> { "Länsstyrelsen har tagit hänsyn till kommunernas önskemål i fördelningen." };
        if (Names(DeviationKind.Volunteer) is { Length: > 0 } volunteers)
            sentences.Add($"Vi tackar särskilt {volunteers}, som har meddelat att de vill ta ett utökat ansvar för mottagandet av nyanlända i {countyName}.");
        if (Names(DeviationKind.Housing) is { Length: > 0 } housing)
            sentences.Add($"Med hänsyn till bostadsförhållandena (förordning 2016:39, 6 §) har kommuntalet begränsats för {housing}.");
        if (Names(DeviationKind.Agreement) is { Length: > 0 } agreed)
            sentences.Add($"För {agreed} gäller det antal som har överenskommits med kommunen.");
        return string.Join(" ", sentences);
    }

    /// <summary>"A", "A och B", "A, B och C".</summary>
    public static string SwedishList(IReadOnlyList<string> items) => items.Count switch
    {
        0 => "",
        1 => items[0],
        _ => string.Join(", ", items.Take(items.Count - 1)) + " och " + items[^1],
    };

    private static List<string> SignatureLines(NotificationContent c)
    {
        var k = c.Contact;
        return new[] { k.Name, k.Title, k.Unit, k.Phone.Length > 0 ? $"Tfn. {k.Phone}" : "", k.Email, "", c.County.BoardName, k.PostalAddress,
                k.Switchboard.Length > 0 ? $"Växel: {k.Switchboard}" : "", k.Web }
            .Where((l, i) => l.Length > 0 || i == 5).ToList();
    }

    private static string E(string s) => HtmlText.Escape(s);

    private static string Linkify(string paragraph, NotificationContent c)
    {
        // One pass over both URLs, longest first, so a URL that prefixes the other is not linked twice.
        var urls = new[] { c.DocumentUrl, c.PublicPageUrl }.Distinct().OrderByDescending(u => u.Length).Select(u => Regex.Escape(E(u)));
        return Regex.Replace(E(paragraph), string.Join('|', urls), m => $"<a href=\"{m.Value}\">{m.Value}</a>");
    }
}
