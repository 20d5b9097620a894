using Kommuntal.Core.Notifications;

namespace Kommuntal.Application.Services;

/// <summary>
/// Turns an outbox row into the e-mail to hand over: reads the document a municipality's message is
/// about (once per dispatch pass, see <see cref="DocumentCache"/>), has <see cref="MessageComposer"/>
/// write the text, and adds the sender, the reply-to address and the run's correlation id. A message
/// whose headers would be unsafe is refused for good (<see cref="EmailSendException"/>, permanent).
/// </summary>
public sealed class NotificationComposer(ReferenceData reference, IDocumentStore documents, IEmailSender sender, IOptions<KommuntalOptions> options,
    FulfilmentService? fulfilment = null)
{
    /// <summary>The documents read in one dispatch pass, by path (a county's messages share one).</summary>
    public sealed class DocumentCache
    {
        internal Dictionary<string, byte[]?> Read { get; } = new(StringComparer.Ordinal);
    }

    public async Task<OutgoingEmail> ComposeAsync(CountyYearSnapshot snapshot, OutboxMessage message, DocumentCache cache, CancellationToken cancellationToken)
    {
        var opts = options.Value;
        var county = reference.County(snapshot.State.CountyCode);
        var contact = opts.ContactFor(county.Code);
        byte[]? pdf = null;
        if (MessageComposer.DocumentPath(message, snapshot, reference) is { } path)
        {
            if (!cache.Read.TryGetValue(path, out pdf))
                cache.Read[path] = pdf = await documents.ReadAsync(path, cancellationToken);
            if (pdf is null) throw new InvalidOperationException($"The published document {path} is missing from Blob Storage.");
        }
        var composed = MessageComposer.Compose(new MessageFacts(message, snapshot, contact, documents.PublicUrl, sender.Name)
        {
            DocumentSize = pdf?.Length ?? 0,
            MaxAttachmentBytes = opts.Notifications.MaxAttachmentBytes,
            PublicSiteUrl = opts.PublicSiteUrl,
            Fulfilment = message.Type == MessageType.FulfilmentBehind && fulfilment is not null
                ? await fulfilment.ForMessageAsync(snapshot.State.Year, county.Code, message.Period, cancellationToken)
                : null,
        }, reference);
        var from = new EmailAddress(opts.Notifications.SenderAddress, county.BoardName);
        var to = new[] { new EmailAddress(message.RecipientEmail, message.RecipientName) };
        if (EmailRules.HeaderProblems(from.Address, from.DisplayName, to.Select(t => (t.Address, (string?)t.DisplayName)), composed.Text.Subject)
            is { Count: > 0 } problems)
            throw new EmailSendException("Meddelandet skickas inte: " + string.Join("; ", problems), permanent: true);
        IReadOnlyList<EmailAttachment> attachments = composed.AttachmentName is { } name && pdf is not null
            ? [new EmailAttachment(name, "application/pdf", pdf)]
            : [];
        // Replies to a municipality's message go to the board's contact; the coordinator's messages need none.
        var replyTo = message.Type.IsMunicipal() && EmailRules.IsValidAddress(contact.Email) ? new EmailAddress(contact.Email.Trim(), contact.Name) : null;
        return new OutgoingEmail(message.Id, from, to, composed.Text.Subject, composed.Text.PlainText, composed.Text.Html, attachments)
        {
            ReplyTo = replyTo,
            CorrelationId = Correlation.Current,
        };
    }
}
