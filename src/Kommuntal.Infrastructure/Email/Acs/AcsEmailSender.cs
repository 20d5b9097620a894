using Microsoft.Extensions.Logging;

namespace Kommuntal.Infrastructure.Email.Acs;

/// <summary>
/// The production sender: Azure Communication Services Email over REST (<see cref="AcsEmailClient"/>).
/// The message's deterministic id is the Operation-Id, so sending it again (after a crash between the
/// send and the ledger write) does not queue a second e-mail. Accepted messages are Running until the
/// delivery-status poller reads Succeeded or Failed.
/// </summary>
public sealed class AcsEmailSender(AcsEmailClient client, ILogger<AcsEmailSender> logger) : IEmailSender, IDeliveryStatusSource
{
    public string Name => "acs";

    public async Task<SendOutcome> SendAsync(OutgoingEmail email, CancellationToken cancellationToken)
    {
        var message = new AcsEmailMessage(
            email.From.Address,
            new AcsRecipients(email.To.Select(t => new AcsAddress(t.Address, t.DisplayName)).ToList()),
            new AcsContent(email.Subject, email.PlainText, email.Html))
        {
            Attachments = email.Attachments.Count == 0 ? null
                : email.Attachments.Select(a => new AcsAttachment(a.FileName, a.ContentType, Convert.ToBase64String(a.Content))).ToList(),
            ReplyTo = email.ReplyTo is { } r ? [new AcsAddress(r.Address, r.DisplayName)] : null,
            UserEngagementTrackingDisabled = true, // official decisions: no tracking pixels or rewritten links
            Headers = string.IsNullOrWhiteSpace(email.CorrelationId)
                ? new Dictionary<string, string> { ["X-Kommuntal-Operation-Id"] = email.OperationId }
                : new Dictionary<string, string> { ["X-Kommuntal-Operation-Id"] = email.OperationId, ["X-Kommuntal-Correlation-Id"] = email.CorrelationId },
        };
        try
        {
            var status = await client.SendAsync(message, email.OperationId, cancellationToken);
            logger.LogInformation("ACS accepted {OperationId}: {Status}", email.OperationId, status.Status);
            if (status.Status is AcsStatus.Failed or AcsStatus.Canceled)
                throw new EmailSendException($"ACS reports the message {status.Status}: {status.Error?.Code} {status.Error?.Message}".TrimEnd(), permanent: true);
            return new SendOutcome(status.Status, Final: status.IsFinal) { RetryAfter = status.RetryAfter };
        }
        catch (ArgumentException ex)
        {
            throw new EmailSendException(ex.Message, permanent: true, ex);
        }
        catch (AcsRequestException ex) when (ex.Status is 401 or 403)
        {
            logger.LogError("ACS refused the credentials for {OperationId}: {Message}", email.OperationId, ex.Message);
            throw new EmailSendException(ex.Message, permanent: false, ex);
        }
        catch (AcsRequestException ex)
        {
            // 400 (bad request), 413 (too large), 422: the same message will be refused again.
            throw new EmailSendException(ex.Message, permanent: ex.Status is 400 or 413 or 422, ex);
        }
        catch (RequestFailedException ex)
        {
            throw new EmailSendException($"ACS could not be reached: {ex.Message.Split('\n')[0]}", permanent: false, ex);
        }
        catch (TimeoutException ex)
        {
            throw new EmailSendException(ex.Message, permanent: false, ex);
        }
    }

    public async Task<DeliveryStatus> GetStatusAsync(string operationId, CancellationToken cancellationToken)
    {
        AcsOperationStatus status;
        try
        {
            status = await client.GetStatusAsync(operationId, cancellationToken);
        }
        catch (AcsRequestException ex)
        {
            throw new DeliveryStatusUnavailableException(ex.Message, rateLimited: ex.Status == 429, ex.RetryAfter, ex);
        }
        catch (Exception ex) when (ex is RequestFailedException or TimeoutException)
        {
            throw new DeliveryStatusUnavailableException($"ACS could not be reached: {ex.Message.Split('\n')[0]}", rateLimited: false, null, ex);
        }
        var state = status.Status switch
        {
            AcsStatus.Succeeded => DeliveryState.Delivered,
            AcsStatus.Failed or AcsStatus.Canceled => DeliveryState.Failed,
            _ => DeliveryState.InProgress,
        };
        var error = status.Error is { } e ? $"{e.Code}: {e.Message}" : null;
        return new DeliveryStatus(state, status.Status, error, status.RetryAfter);
    }
}
