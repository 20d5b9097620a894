using Kommuntal.Application.Options;
using Kommuntal.Application.Ports;
using Kommuntal.Core.Allocation;
using Kommuntal.Core.Documents;
using Kommuntal.Core.Lifecycle;
using Kommuntal.Core.Notifications;
using Kommuntal.Core.Reference;
using Kommuntal.Core.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kommuntal.Application.Services;

/// <summary>What one dispatch pass did. The four positional counts are the municipalities' messages.</summary>
public sealed record DispatchReport(int Sent, int Retrying, int Failed, int Skipped)
{
    /// <summary>Messages to the coordinator (publication summaries, failure reports) sent in this pass.</summary>
    public int CoordinatorSent { get; init; }
    /// <summary>Publication summaries queued for the coordinator in this pass.</summary>
    public int SummariesQueued { get; init; }

    public DispatchReport Plus(DispatchReport o) => new(Sent + o.Sent, Retrying + o.Retrying, Failed + o.Failed, Skipped + o.Skipped)
    {
        CoordinatorSent = CoordinatorSent + o.CoordinatorSent,
        SummariesQueued = SummariesQueued + o.SummariesQueued,
    };
}

/// <summary>
/// Sends the notifications waiting in the outbox (the sent-ledger rows written with the
/// publication). Each message is first claimed (an ETag-conditional update, so two dispatchers
/// never both send it), then sent with its deterministic Operation-Id, then marked sent in the
/// ledger; the ledger write that records one message also claims the next one of the same
/// county-year (one transaction), so a county's n messages take n + 1 writes, and a dispatcher
/// that stops holds at most one claim. A crash between the send and the ledger write leaves the claim to expire; the message
/// is sent again with the same Operation-Id, which the provider (ACS) and the local outbox
/// recognise, so the effect is still one message. Invalid recipients are failed without sending.
/// Failures are retried with backoff by the schedule and, after the configured number of
/// attempts, marked failed, put on the audit trail and listed in the coordinator's summary:
/// never dropped. Once every message of a publication has been sent or has failed, one summary
/// goes to the coordinator (itself an outbox row with a deterministic id, so it too goes out once).
/// </summary>
public sealed class NotificationDispatcher(
    ReferenceData reference,
    ICountyYearStore store,
    INotificationLedger ledger,
    IDocumentStore documents,
    IEmailSender sender,
    TimeProvider clock,
    IOptions<KommuntalOptions> options,
    ILogger<NotificationDispatcher> logger)
{
    /// <summary><see cref="OutboxMessage.RecipientKey"/> of the messages to the board's own coordinator.</summary>
    public const string CoordinatorKey = "coordinator";

    /// <summary>How the board's coordinator is addressed in the messages to them.</summary>
    public static string CoordinatorName(County county) => $"Samordnare, {county.BoardName}";
    public static readonly TimeSpan ClaimDuration = TimeSpan.FromMinutes(10);
    /// <summary>Publications whose messages were queued longer ago than this get no (late) summary.</summary>
    public static readonly TimeSpan SummaryLookback = TimeSpan.FromDays(30);
    /// <summary>How long after a publication's messages completed the "no summary sent" note is still checked for.</summary>
    public static readonly TimeSpan SkipNoteWindow = TimeSpan.FromDays(1);

    public async Task<DispatchReport> DispatchAsync(CancellationToken cancellationToken)
    {
        var completed = new HashSet<PublicationKey>();
        var pdfCache = new Dictionary<string, byte[]?>(StringComparer.Ordinal);
        var report = await SendDueAsync(completed, pdfCache, cancellationToken);
        var queued = await QueueSummariesAsync(completed, cancellationToken);
        if (queued > 0) report = report.Plus(await SendDueAsync(completed, pdfCache, cancellationToken));
        return report with { SummariesQueued = queued };
    }

    private readonly record struct PublicationKey(int Year, string CountyCode, DocumentKind Kind, int Version);

    private async Task<DispatchReport> SendDueAsync(HashSet<PublicationKey> completed, Dictionary<string, byte[]?> pdfCache, CancellationToken cancellationToken)
    {
        var opts = options.Value;
        var now = clock.GetUtcNow();
        var pending = (await store.FindPendingOutboxAsync(cancellationToken))
            .Where(p => p.Message.NextAttemptAt is null || p.Message.NextAttemptAt <= now) // waiting for a retry, or claimed by another dispatcher
            .OrderBy(p => p.Message.CreatedAt).ThenBy(p => p.Message.Id, StringComparer.Ordinal)
            .ToList();
        int sent = 0, retrying = 0, failed = 0, skipped = 0, coordinator = 0;
        foreach (var group in pending.GroupBy(p => (p.Year, p.CountyCode)))
        {
            var (year, countyCode) = group.Key;
            var snapshot = await store.LoadAsync(year, countyCode, cancellationToken);
            var county = reference.County(countyCode);
            var messages = group.Select(p => p.Message).ToList();
            OutboxMessage? claimed = null;
            for (var i = 0; i < messages.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                claimed ??= await TryClaimAsync(year, countyCode, messages[i], cancellationToken);
                if (claimed is null)
                {
                    skipped++; // another dispatcher claimed it first
                    continue;
                }
                // The next message is claimed in the transaction that records this one.
                var next = i + 1 < messages.Count ? messages[i + 1] : null;
                var (outcome, nextClaimed) = await SendClaimedAsync(year, snapshot, county, claimed, next, pdfCache, opts, cancellationToken);
                if (claimed.RecipientKey == CoordinatorKey)
                {
                    if (outcome == Outcome.Sent) coordinator++;
                    else if (outcome == Outcome.Retrying) retrying++;
                }
                else
                {
                    switch (outcome)
                    {
                        case Outcome.Sent: sent++; break;
                        case Outcome.Failed: failed++; break;
                        case Outcome.Retrying: retrying++; break;
                    }
                    if (outcome is Outcome.Sent or Outcome.Failed) completed.Add(new PublicationKey(year, countyCode, claimed.Kind, claimed.SourceVersion));
                }
                if (outcome == Outcome.Lost) skipped++; // the next one is claimed on its own (it may have been claimed by the lost write)
                else if (next is not null && nextClaimed is null)
                {
                    skipped++; // another dispatcher claimed the next one first
                    i++;
                }
                claimed = nextClaimed;
            }
        }
        return new DispatchReport(sent, retrying, failed, skipped) { CoordinatorSent = coordinator };
    }

    /// <summary>
    /// What became of a claimed message. <c>Lost</c>: its ledger write lost a race (the claim expired and
    /// another dispatcher took the message, or the write went through and its answer was lost): the
    /// ledger row is left to whoever has it.
    /// </summary>
    private enum Outcome { Sent, Retrying, Failed, Lost }

    /// <summary>
    /// Sends one claimed message and records the result in the ledger (with its audit line when final),
    /// claiming <paramref name="next"/> in the same transaction; returns it claimed, or null if it was taken.
    /// </summary>
    private async Task<(Outcome Outcome, OutboxMessage? Next)> SendClaimedAsync(int year, CountyYearSnapshot snapshot, County county, OutboxMessage claimed,
        OutboxMessage? next, Dictionary<string, byte[]?> pdfCache, KommuntalOptions opts, CancellationToken cancellationToken)
    {
        var countyCode = county.Code;
        try
        {
            var email = await ComposeAsync(snapshot, county, claimed, pdfCache, opts, cancellationToken);
            if (EmailRules.HeaderProblems(email.From.Address, email.From.DisplayName, email.To.Select(t => (t.Address, (string?)t.DisplayName)), email.Subject)
                is { Count: > 0 } problems)
                throw new EmailSendException("Meddelandet skickas inte: " + string.Join("; ", problems), permanent: true);
            var outcome = await sender.SendAsync(email, cancellationToken);
            var at = clock.GetUtcNow();
            var recorded = await TryRecordAsync(year, countyCode, claimed with
            {
                Status = NotificationStatus.Sent,
                Attempts = claimed.Attempts + 1,
                SentAt = at,
                NextAttemptAt = null,
                ProviderStatus = outcome.ProviderStatus,
                LastError = null,
                Sender = sender.Name,
                NextStatusCheckAt = outcome.Final ? null : at + Max(opts.Notifications.StatusPollInterval, outcome.RetryAfter),
            }, new AuditEntry(at, "dispatcher", "notification.sent",
                $"Meddelande {claimed.Id} till {claimed.RecipientName} <{claimed.RecipientEmail}> skickat via {sender.Name} ({outcome.ProviderStatus})"), next, cancellationToken);
            return recorded.Recorded ? (Outcome.Sent, recorded.Next) : (Outcome.Lost, null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var attempts = claimed.Attempts + 1;
            var permanent = ex is EmailSendException { Permanent: true };
            var final = permanent || attempts >= opts.Notifications.MaxAttempts;
            logger.LogWarning(ex, "Sending {Id} to {Recipient} failed (attempt {Attempt} of {Max}{Permanent})", claimed.Id, claimed.RecipientEmail,
                attempts, opts.Notifications.MaxAttempts, permanent ? ", not retried" : "");
            var why = permanent ? "kunde inte skickas" : $"kunde inte skickas efter {attempts} försök";
            var recorded = await TryRecordAsync(year, countyCode, claimed with
            {
                Status = final ? NotificationStatus.Failed : NotificationStatus.Pending,
                Attempts = attempts,
                NextAttemptAt = final ? null : clock.GetUtcNow() + Backoff(attempts),
                LastError = ex.Message,
                Sender = sender.Name,
            }, final
                ? new AuditEntry(clock.GetUtcNow(), "dispatcher", "notification.failed",
                    $"Meddelande {claimed.Id} till {claimed.RecipientName} <{EmailRules.Printable(claimed.RecipientEmail)}> {why}: {ex.Message}")
                : null, next, cancellationToken);
            return recorded.Recorded ? (final ? Outcome.Failed : Outcome.Retrying, recorded.Next) : (Outcome.Lost, null);
        }
    }

    private OutboxMessage Claim(OutboxMessage message) => message with { Status = NotificationStatus.Sending, NextAttemptAt = clock.GetUtcNow() + ClaimDuration };

    /// <summary>Claims one message on its own; null if another dispatcher changed it first.</summary>
    private async Task<OutboxMessage?> TryClaimAsync(int year, string countyCode, OutboxMessage message, CancellationToken cancellationToken)
    {
        try
        {
            return await store.UpdateOutboxAsync(year, countyCode, Claim(message), cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            return null;
        }
    }

    /// <summary>
    /// Records a message's new ledger state (and audit line), with the claim of the next message when
    /// there is one (its claim time starts now, at the write). Not recorded when the message's own row was
    /// changed by someone else: the conflict is logged, not thrown, so the pass goes on.
    /// </summary>
    private async Task<(bool Recorded, OutboxMessage? Next)> TryRecordAsync(int year, string countyCode, OutboxMessage message, AuditEntry? audit,
        OutboxMessage? next, CancellationToken cancellationToken)
    {
        try
        {
            if (next is null)
            {
                await store.UpdateOutboxAsync(year, countyCode, message, cancellationToken, audit);
                return (true, null);
            }
            return (true, (await store.UpdateOutboxAsync(year, countyCode, message, audit, Claim(next), cancellationToken)).Next);
        }
        catch (ConcurrencyConflictException ex)
        {
            logger.LogWarning(ex, "The ledger row of {Id} was changed by someone else before it could be recorded as {Status}; left to its owner",
                message.Id, message.Status);
            return (false, null);
        }
    }

    /// <summary>1, 2, 4, 8... minutes, at most 6 hours.</summary>
    public static TimeSpan Backoff(int attempts) => TimeSpan.FromMinutes(Math.Min(360, Math.Pow(2, Math.Max(0, attempts - 1))));

    private static TimeSpan Max(TimeSpan a, TimeSpan? b) => b is { } x && x > a ? x : a;

    /// <summary>The deterministic id of a publication's summary to the coordinator.</summary>
    public static string SummaryId(int year, string countyCode, DocumentKind kind, int version) =>
        DeterministicId.For($"{year}-{countyCode}-{KindKey(kind)}-v{version}-coordinator-summary").ToString();

    /// <summary>The deterministic id of the coordinator's report about one failed message.</summary>
    public static string FailureReportId(string failedMessageId) => DeterministicId.For($"coordinator-failure-{failedMessageId}").ToString();

    private static string KindKey(DocumentKind kind) => kind == DocumentKind.Proposal ? "forslag" : "beslut";

    /// <summary>
    /// Queues one summary per publication whose messages have all been sent or have failed. The
    /// row is inserted create-only under a deterministic id, so a repeated or concurrent pass adds
    /// nothing. Without a configured coordinator address nothing is queued; the audit trail says so
    /// (once: when the publication's last message completed in this pass).
    /// </summary>
    private async Task<int> QueueSummariesAsync(HashSet<PublicationKey> completedNow, CancellationToken cancellationToken)
    {
        var opts = options.Value;
        var now = clock.GetUtcNow();
        var rows = await ledger.FindCreatedSinceAsync(now - SummaryLookback, cancellationToken);
        var queued = 0;
        foreach (var g in rows.GroupBy(r => new PublicationKey(r.Year, r.CountyCode, r.Message.Kind, r.Message.SourceVersion)))
        {
            var municipal = g.Where(r => r.Message.RecipientKey != CoordinatorKey).ToList();
            if (municipal.Count == 0 || municipal.Any(r => r.Message.Status is NotificationStatus.Pending or NotificationStatus.Sending)) continue;
            if (g.Any(r => r.Message.RecipientKey == CoordinatorKey && r.Message.RelatesTo is null)) continue;
            var key = g.Key;
            var county = reference.County(key.CountyCode);
            var address = opts.ContactFor(key.CountyCode).CoordinatorAddress;
            if (address is null)
            {
                // Noted once (a marker in the same transaction): in the pass that completed the publication,
                // and for a day after, in case that pass stopped before writing the note.
                if (completedNow.Contains(key) || municipal.Max(r => r.Message.SentAt ?? r.Message.CreatedAt) > now - SkipNoteWindow)
                    await store.AppendAuditOnceAsync(key.Year, key.CountyCode, $"summary-skipped-{key.Year}-{key.CountyCode}-{KindKey(key.Kind)}-v{key.Version}",
                        new AuditEntry(now, "dispatcher", "notification.summary-skipped",
                        $"Ingen sammanställning av utskicket (version {key.Version}) skickad: ingen adress till samordnaren är konfigurerad (Kommuntal:Contacts:{key.CountyCode}:CoordinatorEmail)."), cancellationToken);
                continue;
            }
            var message = new OutboxMessage
            {
                Id = SummaryId(key.Year, key.CountyCode, key.Kind, key.Version),
                Kind = key.Kind,
                SourceVersion = key.Version,
                RecipientKey = CoordinatorKey,
                RecipientEmail = address,
                RecipientName = CoordinatorName(county),
                CreatedAt = now,
            };
            if (await ledger.TryAddAsync(key.Year, key.CountyCode, message, cancellationToken))
            {
                queued++;
                logger.LogInformation("Queued the coordinator's summary {Id} for {County} {Year} v{Version}", message.Id, county.Name, key.Year, key.Version);
            }
        }
        return queued;
    }

    /// <summary>
    /// The report to the coordinator about a message that failed after it was handed over (the
    /// provider reported it failed), to be added with the ledger update that marks it failed (one
    /// transaction, so the report exists once, with a deterministic id); the next dispatch sends it.
    /// None about a report itself, and none without a coordinator address (then <c>NotReported</c> says why).
    /// </summary>
    public (OutboxMessage? Report, string? NotReported) FailureReport(string countyCode, OutboxMessage failedMessage)
    {
        if (failedMessage.RecipientKey == CoordinatorKey) return (null, null); // never report about a report
        var county = reference.County(countyCode);
        var address = options.Value.ContactFor(countyCode).CoordinatorAddress;
        if (address is null)
            return (null, $"felet rapporteras inte per e-post: ingen adress till samordnaren är konfigurerad (Kommuntal:Contacts:{countyCode}:CoordinatorEmail)");
        return (new OutboxMessage
        {
            Id = FailureReportId(failedMessage.Id),
            Kind = failedMessage.Kind,
            SourceVersion = failedMessage.SourceVersion,
            RecipientKey = CoordinatorKey,
            RecipientEmail = address,
            RecipientName = CoordinatorName(county),
            RelatesTo = failedMessage.Id,
            CreatedAt = clock.GetUtcNow(),
        }, null);
    }

    private async Task<OutgoingEmail> ComposeAsync(CountyYearSnapshot snapshot, County county, OutboxMessage message,
        Dictionary<string, byte[]?> pdfCache, KommuntalOptions opts, CancellationToken cancellationToken)
    {
        var contact = opts.ContactFor(county.Code);
        var from = new EmailAddress(opts.Notifications.SenderAddress, county.BoardName);
        var to = new[] { new EmailAddress(message.RecipientEmail, message.RecipientName) };
        var replyTo = EmailRules.IsValidAddress(contact.Email) ? new EmailAddress(contact.Email.Trim(), contact.Name) : null;
        if (message.RecipientKey == CoordinatorKey)
        {
            var report = ComposeCoordinatorReport(snapshot, county, message);
            return new OutgoingEmail(message.Id, from, to, report.Subject, report.PlainText, report.Html, []) { CorrelationId = Correlation.Current };
        }

        var municipality = reference.FindMunicipality(message.RecipientKey)
            ?? throw new EmailSendException($"Unknown municipality {message.RecipientKey} in outbox message {message.Id}.", permanent: true);
        // What the message is about: a published decision, or a proposal sent for consultation.
        var (document, lanstal, deviations) = Subject(snapshot, county, message);
        int kommuntal;
        DateOnly? decisionDate = null, deadline = null;
        string? decidedBy = null, consultationSummary = null;
        if (message.Kind == DocumentKind.Proposal)
        {
            var draft = snapshot.Draft(message.SourceVersion)!;
            deadline = draft.Consultation!.Deadline;
            kommuntal = draft.Result.Municipalities.First(m => m.Code == municipality.Code).Kommuntal;
        }
        else
        {
            var decision = snapshot.Decisions.First(d => d.Version == message.SourceVersion);
            kommuntal = decision.Numbers.First(n => n.MunicipalityCode == municipality.Code).Kommuntal;
            decisionDate = decision.DecisionDate;
            decidedBy = decision.DecidedBy;
            consultationSummary = decision.Texts.ConsultationSummary;
        }
        var path = document.Path;
        if (!pdfCache.TryGetValue(path, out var pdf))
            pdfCache[path] = pdf = await documents.ReadAsync(path, cancellationToken);
        if (pdf is null) throw new InvalidOperationException($"The published document {path} is missing from Blob Storage.");
        var attach = (pdf.Length + 2) / 3 * 4 < opts.Notifications.MaxAttachmentBytes;
        var wishes = consultationSummary is { Length: > 0 } given
            ? given
            : NotificationTextBuilder.WishesSentence(deviations, county.Name, code => reference.FindMunicipality(code)?.Name ?? code);
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
            WishesSummary = wishes,
            // The decision records no text about the unaccompanied children's shares: the message says nothing about them.
            UnaccompaniedSummary = null,
            Contact = contact,
        });
        IReadOnlyList<EmailAttachment> attachments = attach
            ? [new EmailAttachment(PublicationPaths.DownloadFileName(snapshot.State.Year, county, message.Kind, message.SourceVersion), "application/pdf", pdf)]
            : [];
        return new OutgoingEmail(message.Id, from, to, text.Subject, text.PlainText, text.Html, attachments) { ReplyTo = replyTo, CorrelationId = Correlation.Current };
    }

    /// <summary>The document a message is about, the länstal it was made for, and the deviations it applied.</summary>
    private static (PublishedDocument Document, int Lanstal, IReadOnlyList<Deviation> Deviations) Subject(CountyYearSnapshot snapshot, County county, OutboxMessage message)
    {
        if (message.Kind == DocumentKind.Proposal)
        {
            var draft = snapshot.Draft(message.SourceVersion) is { Consultation: not null } d ? d
                : throw new InvalidOperationException($"Proposal {message.SourceVersion} of {county.Name} {snapshot.State.Year} was not sent for consultation.");
            return (draft.Consultation!.Document, draft.Lanstal, draft.Deviations);
        }
        var decision = snapshot.Decisions.FirstOrDefault(d => d.Version == message.SourceVersion && d.Document is not null)
            ?? throw new InvalidOperationException($"Decision v{message.SourceVersion} of {county.Name} {snapshot.State.Year} has no published document.");
        return (decision.Document!, decision.Lanstal, snapshot.Draft(decision.DraftNumber)?.Deviations ?? []);
    }

    private EmailContent ComposeCoordinatorReport(CountyYearSnapshot snapshot, County county, OutboxMessage message)
    {
        var year = snapshot.State.Year;
        if (message.RelatesTo is { } marker && marker.StartsWith(ReminderService.Marker, StringComparison.Ordinal))
        {
            var state = snapshot.State;
            var proposal = snapshot.Drafts.LastOrDefault(d => CountyYearRules.IsProposal(d) && d.Lanstal == state.Lanstal);
            return CoordinatorReportBuilder.DecisionReminder(new DecisionReminderContent
            {
                County = county,
                Year = year,
                Deadline = DateOnly.ParseExact(marker[ReminderService.Marker.Length..], "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                Status = state.Status,
                Lanstal = state.Lanstal > 0 ? state.Lanstal : null,
                LatestProposal = proposal?.Number,
                ConsultationDeadline = proposal?.Consultation?.Deadline,
                NeedsNewDecision = state.NeedsNewDecision,
            });
        }
        if (message.RelatesTo is { } failedId)
        {
            var failed = snapshot.Outbox.FirstOrDefault(o => o.Id == failedId)
                ?? throw new InvalidOperationException($"Outbox message {failedId} reported in {message.Id} does not exist.");
            return CoordinatorReportBuilder.DeliveryFailure(new DeliveryFailureContent
            {
                Kind = message.Kind,
                County = county,
                Year = year,
                Version = message.SourceVersion,
                MessageId = failed.Id,
                RecipientName = failed.RecipientName,
                Address = failed.RecipientEmail,
                ProviderStatus = failed.ProviderStatus,
                Error = failed.LastError,
                SentAt = failed.SentAt,
            });
        }
        var lines = snapshot.Outbox
            .Where(o => o.RecipientKey != CoordinatorKey && o.Kind == message.Kind && o.SourceVersion == message.SourceVersion)
            .OrderBy(o => o.RecipientName, StringComparer.Create(SwedishFormat.Culture, false))
            .Select(o => new DispatchLine(o.RecipientName, o.RecipientEmail, o.Status, o.ProviderStatus, o.SentAt, o.LastError))
            .ToList();
        var notified = snapshot.Outbox.Where(o => o.Kind == message.Kind && o.SourceVersion == message.SourceVersion)
            .Select(o => o.RecipientKey).ToHashSet(StringComparer.Ordinal);
        var (document, lanstal, _) = Subject(snapshot, county, message);
        return CoordinatorReportBuilder.Summary(new CoordinatorSummaryContent
        {
            Kind = message.Kind,
            County = county,
            Year = year,
            Version = message.SourceVersion,
            Lanstal = lanstal,
            DocumentUrl = documents.PublicUrl(document.Path),
            DocumentSha256 = document.Sha256,
            SenderName = sender.Name,
            Lines = lines,
            WithoutAddress = reference.MunicipalitiesIn(county.Code).Where(m => !notified.Contains(m.Code)).ToList(),
        });
    }
}
