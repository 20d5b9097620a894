using Kommuntal.Application.Ports;
using Kommuntal.Application.Services;
using Kommuntal.Core.Lifecycle;

namespace Kommuntal.Infrastructure.Tests.Notifications;

/// <summary>The outbox dispatcher against in-memory ports: claim, send, record; the coordinator's summary after.</summary>
public class DispatcherUnitTests
{
    [Fact]
    public async Task Each_message_is_sent_once_recorded_with_its_audit_line_and_the_summary_follows_in_the_same_pass()
    {
        var world = new NotificationWorld().WithPublishedDecision();

        var report = await world.Dispatcher.DispatchAsync(default);

        Assert.Equal((2, 0, 0, 0, 1, 1), (report.Sent, report.Retrying, report.Failed, report.Skipped, report.SummariesQueued, report.CoordinatorSent));
        // In the order they were queued (the same time here, then by id).
        Assert.Equal(["kommun@laxa.example", "kommun@orebro.example", "samordnare.orebro@lansstyrelsen.example"],
            world.Sender.Sent.Select(e => e.To.Single().Address));
        var laxa = world.Sender.Sent[0];
        Assert.Equal("decision-v1-1860", laxa.OperationId);
        Assert.Equal(("kommuntal-2022-orebro-lan-beslut-v1.pdf", world.Documents.Blobs[NotificationWorld.DocumentPath]),
            (Assert.Single(laxa.Attachments).FileName, laxa.Attachments[0].Content));
        Assert.All(world.Rows, r => Assert.Equal(NotificationStatus.Sent, r.Status));
        Assert.Equal(3, world.Audit.Count(a => a.Action == "notification.sent"));
        var summary = world.Rows.Single(r => r.Type == MessageType.CoordinatorSummary);
        Assert.Equal(CoordinatorMessages.SummaryId(2022, "18", Core.Documents.DocumentKind.Decision, 1), summary.Id);
        Assert.StartsWith("Utskick klart:", world.Sender.Sent[2].Subject, StringComparison.Ordinal);
        Assert.Equal(1, world.Documents.Reads); // the county's messages share one read of the document

        // Claim the first, record it with the claim of the next (one write), record the last, then the summary's claim and record:
        // 2 messages take 3 writes, the summary 1 insert + 2.
        Assert.Equal(3 + 1 + 2, world.Store.Writes);

        var again = await world.Dispatcher.DispatchAsync(default);
        Assert.Equal((0, 0, 0, 0, 0, 0), (again.Sent, again.Retrying, again.Failed, again.Skipped, again.SummariesQueued, again.CoordinatorSent));
        Assert.Equal(3, world.Sender.Sent.Count);
    }

    [Fact]
    public async Task A_refused_message_is_retried_with_backoff_and_one_refused_for_good_fails_at_once_with_its_audit_line()
    {
        var world = new NotificationWorld().WithPublishedDecision();
        world.Sender.Refuse = e => e.OperationId switch
        {
            "decision-v1-1880" => new EmailSendException("451 try again later", permanent: false),
            "decision-v1-1860" => new EmailSendException("550 mailbox unavailable", permanent: true),
            _ => null,
        };

        var report = await world.Dispatcher.DispatchAsync(default);

        Assert.Equal((0, 1, 1, 0), (report.Sent, report.Retrying, report.Failed, report.Skipped));
        var orebro = world.Rows.Single(r => r.RecipientKey == "1880");
        Assert.Equal((NotificationStatus.Pending, 1, world.Clock.GetUtcNow() + NotificationDispatcher.Backoff(1)),
            (orebro.Status, orebro.Attempts, orebro.NextAttemptAt));
        var laxa = world.Rows.Single(r => r.RecipientKey == "1860");
        Assert.Equal((NotificationStatus.Failed, "550 mailbox unavailable"), (laxa.Status, laxa.LastError));
        Assert.Single(world.Audit, a => a.Action == "notification.failed" && a.Details.Contains(laxa.Id, StringComparison.Ordinal));
        Assert.DoesNotContain(world.Rows, r => r.Type == MessageType.CoordinatorSummary); // one message is still on its way

        // Not due yet: nothing is sent. After the backoff it goes, and the publication's summary lists the failed one.
        Assert.Equal(0, (await world.Dispatcher.DispatchAsync(default)).Retrying);
        world.Sender.Refuse = _ => null;
        world.Clock.Advance(NotificationDispatcher.Backoff(1));
        var later = await world.Dispatcher.DispatchAsync(default);
        Assert.Equal((1, 1, 1), (later.Sent, later.SummariesQueued, later.CoordinatorSent));
        var summary = world.Sender.Sent.Single(e => e.To.Single().Address.StartsWith("samordnare", StringComparison.Ordinal));
        Assert.Contains("1 skickade, 1 misslyckade", summary.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_message_claimed_by_another_dispatcher_is_left_to_it_until_the_claim_expires()
    {
        var world = new NotificationWorld().WithPublishedDecision();
        var row = world.Rows.Single(r => r.RecipientKey == "1880");
        await world.Store.UpdateAsync(2022, "18", row with { Status = NotificationStatus.Sending, NextAttemptAt = world.Clock.GetUtcNow() + NotificationDispatcher.ClaimDuration },
            null, null, default);

        var report = await world.Dispatcher.DispatchAsync(default);
        Assert.Equal(1, report.Sent);
        Assert.DoesNotContain(world.Sender.Sent, e => e.OperationId == row.Id);

        world.Clock.Advance(NotificationDispatcher.ClaimDuration);
        var after = await world.Dispatcher.DispatchAsync(default);
        Assert.Equal((1, 1), (after.Sent, after.SummariesQueued));
        Assert.Single(world.Sender.Sent, e => e.OperationId == row.Id);
    }

    [Fact]
    public async Task A_message_to_a_municipality_the_reference_data_does_not_know_fails_without_being_sent()
    {
        var world = new NotificationWorld().WithPublishedDecision();
        await world.Store.TryAddAsync(2022, "18", world.ToMunicipality("9999", "Okänd kommun", "okand@example.org"), null, default);

        var report = await world.Dispatcher.DispatchAsync(default);

        Assert.Equal((2, 1), (report.Sent, report.Failed));
        Assert.DoesNotContain(world.Sender.Sent, e => e.OperationId == "decision-v1-9999");
        Assert.Equal(NotificationStatus.Failed, world.Rows.Single(r => r.RecipientKey == "9999").Status);
    }
}
