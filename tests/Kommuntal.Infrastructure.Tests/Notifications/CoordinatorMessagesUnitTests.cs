using Kommuntal.Application.Ports;
using Kommuntal.Application.Services;
using Kommuntal.Core.Lifecycle;

namespace Kommuntal.Infrastructure.Tests.Notifications;

/// <summary>
/// The coordinator's messages (reminders, failure reports) and the re-send against in-memory ports:
/// each row is written with its audit line in one write, exists once, and carries its type.
/// </summary>
public class CoordinatorMessagesUnitTests
{
    /// <summary>Monday 1 November 2021: two weeks before the deadline of 15 November.</summary>
    private static readonly DateTimeOffset InWindow = new(2021, 11, 1, 6, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_reminder_is_one_row_with_its_audit_line_in_one_write_once_per_county_and_year()
    {
        var world = new NotificationWorld(now: InWindow);

        var report = await world.Reminders().RemindAsync(2022, default);

        Assert.True(report.InWindow);
        Assert.Equal(["18"], report.Queued);
        Assert.Equal(20, report.WithoutAddress.Count); // every other county: no coordinator address configured
        Assert.Equal(1, world.Store.Writes); // the row and its line: one write
        var reminder = Assert.Single(world.Rows);
        Assert.Equal((MessageType.Reminder, new DateOnly(2021, 11, 15), (string?)null), (reminder.Type, reminder.Deadline, reminder.RelatesTo));
        Assert.Equal(CoordinatorMessages.ReminderId(2022, "18", new DateOnly(2021, 11, 15)), reminder.Id);
        Assert.Single(world.Audit, a => a.Action == "reminder.queued" && a.Details.Contains(reminder.Id, StringComparison.Ordinal));

        world.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Empty((await world.Reminders().RemindAsync(2022, default)).Queued);
        Assert.Single(world.Rows);
        Assert.Single(world.Audit);

        var sent = await world.Dispatcher.DispatchAsync(default);
        Assert.Equal(1, sent.CoordinatorSent);
        Assert.Contains("15 november 2021", world.Sender.Sent.Single().PlainText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Whichever_write_of_a_reminder_run_fails_the_next_run_leaves_one_row_and_one_audit_line(int failing)
    {
        // Regression: the row and the line were two writes, and a stop between them (write 2) lost the line for good.
        var world = new NotificationWorld(now: InWindow);
        world.Store.FailAtWrite = failing;

        try
        {
            await world.Reminders().RemindAsync(2022, default);
        }
        catch (IOException)
        {
            Assert.Empty(world.Rows); // a failed write stored nothing
            Assert.Empty(world.Audit);
        }
        world.Store.FailAtWrite = null;
        world.Clock.Advance(TimeSpan.FromMinutes(11));
        await world.Reminders().RemindAsync(2022, default);

        Assert.Single(world.Rows);
        Assert.Single(world.Audit, a => a.Action == "reminder.queued");
        Assert.Single(world.Audit);
    }

    [Fact]
    public async Task Outside_the_window_nothing_is_read_or_written()
    {
        var world = new NotificationWorld(now: new DateTimeOffset(2021, 10, 1, 6, 0, 0, TimeSpan.Zero));
        var report = await world.Reminders().RemindAsync(2022, default);
        Assert.False(report.InWindow);
        Assert.Equal(0, world.Store.Writes);
    }

    [Fact]
    public async Task A_message_the_provider_failed_is_marked_failed_audited_and_reported_to_the_coordinator_in_one_write()
    {
        var world = new NotificationWorld().WithPublishedDecision();
        world.Sender.Final = false;
        await world.Dispatcher.DispatchAsync(default);
        var laxa = world.Rows.Single(r => r.RecipientKey == "1860");
        world.Sender.Statuses[laxa.Id] = new DeliveryStatus(DeliveryState.Failed, "Failed", "Recipient mailbox full", null);
        world.Sender.Statuses["decision-v1-1880"] = new DeliveryStatus(DeliveryState.Delivered, "Succeeded", null, null);
        world.Clock.Advance(world.Options.Notifications.StatusPollInterval);
        var writes = world.Store.Writes;

        var poll = await world.DeliveryStatus.PollAsync(default);

        Assert.Equal((3, 1, 1, 1), (poll.Checked, poll.Delivered, poll.Failed, poll.InProgress)); // the summary is still on its way
        Assert.Equal(writes + poll.Checked, world.Store.Writes); // one write per answer, the failed one's audit line and report included
        Assert.Equal(NotificationStatus.Delivered, world.Rows.Single(r => r.RecipientKey == "1880").Status);
        var report = world.Rows.Single(r => r.Type == MessageType.FailureReport);
        Assert.Equal((CoordinatorMessages.FailureReportId(laxa.Id), laxa.Id, NotificationStatus.Pending), (report.Id, report.RelatesTo, report.Status));
        Assert.Single(world.Audit, a => a.Action == "notification.delivery-failed" && a.Details.Contains("Recipient mailbox full", StringComparison.Ordinal));
        Assert.Single(world.Audit, a => a.Action == "notification.delivered");

        await world.Dispatcher.DispatchAsync(default);
        Assert.Contains(world.Sender.Sent, e => e.Subject.StartsWith("Leverans misslyckades:", StringComparison.Ordinal) && e.PlainText.Contains(laxa.Id, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Only_a_failed_message_is_re_sent_once_as_a_new_row_with_its_audit_line()
    {
        var world = new NotificationWorld().WithPublishedDecision();
        world.Sender.Refuse = e => e.OperationId == "decision-v1-1860" ? new EmailSendException("550 no such user", permanent: true) : null;
        await world.Dispatcher.DispatchAsync(default);
        world.Sender.Refuse = _ => null;

        await Assert.ThrowsAsync<InvalidTransitionException>(() => world.Resend.ResendAsync(2022, "18", "decision-v1-1880", null, "samordnaren", default));
        var writes = world.Store.Writes;
        var resent = await world.Resend.ResendAsync(2022, "18", "decision-v1-1860", "registrator@laxa.example", "samordnaren", default);

        Assert.Equal(writes + 1, world.Store.Writes);
        Assert.Equal((MessageType.MunicipalDecision, "decision-v1-1860", "registrator@laxa.example", NotificationStatus.Pending),
            (resent.Type, resent.RelatesTo, resent.RecipientEmail, resent.Status));
        Assert.Single(world.Audit, a => a.Action == "notification.resend-queued" && a.Details.Contains(resent.Id, StringComparison.Ordinal));
        await Assert.ThrowsAsync<InvalidTransitionException>(() => world.Resend.ResendAsync(2022, "18", "decision-v1-1860", null, "samordnaren", default));

        await world.Dispatcher.DispatchAsync(default);
        Assert.Single(world.Sender.Sent, e => e.OperationId == resent.Id && e.To.Single().Address == "registrator@laxa.example");
    }
}
