using Kommuntal.Application.Options;
using Kommuntal.Application.Ports;
using Kommuntal.Core.Documents;
using Kommuntal.Core.Lifecycle;
using Kommuntal.Core.Notifications;
using Kommuntal.Core.Reference;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kommuntal.Application.Services;

/// <summary>What one dispatch pass did.</summary>
public sealed record DispatchReport(int Sent, int Retrying, int Failed, int Skipped);

/// <summary>
/// Sends the notifications waiting in the outbox. Each message is first claimed (a conditional
/// update, so two dispatchers never both send it), then sent with its deterministic Operation-Id,
/// then marked sent in the ledger. Failures are retried with backoff and, after the configured
/// number of attempts, marked failed and put on the audit trail: never dropped.
/// </summary>
public sealed class NotificationDispatcher(
    ReferenceData reference,
    ICountyYearStore store,
    IDocumentStore documents,
    IEmailSender sender,
    TimeProvider clock,
    IOptions<KommuntalOptions> options,
    ILogger<NotificationDispatcher> logger)
{
    public static readonly TimeSpan ClaimDuration = TimeSpan.FromMinutes(10);

    public async Task<DispatchReport> DispatchAsync(CancellationToken cancellationToken)
    {
        var opts = options.Value;
        var now = clock.GetUtcNow();
        var pending = (await store.FindPendingOutboxAsync(cancellationToken))
            .Where(p => p.Message.NextAttemptAt is null || p.Message.NextAttemptAt <= now) // waiting for a retry, or claimed by another dispatcher
            .ToList();
        int sent = 0, retrying = 0, failed = 0, skipped = 0;
        var pdfCache = new Dictionary<string, byte[]?>(StringComparer.Ordinal);
        foreach (var group in pending.GroupBy(p => (p.Year, p.CountyCode)))
        {
            var snapshot = await store.LoadAsync(group.Key.Year, group.Key.CountyCode, cancellationToken);
            var county = reference.County(group.Key.CountyCode);
            foreach (var (year, countyCode, message) in group)
            {
                cancellationToken.ThrowIfCancellationRequested();
                OutboxMessage claimed;
                try
                {
                    claimed = await store.UpdateOutboxAsync(year, countyCode,
                        message with { Status = NotificationStatus.Sending, NextAttemptAt = clock.GetUtcNow() + ClaimDuration }, cancellationToken);
                }
                catch (ConcurrencyConflictException)
                {
                    skipped++; // another dispatcher claimed it first
                    continue;
                }
                try
                {
                    var email = await ComposeAsync(snapshot, county, claimed, pdfCache, opts, cancellationToken);
                    var outcome = await sender.SendAsync(email, cancellationToken);
                    await store.UpdateOutboxAsync(year, countyCode, claimed with
                    {
                        Status = NotificationStatus.Sent,
                        Attempts = claimed.Attempts + 1,
                        SentAt = clock.GetUtcNow(),
                        NextAttemptAt = null,
                        ProviderStatus = outcome.ProviderStatus,
                        LastError = null,
                    }, cancellationToken);
                    await store.AppendAuditAsync(year, countyCode, new AuditEntry(clock.GetUtcNow(), "dispatcher", "notification.sent",
                        $"Meddelande {claimed.Id} till {claimed.RecipientName} <{claimed.RecipientEmail}> skickat via {sender.Name} ({outcome.ProviderStatus})"), cancellationToken);
                    sent++;
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    var attempts = claimed.Attempts + 1;
                    var final = attempts >= opts.Notifications.MaxAttempts;
                    logger.LogWarning(ex, "Sending {Id} to {Recipient} failed (attempt {Attempt} of {Max})", claimed.Id, claimed.RecipientEmail, attempts, opts.Notifications.MaxAttempts);
                    await store.UpdateOutboxAsync(year, countyCode, claimed with
                    {
                        Status = final ? NotificationStatus.Failed : NotificationStatus.Pending,
                        Attempts = attempts,
                        NextAttemptAt = final ? null : clock.GetUtcNow() + Backoff(attempts),
                        LastError = ex.Message,
                    }, cancellationToken);
                    if (final)
                    {
                        failed++;
                        await store.AppendAuditAsync(year, countyCode, new AuditEntry(clock.GetUtcNow(), "dispatcher", "notification.failed",
                            $"Meddelande {claimed.Id} till {claimed.RecipientEmail} kunde inte skickas efter {attempts} försök: {ex.Message}"), cancellationToken);
                    }
                    else retrying++;
                }
            }
        }
        return new DispatchReport(sent, retrying, failed, skipped);
    }

    /// <summary>1, 2, 4, 8... minutes, at most 6 hours.</summary>
    public static TimeSpan Backoff(int attempts) => TimeSpan.FromMinutes(Math.Min(360, Math.Pow(2, Math.Max(0, attempts - 1))));

    private async Task<OutgoingEmail> ComposeAsync(CountyYearSnapshot snapshot, County county, OutboxMessage message,
        Dictionary<string, byte[]?> pdfCache, KommuntalOptions opts, CancellationToken cancellationToken)
    {
        var municipality = reference.FindMunicipality(message.RecipientKey)
            ?? throw new InvalidOperationException($"Unknown municipality {message.RecipientKey} in outbox message {message.Id}.");
        // What the message is about: a published decision, or a proposal sent for consultation.
        PublishedDocument document;
        int lanstal, kommuntal;
        DateOnly? decisionDate = null, deadline = null;
        string? decidedBy = null;
        if (message.Kind == DocumentKind.Proposal)
        {
            var draft = snapshot.Draft(message.SourceVersion) is { Consultation: not null } d ? d
                : throw new InvalidOperationException($"Proposal {message.SourceVersion} of {county.Name} {snapshot.State.Year} was not sent for consultation.");
            document = draft.Consultation!.Document;
            deadline = draft.Consultation.Deadline;
            lanstal = draft.Lanstal;
            kommuntal = draft.Result.Municipalities.First(m => m.Code == municipality.Code).Kommuntal;
        }
        else
        {
            var decision = snapshot.Decisions.FirstOrDefault(d => d.Version == message.SourceVersion && d.Document is not null)
                ?? throw new InvalidOperationException($"Decision v{message.SourceVersion} of {county.Name} {snapshot.State.Year} has no published document.");
            document = decision.Document!;
            lanstal = decision.Lanstal;
            kommuntal = decision.Numbers.First(n => n.MunicipalityCode == municipality.Code).Kommuntal;
            decisionDate = decision.DecisionDate;
            decidedBy = decision.DecidedBy;
        }
        var path = document.Path;
        if (!pdfCache.TryGetValue(path, out var pdf))
            pdfCache[path] = pdf = await documents.ReadAsync(path, cancellationToken);
        if (pdf is null) throw new InvalidOperationException($"The published document {path} is missing from Blob Storage.");
        var attach = (pdf.Length + 2) / 3 * 4 < opts.Notifications.MaxAttachmentBytes;
        var text = NotificationTextBuilder.Build(new NotificationContent
        {
            Kind = message.Kind,
            County = county,
            Year = snapshot.State.Year,
            Lanstal = lanstal,
            Municipality = municipality,
            Kommuntal = kommuntal,
            DecisionVersion = message.SourceVersion,
            DecisionDate = decisionDate,
            DecidedBy = decidedBy,
            ConsultationDeadline = deadline,
            DocumentUrl = documents.PublicUrl(path),
            PublicPageUrl = documents.PublicUrl(PublicationPaths.IndexPage),
            DocumentSha256 = document.Sha256,
            DocumentAttached = attach,
            Contact = opts.ContactFor(county.Code),
        });
        var from = new EmailAddress(opts.Notifications.SenderAddress, county.BoardName);
        IReadOnlyList<EmailAttachment> attachments = attach
            ? [new EmailAttachment(PublicationPaths.DownloadFileName(snapshot.State.Year, county, message.Kind, message.SourceVersion), "application/pdf", pdf)]
            : [];
        return new OutgoingEmail(message.Id, from, [new EmailAddress(message.RecipientEmail, message.RecipientName)],
            text.Subject, text.PlainText, text.Html, attachments);
    }
}
