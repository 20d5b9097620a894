using Kommuntal.Core.Notifications;
using MimeKit;

namespace Kommuntal.Infrastructure.Email;

/// <summary>Builds the MIME form of a message (used by the .eml outbox and the SMTP sender).</summary>
public static class MimeMessageFactory
{
    /// <exception cref="EmailSendException">An address or header text is not acceptable (permanent: not sent).</exception>
    public static MimeMessage Create(OutgoingEmail email, string messageIdDomain)
    {
        var problems = EmailRules.HeaderProblems(email.From.Address, email.From.DisplayName,
            email.To.Concat(email.ReplyTo is { } r ? [r] : []).Select(t => (t.Address, (string?)t.DisplayName)), email.Subject);
        if (problems.Count > 0) throw new EmailSendException("The message is not sent: " + string.Join("; ", problems), permanent: true);
        var message = new MimeMessage();
        message.From.Add(Mailbox(email.From));
        foreach (var to in email.To) message.To.Add(Mailbox(to));
        if (email.ReplyTo is { } replyTo) message.ReplyTo.Add(Mailbox(replyTo));
        message.Subject = email.Subject;
        // Deterministic Message-Id: a re-sent message can be recognised as the same one by the receiver.
        message.MessageId = $"{email.OperationId}@{messageIdDomain}";
        message.Headers.Add("X-Kommuntal-Operation-Id", email.OperationId);
        if (!string.IsNullOrWhiteSpace(email.CorrelationId)) message.Headers.Add("X-Kommuntal-Correlation-Id", email.CorrelationId);
        var body = new BodyBuilder { TextBody = email.PlainText, HtmlBody = email.Html };
        foreach (var a in email.Attachments)
            body.Attachments.Add(a.FileName, a.Content, ContentType.Parse(a.ContentType));
        message.Body = body.ToMessageBody();
        return message;
    }

    private static MailboxAddress Mailbox(EmailAddress a)
    {
        // Parse strictly as well: the address must be exactly one plain mailbox.
        if (!MailboxAddress.TryParse(ParserOptions.Default, a.Address, out var parsed) || parsed.Address != a.Address)
            throw new EmailSendException($"'{EmailRules.Printable(a.Address)}' is not a single valid mailbox.", permanent: true);
        return new MailboxAddress(a.DisplayName, a.Address);
    }
}
