using Kommuntal.Application.Ports;
using MimeKit;

namespace Kommuntal.Infrastructure.Email;

/// <summary>Builds the MIME form of a message (used by the .eml outbox and the SMTP sender).</summary>
public static class MimeMessageFactory
{
    public static MimeMessage Create(OutgoingEmail email, string messageIdDomain)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(email.From.DisplayName, email.From.Address));
        foreach (var to in email.To) message.To.Add(new MailboxAddress(to.DisplayName, to.Address));
        message.Subject = email.Subject;
        // Deterministic Message-Id: a re-sent message can be recognised as the same one by the receiver.
        message.MessageId = $"{email.OperationId}@{messageIdDomain}";
        message.Headers.Add("X-Kommuntal-Operation-Id", email.OperationId);
        var body = new BodyBuilder { TextBody = email.PlainText, HtmlBody = email.Html };
        foreach (var a in email.Attachments)
            body.Attachments.Add(a.FileName, a.Content, ContentType.Parse(a.ContentType));
        message.Body = body.ToMessageBody();
        return message;
    }
}
