using Kommuntal.Core.Documents;
using Kommuntal.Core.Lifecycle;
using Kommuntal.Core.Text;

namespace Kommuntal.Core.Notifications;

/// <summary>One message of a publication as the coordinator's summary lists it.</summary>
public sealed record DispatchLine(string RecipientName, string Address, NotificationStatus Status, string? ProviderStatus, DateTimeOffset? SentAt, string? Error);

/// <summary>A publication a coordinator's message is about: the document kind, county, year and version.</summary>
public sealed record PublicationRef(DocumentKind Kind, County County, int Year, int Version)
{
    public string Title => DecisionDocumentBuilder.TitleOf(Kind, Year, County.Name);
}

/// <summary>What went out for one publication.</summary>
/// <param name="SenderName">The sender the messages went through ("acs", "smtp", "local-outbox").</param>
/// <param name="WithoutAddress">Municipalities of the county that have no known address and so were not notified.</param>
public sealed record CoordinatorSummaryContent(PublicationRef Publication, int Lanstal, string DocumentUrl, string DocumentSha256, string SenderName,
    IReadOnlyList<DispatchLine> Lines, IReadOnlyList<Municipality> WithoutAddress);

/// <summary>A message that failed after it was handed over (the provider reported it failed).</summary>
public sealed record DeliveryFailureContent(PublicationRef Publication, string MessageId, string RecipientName, string Address, string? ProviderStatus,
    string? Error, DateTimeOffset? SentAt);

/// <summary>A reminder that a county's kommuntal for a year are not decided and the deadline is near.</summary>
/// <param name="Status">The county-year's status when the reminder is written.</param>
public sealed record DecisionReminderContent(County County, int Year, DateOnly Deadline, CountyYearStatus Status)
{
    public int? Lanstal { get; init; }
    /// <summary>The latest proposal, if any, and its consultation's last day.</summary>
    public int? LatestProposal { get; init; }
    public DateOnly? ConsultationDeadline { get; init; }
    /// <summary>A decided county whose länstal has since changed (a revision) needs a new decision.</summary>
    public bool NeedsNewDecision { get; init; }
}

/// <summary>
/// The messages to the board's own coordinator: the summary of what went out for a publication
/// (sent once every message has been sent or has finally failed), the report of a message the
/// provider failed to deliver afterwards, and the reminder to decide before the deadline. Swedish,
/// plain text and HTML. Pure.
/// </summary>
public static class CoordinatorReportBuilder
{
    public static EmailContent Summary(CoordinatorSummaryContent c)
    {
        var (publication, title) = (c.Publication, c.Publication.Title);
        var sent = c.Lines.Count(l => l.Status is NotificationStatus.Sent or NotificationStatus.Delivered);
        var failed = c.Lines.Count(l => l.Status == NotificationStatus.Failed);
        var subject = $"Utskick klart: {title} (version {publication.Version}), {sent} skickade, {failed} misslyckade";
        var intro = new List<string>
        {
            $"Utskicket av {(publication.Kind == DocumentKind.Proposal ? "förslaget" : "beslutet")} \"{title}\" (version {publication.Version}, länstal {SwedishFormat.Number(c.Lanstal)}) är klart. "
            + $"{sent} av {c.Lines.Count} meddelanden har lämnats över för leverans via {c.SenderName}" + (failed > 0 ? $" och {failed} kunde inte skickas." : "."),
            $"Dokumentet: {c.DocumentUrl} (SHA-256 {c.DocumentSha256}).",
        };
        if (failed > 0)
            intro.Add("Meddelanden som inte kunde skickas behöver skickas på annat sätt; felorsaken står i listan och i ärendets logg.");
        if (c.WithoutAddress.Count > 0)
            intro.Add($"{c.WithoutAddress.Count} kommuner saknar känd e-postadress och har inte fått något meddelande: "
                      + NotificationTextBuilder.SwedishList(c.WithoutAddress.Select(m => m.Name).ToList()) + ". Importera deras registratoradresser (kommuntal recipients import).");

        var plain = new StringBuilder();
        foreach (var p in intro) plain.Append(p).Append("\n\n");
        foreach (var l in c.Lines)
        {
            plain.Append("- ").Append(l.RecipientName).Append(" <").Append(l.Address).Append(">: ").Append(StatusText(l.Status));
            if (l.SentAt is { } at) plain.Append(' ').Append(Time(at));
            if (l.ProviderStatus is { Length: > 0 } ps) plain.Append(" (").Append(ps).Append(')');
            if (l.Error is { Length: > 0 } err && l.Status == NotificationStatus.Failed) plain.Append(" – ").Append(err);
            plain.Append('\n');
        }

        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"sv\"><head><meta charset=\"utf-8\"><title>").Append(E(subject)).Append("</title></head><body>");
        foreach (var p in intro) html.Append("<p>").Append(E(p)).Append("</p>");
        html.Append("<table><thead><tr><th>Mottagare</th><th>Adress</th><th>Status</th><th>Skickat</th><th>Anmärkning</th></tr></thead><tbody>");
        foreach (var l in c.Lines)
            html.Append("<tr><td>").Append(E(l.RecipientName)).Append("</td><td>").Append(E(l.Address)).Append("</td><td>").Append(E(StatusText(l.Status)))
                .Append("</td><td>").Append(l.SentAt is { } at ? E(Time(at)) : "").Append("</td><td>")
                .Append(E(l.Status == NotificationStatus.Failed ? l.Error ?? "" : l.ProviderStatus ?? "")).Append("</td></tr>");
        html.Append("</tbody></table></body></html>");
        return new EmailContent(subject, plain.ToString(), html.ToString());
    }

    public static EmailContent DeliveryFailure(DeliveryFailureContent c)
    {
        var (publication, title) = (c.Publication, c.Publication.Title);
        return Paragraphs($"Leverans misslyckades: {title} (version {publication.Version}) till {c.RecipientName}",
            $"Meddelandet om \"{title}\" (version {publication.Version}) till {c.RecipientName} <{c.Address}> kunde inte levereras"
            + (c.SentAt is { } at ? $" (skickat {Time(at)})" : "") + ".",
            $"Leverantörens status: {c.ProviderStatus ?? "okänd"}" + (c.Error is { Length: > 0 } e ? $"; fel: {e}" : "") + ".",
            $"Meddelandets id (Operation-Id): {c.MessageId}. Kontrollera adressen och skicka beslutet till kommunen på annat sätt.");
    }

    public static EmailContent DecisionReminder(DecisionReminderContent c)
    {
        var title = DecisionDocumentBuilder.TitleOf(DocumentKind.Decision, c.Year, c.County.Name);
        var what = c.NeedsNewDecision ? "ett nytt beslut efter ändrat länstal" : "beslut";
        var subject = $"Påminnelse: {title} ska fattas senast {SwedishFormat.Date(c.Deadline)}";
        var where = c.Status switch
        {
            CountyYearStatus.None => "Inget förslag har beräknats ännu.",
            _ when c.LatestProposal is { } n && c.ConsultationDeadline is { } d => $"Förslag {n} har skickats på samråd med sista svarsdag den {SwedishFormat.Date(d)}.",
            _ when c.LatestProposal is { } n => $"Förslag {n} finns men har inte skickats på samråd.",
            _ => "Inget förslag har beräknats för det gällande länstalet.",
        };
        return Paragraphs(subject,
            $"Länsstyrelsen ska fatta {what} om fördelningen av anvisningar år {c.Year} till kommunerna i {c.County.Name} senast den {SwedishFormat.Date(c.Deadline)}."
            + (c.Lanstal is { } l ? $" Länstalet är {SwedishFormat.Number(l)}." : ""),
            $"Enligt Kommuntal är beslutet ännu inte fattat. {where}",
            $"Beslutet fattas i Kommuntal (POST /api/countyyears/{c.Year}/{c.County.Code}/decisions eller kommandot kommuntal decide --year {c.Year} --county {c.County.Code}) och publiceras sedan till kommunerna. Denna påminnelse skickas en gång per län och år.");
    }

    /// <summary>A message of plain paragraphs, as text and as HTML.</summary>
    private static EmailContent Paragraphs(string subject, params string[] paragraphs)
    {
        var plain = string.Concat(paragraphs.Select(p => p + "\n\n"));
        var html = "<!DOCTYPE html><html lang=\"sv\"><head><meta charset=\"utf-8\"><title>" + E(subject) + "</title></head><body>"
                   + string.Concat(paragraphs.Select(p => "<p>" + E(p) + "</p>")) + "</body></html>";
        return new EmailContent(subject, plain, html);
    }

    public static string StatusText(NotificationStatus status) => status switch
    {
        NotificationStatus.Pending => "väntar",
        NotificationStatus.Sending => "skickas",
        NotificationStatus.Sent => "skickat",
        NotificationStatus.Delivered => "levererat",
        NotificationStatus.Failed => "misslyckades",
        _ => status.ToString(),
    };

    private static string Time(DateTimeOffset at) => SwedishFormat.SwedishTime(at).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    private static string E(string s) => HtmlText.Escape(s);
}
