using Kommuntal.Core.Allocation;
using Kommuntal.Core.Documents;
using Kommuntal.Core.Lifecycle;
using Kommuntal.Core.Text;

namespace Kommuntal.Core.Notifications;

/// <summary>What an outbox message is written from: the message, its county-year as stored, and what shapes the text.</summary>
/// <param name="PublicUrl">The public URL of a stored path (the documents).</param>
/// <param name="SenderName">The sender the messages go through ("acs", "smtp", "local-outbox"), named in the coordinator's summary.</param>
public sealed record MessageFacts(OutboxMessage Message, CountyYearSnapshot Snapshot, BoardContact Contact, Func<string, string> PublicUrl, string SenderName)
{
    /// <summary>The size in bytes of the document a municipality's message is about (<see cref="MessageComposer.DocumentPath"/>).</summary>
    public long DocumentSize { get; init; }
    /// <summary>The largest attachment a message carries, base64 included; a larger document is only linked.</summary>
    public long MaxAttachmentBytes { get; init; }
    /// <summary>For the monthly fulfilment message: the county's figures for the row's period and the threshold (issue 19).</summary>
    public (Fulfilment.CountyFulfilment County, int ThresholdPercent)? Fulfilment { get; init; }
    /// <summary>The public site's start (<c>https://host/api/public</c>): a municipality's message links its own page there.</summary>
    public required string PublicSiteUrl { get; init; }

    /// <summary>The municipality's page on the public site: its kommuntal for every year, every decision and its explanation.</summary>
    public string MunicipalityPageUrl(Municipality municipality) => $"{PublicSiteUrl.TrimEnd('/')}/{MunicipalityPagePath}/{municipality.Slug}";

    /// <summary>The public site's folder of municipality pages (Kommuntal.Web Routes.Public.Municipality; a test keeps them equal).</summary>
    public const string MunicipalityPagePath = "kommuner";
}

/// <summary>A written message: its text and, when the document goes with it, the attachment's file name.</summary>
public sealed record ComposedMessage(EmailContent Text, string? AttachmentName);

/// <summary>
/// Writes an outbox message from the stored facts, by its <see cref="MessageType"/>: the message to a
/// municipality (<see cref="NotificationTextBuilder"/>) and the coordinator's summary, failure report
/// and reminder (<see cref="CoordinatorReportBuilder"/>). Every Swedish sentence is in those two. Pure.
/// </summary>
public static class MessageComposer
{
    /// <summary>
    /// The stored PDF a message to a municipality attaches or links (its bytes are read before
    /// <see cref="Compose"/>); null for the coordinator's messages, which attach nothing.
    /// </summary>
    /// <exception cref="UncomposableMessageException">The municipality is unknown (never sent).</exception>
    /// <exception cref="InvalidOperationException">The document is not (yet) recorded (tried again later).</exception>
    public static string? DocumentPath(OutboxMessage message, CountyYearSnapshot snapshot, ReferenceData reference)
    {
        if (!message.Type.IsMunicipal()) return null;
        _ = Municipality(message, reference);
        return Publication.Of(snapshot, reference.County(snapshot.State.CountyCode), message).Document.Path;
    }

    public static ComposedMessage Compose(MessageFacts facts, ReferenceData reference)
    {
        var county = reference.County(facts.Snapshot.State.CountyCode);
        return facts.Message.Type switch
        {
            MessageType.MunicipalDecision or MessageType.MunicipalProposal => ToMunicipality(facts, county, reference),
            MessageType.CoordinatorSummary => new(Summary(facts, county, reference), null),
            MessageType.FailureReport => new(FailureReport(facts, county), null),
            MessageType.Reminder => new(Reminder(facts, county), null),
            MessageType.FulfilmentBehind when facts.Fulfilment is { } f => new(FulfilmentMessageBuilder.Behind(f.County, facts.Snapshot.State.Year,
                FulfilmentMessageBuilder.FromKey(facts.Message.Period ?? "year"), f.ThresholdPercent), null),
            MessageType.FulfilmentBehind => throw new UncomposableMessageException($"The statistics of outbox message {facts.Message.Id} are not stored."),
            var other => throw new InvalidOperationException($"Outbox message {facts.Message.Id} has an unknown type {other}."),
        };
    }

    private static Municipality Municipality(OutboxMessage message, ReferenceData reference) =>
        reference.FindMunicipality(message.RecipientKey)
        ?? throw new UncomposableMessageException($"Unknown municipality {message.RecipientKey} in outbox message {message.Id}.");

    private static ComposedMessage ToMunicipality(MessageFacts facts, County county, ReferenceData reference)
    {
        var (message, snapshot) = (facts.Message, facts.Snapshot);
        var municipality = Municipality(message, reference);
        var publication = Publication.Of(snapshot, county, message);
        int kommuntal;
        DateOnly? decisionDate = null, deadline = null;
        string? decidedBy = null, consultationSummary = null, unaccompanied = null;
        if (message.Kind == DocumentKind.Proposal)
        {
            var draft = snapshot.Draft(message.SourceVersion)!;
            deadline = draft.Consultation!.Deadline;
            kommuntal = draft.Result.Municipalities.First(m => m.Code == municipality.Code).Kommuntal;
            unaccompanied = draft.Shares is { } proposed ? UnaccompaniedText.EmailParagraph(proposed, proposal: true) : null;
        }
        else
        {
            var decision = snapshot.Decisions.First(d => d.Version == message.SourceVersion);
            kommuntal = decision.Numbers.First(n => n.MunicipalityCode == municipality.Code).Kommuntal;
            decisionDate = decision.DecisionDate;
            decidedBy = decision.DecidedBy;
            consultationSummary = decision.Texts.ConsultationSummary;
            unaccompanied = decision.Shares is { } shares ? UnaccompaniedText.EmailParagraph(shares) : null;
        }
        var attach = (facts.DocumentSize + 2) / 3 * 4 < facts.MaxAttachmentBytes;
        var wishes = consultationSummary is { Length: > 0 } given
            ? given
            : NotificationTextBuilder.WishesSentence(publication.Deviations, county.Name, code => reference.FindMunicipality(code)?.Name ?? code);
        var text = NotificationTextBuilder.Build(new NotificationContent
        {
            Kind = message.Kind,
            County = county,
            Year = snapshot.State.Year,
            Lanstal = publication.Lanstal,
            Municipality = municipality,
            Kommuntal = kommuntal,
            DecisionVersion = message.SourceVersion,
            DecisionDate = decisionDate,
            DecidedBy = decidedBy,
            ConsultationDeadline = deadline,
            DocumentUrl = facts.PublicUrl(publication.Document.Path),
            PublicPageUrl = facts.MunicipalityPageUrl(municipality),
            DocumentSha256 = publication.Document.Sha256,
            DocumentAttached = attach,
            WishesSummary = wishes,
            // The shares for unaccompanied children in one paragraph, as the boards' e-mails say it; nothing when the decision has none on record.
            UnaccompaniedSummary = unaccompanied,
            Contact = facts.Contact,
        });
        return new ComposedMessage(text, attach ? PublicationPaths.DownloadFileName(snapshot.State.Year, county, message.Kind, message.SourceVersion) : null);
    }

    private static EmailContent Summary(MessageFacts facts, County county, ReferenceData reference)
    {
        var (message, snapshot) = (facts.Message, facts.Snapshot);
        var ofPublication = snapshot.Outbox.Where(o => o.Kind == message.Kind && o.SourceVersion == message.SourceVersion).ToList();
        var lines = ofPublication
            .Where(o => o.Type.IsMunicipal())
            .OrderBy(o => o.RecipientName, StringComparer.Create(SwedishFormat.Culture, false))
            .Select(o => new DispatchLine(o.RecipientName, o.RecipientEmail, o.Status, o.ProviderStatus, o.SentAt, o.LastError))
            .ToList();
        var notified = ofPublication.Select(o => o.RecipientKey).ToHashSet(StringComparer.Ordinal);
        var publication = Publication.Of(snapshot, county, message);
        return CoordinatorReportBuilder.Summary(new CoordinatorSummaryContent(
            new PublicationRef(message.Kind, county, snapshot.State.Year, message.SourceVersion), publication.Lanstal,
            facts.PublicUrl(publication.Document.Path), publication.Document.Sha256, facts.SenderName, lines,
            reference.MunicipalitiesIn(county.Code).Where(m => !notified.Contains(m.Code)).ToList()));
    }

    private static EmailContent FailureReport(MessageFacts facts, County county)
    {
        var (message, snapshot) = (facts.Message, facts.Snapshot);
        var failed = FailedMessage(snapshot, message);
        return CoordinatorReportBuilder.DeliveryFailure(new DeliveryFailureContent(
            new PublicationRef(message.Kind, county, snapshot.State.Year, message.SourceVersion),
            failed.Id, failed.RecipientName, failed.RecipientEmail, failed.ProviderStatus, failed.LastError, failed.SentAt));
    }

    /// <summary>The message a failure report is about; a re-sent report points at the report it repeats, which points at it.</summary>
    private static OutboxMessage FailedMessage(CountyYearSnapshot snapshot, OutboxMessage report)
    {
        var current = report;
        for (var depth = 0; depth < 100; depth++)
        {
            var id = current.RelatesTo;
            current = snapshot.Outbox.FirstOrDefault(o => o.Id == id)
                ?? throw new InvalidOperationException($"Outbox message {id} reported in {report.Id} does not exist.");
            if (current.Type != MessageType.FailureReport) return current;
        }
        throw new InvalidOperationException($"The failure report {report.Id} does not lead to the message it reports.");
    }

    private static EmailContent Reminder(MessageFacts facts, County county)
    {
        var (message, state) = (facts.Message, facts.Snapshot.State);
        var proposal = facts.Snapshot.Drafts.LastOrDefault(d => CountyYearRules.IsProposal(d) && d.Lanstal == state.Lanstal);
        return CoordinatorReportBuilder.DecisionReminder(new DecisionReminderContent(county, state.Year,
            message.Deadline ?? throw new InvalidOperationException($"The reminder {message.Id} has no deadline."), state.Status)
        {
            Lanstal = state.Lanstal > 0 ? state.Lanstal : null,
            LatestProposal = proposal?.Number,
            ConsultationDeadline = proposal?.Consultation?.Deadline,
            NeedsNewDecision = state.NeedsNewDecision,
        });
    }

    /// <summary>What a message is about: a published decision, or a proposal sent for consultation; its document, länstal and the deviations it applied.</summary>
    private sealed record Publication(PublishedDocument Document, int Lanstal, IReadOnlyList<Deviation> Deviations)
    {
        public static Publication Of(CountyYearSnapshot snapshot, County county, OutboxMessage message)
        {
            if (message.Kind == DocumentKind.Proposal)
            {
                var draft = snapshot.Draft(message.SourceVersion) is { Consultation: not null } d ? d
                    : throw new InvalidOperationException($"Proposal {message.SourceVersion} of {county.Name} {snapshot.State.Year} was not sent for consultation.");
                return new(draft.Consultation!.Document, draft.Lanstal, draft.Deviations);
            }
            var decision = snapshot.Decisions.FirstOrDefault(d => d.Version == message.SourceVersion && d.Document is not null)
                ?? throw new InvalidOperationException($"Decision v{message.SourceVersion} of {county.Name} {snapshot.State.Year} has no published document.");
            return new(decision.Document!, decision.Lanstal, snapshot.Draft(decision.DraftNumber)?.Deviations ?? []);
        }
    }
}
