using System.Net.Security;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;

namespace Kommuntal.Infrastructure.Email;

/// <summary>
/// Sends through an SMTP relay with MailKit: Azure Communication Services' relay
/// (smtp.azurecomm.net:587, STARTTLS, an Entra app's credentials) or any other. One connection per
/// message (the dispatcher sends a few hundred a year), with timeouts and cancellation. SMTP cannot
/// deduplicate by id; the Message-Id header is deterministic so a repeat is recognisable, and the
/// dispatcher's ledger prevents repeats. A 5xx reply for the recipient or the message is permanent.
/// </summary>
public sealed class SmtpEmailSender(SmtpEmailOptions options, ILogger<SmtpEmailSender> logger,
    RemoteCertificateValidationCallback? certificateValidation = null) : IEmailSender
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public string Name => "smtp";

    public async Task<SendOutcome> SendAsync(OutgoingEmail email, CancellationToken cancellationToken)
    {
        // Checked at start-up (EmailConfiguration); again here, for a sender built another way.
        if (options.PlainTextProblem() is { } plain) throw new EmailSendException(plain, permanent: false);
        var message = MimeMessageFactory.Create(email, Domain(email.From.Address));
        using var client = new SmtpClient { Timeout = (int)Timeout.TotalMilliseconds };
        if (certificateValidation is not null) client.ServerCertificateValidationCallback = certificateValidation;
        var security = options.Port == 465 ? SecureSocketOptions.SslOnConnect
            : options.StartTls ? SecureSocketOptions.StartTls : SecureSocketOptions.None;
        try
        {
            await client.ConnectAsync(options.Host?.Trim() ?? throw new InvalidOperationException("Email:Smtp:Host is not set."), options.Port, security, cancellationToken);
            if (!string.IsNullOrEmpty(options.UserName))
                await client.AuthenticateAsync(options.UserName, options.Password ?? "", cancellationToken);
            await client.SendAsync(message, cancellationToken);
            await client.DisconnectAsync(quit: true, cancellationToken);
            logger.LogInformation("SMTP relay {Host} accepted {OperationId}", options.Host, email.OperationId);
            return new SendOutcome("Accepted", Final: true);
        }
        catch (SmtpCommandException ex)
        {
            var permanent = (int)ex.StatusCode >= 500 && ex.ErrorCode is SmtpErrorCode.RecipientNotAccepted or SmtpErrorCode.SenderNotAccepted or SmtpErrorCode.MessageNotAccepted;
            throw new EmailSendException($"The SMTP relay refused the message ({(int)ex.StatusCode} {ex.ErrorCode}: {ex.Message})", permanent, ex);
        }
        catch (AuthenticationException ex)
        {
            logger.LogError("The SMTP relay {Host} refused the credentials of Email:Smtp:UserName", options.Host);
            throw new EmailSendException($"The SMTP relay refused the credentials (check Email:Smtp:UserName and Email:Smtp:Password): {ex.Message}", permanent: false, ex);
        }
        catch (Exception ex) when (ex is SmtpProtocolException or ServiceNotConnectedException or IOException or System.Net.Sockets.SocketException or SslHandshakeException or TimeoutException)
        {
            throw new EmailSendException($"The SMTP relay {options.Host}:{options.Port} could not be used: {ex.Message}", permanent: false, ex);
        }
    }

    private static string Domain(string address) => address[(address.LastIndexOf('@') + 1)..];
}
