using Kommuntal.Application.Ports;
using Kommuntal.Application.Services;
using Kommuntal.Core.Lifecycle;
using Kommuntal.Infrastructure.Email;
using Kommuntal.Infrastructure.Email.Acs;
using Kommuntal.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using static Kommuntal.Infrastructure.Tests.Email.EmailTestSupport;

namespace Kommuntal.Infrastructure.Tests.Email;

/// <summary>
/// The outbox's promise: however often the dispatcher runs, concurrently or after a crash between
/// the send and the ledger write, each municipality gets one message. Checked for the local outbox
/// and for ACS (the fake endpoint dedupes by Operation-Id as the service does).
/// </summary>
public class ExactlyOnceTests
{
    /// <summary>A sender target: the .eml outbox or the fake ACS endpoint; what arrived there, one entry per delivered e-mail.</summary>
    private sealed class Channel(string kind, FakeAcsServer? fake)
    {
        public static async Task<Channel> StartAsync(string kind) => new(kind, kind == "acs" ? await FakeAcsServer.StartAsync() : null);

        public IEmailSender Sender(TestHost host) => kind == "acs"
            ? new AcsEmailSender(new AcsEmailClient(fake!.ConnectionString), NullLogger<AcsEmailSender>.Instance)
            : new LocalOutboxSender(host.OutboxDirectory);

        public IReadOnlyList<(string To, string OperationId)> Delivered(TestHost host) => kind == "acs"
            ? fake!.Mails.Select(m => (m.FirstRecipient, m.Id)).ToList()
            : Outbox(host).Select(m => (m.To.Mailboxes.Single().Address, m.Headers["X-Kommuntal-Operation-Id"]!)).ToList();

        public int Handovers(TestHost host) => kind == "acs" ? fake!.Sends.Count : Outbox(host).Count;

        public ValueTask DisposeAsync() => fake?.DisposeAsync() ?? ValueTask.CompletedTask;
    }

    private static void AssertOnePerRecipient(IReadOnlyList<(string To, string OperationId)> delivered, IReadOnlyList<OutboxMessage> ledger)
    {
        Assert.Equal(OrebroAddresses.Order(), delivered.Select(d => d.To).Order());
        Assert.Equal(ledger.Select(o => o.Id).Order(), delivered.Select(d => d.OperationId).Order()); // the ledger id is the Operation-Id
        Assert.All(ledger, o => Assert.Equal(NotificationStatus.Sent, o.Status));
    }

    [Theory]
    [InlineData("outbox")]
    [InlineData("acs")]
    public async Task Running_the_dispatcher_twice_sends_each_message_once(string kind)
    {
        var channel = await Channel.StartAsync(kind);
        var forwarding = new CrashAfterSend { Crash = false };
        await using var host = new TestHost(configure: s => s.AddSingleton<IEmailSender>(forwarding));
        forwarding.Inner = channel.Sender(host);
        await PublishOrebroAsync(host);
        var dispatcher = host.Get<NotificationDispatcher>();

        var first = await dispatcher.DispatchAsync(default);
        var second = await dispatcher.DispatchAsync(default);

        Assert.Equal(12, first.Sent);
        Assert.Equal(0, second.Sent);
        Assert.Equal(12, channel.Handovers(host));
        AssertOnePerRecipient(channel.Delivered(host), await LedgerAsync(host));
        await channel.DisposeAsync();
    }

    [Theory]
    [InlineData("outbox")]
    [InlineData("acs")]
    public async Task A_failure_between_the_send_and_the_ledger_write_is_retried_without_a_second_message(string kind)
    {
        var channel = await Channel.StartAsync(kind);
        var crashing = new CrashAfterSend();
        await using var host = new TestHost(configure: s => s.AddSingleton<IEmailSender>(crashing));
        crashing.Inner = channel.Sender(host);
        await PublishOrebroAsync(host);
        var dispatcher = host.Get<NotificationDispatcher>();

        var first = await dispatcher.DispatchAsync(default);       // every message handed over, every ledger write lost
        Assert.Equal(12, first.Retrying);
        Assert.All(await LedgerAsync(host), o => Assert.Equal((NotificationStatus.Pending, 1), (o.Status, o.Attempts)));

        crashing.Crash = false;
        Assert.Equal(0, (await dispatcher.DispatchAsync(default)).Sent); // the backoff has not passed
        host.Clock.Advance(NotificationDispatcher.Backoff(1));
        var retry = await dispatcher.DispatchAsync(default);

        Assert.Equal(12, retry.Sent);
        Assert.Equal(24, crashing.Handovers);                        // sent twice by us...
        AssertOnePerRecipient(channel.Delivered(host), await LedgerAsync(host)); // ...received once
        await channel.DisposeAsync();
    }

    [Theory]
    [InlineData("outbox")]
    [InlineData("acs")]
    public async Task A_dispatcher_killed_after_the_send_leaves_a_claim_that_expires_and_the_message_still_arrives_once(string kind)
    {
        var channel = await Channel.StartAsync(kind);
        var crashing = new CrashAfterSend { AsKill = true };
        await using var host = new TestHost(configure: s => s.AddSingleton<IEmailSender>(crashing));
        crashing.Inner = channel.Sender(host);
        await PublishOrebroAsync(host);
        var dispatcher = host.Get<NotificationDispatcher>();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => dispatcher.DispatchAsync(default)); // killed after the first send
        var killed = Assert.Single(await LedgerAsync(host), o => o.Status == NotificationStatus.Sending);

        crashing.Crash = false;
        var next = await dispatcher.DispatchAsync(default);
        Assert.Equal(11, next.Sent);
        Assert.Equal(NotificationStatus.Sending, (await LedgerAsync(host)).Single(o => o.Id == killed.Id).Status); // still claimed: left alone
        host.Clock.Advance(NotificationDispatcher.ClaimDuration + TimeSpan.FromSeconds(1));
        var afterClaim = await dispatcher.DispatchAsync(default);

        Assert.Equal(1, afterClaim.Sent);
        Assert.Equal(13, crashing.Handovers);
        AssertOnePerRecipient(channel.Delivered(host), await LedgerAsync(host));
        Assert.Equal(1, (await LedgerAsync(host)).Single(o => o.Id == killed.Id).Attempts); // the killed attempt left no trace but the expired claim
        await channel.DisposeAsync();
    }

    [Fact]
    public async Task Two_dispatchers_running_at_once_never_send_the_same_message_twice()
    {
        await using var fake = await FakeAcsServer.StartAsync();
        var prefix = TestStorage.NewPrefix();
        await using var a = new TestHost(AcsSettings(fake, coordinator: false), prefix: prefix);
        await using var b = new TestHost(AcsSettings(fake, coordinator: false), prefix: prefix);
        await PublishOrebroAsync(a);

        async Task<DispatchReport> Dispatch(TestHost host, string run)
        {
            using (Kommuntal.Application.Correlation.Begin(run)) return await host.Get<NotificationDispatcher>().DispatchAsync(default);
        }
        var reports = await Task.WhenAll(Dispatch(a, "run-aaaaaaaaaaaa"), Dispatch(b, "run-bbbbbbbbbbbb"));

        Assert.Equal(12, reports.Sum(r => r.Sent));
        Assert.Equal(12, fake.Sends.Count);
        // Each message carries its Operation-Id and the correlation id of the dispatcher run that sent it.
        Assert.All(fake.Sends, r =>
        {
            using var body = System.Text.Json.JsonDocument.Parse(r.Body);
            var headers = body.RootElement.GetProperty("headers");
            Assert.Equal(r.Headers["Operation-Id"], headers.GetProperty("X-Kommuntal-Operation-Id").GetString());
            Assert.Contains(headers.GetProperty("X-Kommuntal-Correlation-Id").GetString(), new[] { "run-aaaaaaaaaaaa", "run-bbbbbbbbbbbb" });
        });
        Assert.All(fake.Mails, m => Assert.Equal(1, m.Sends));
        Assert.Equal(OrebroAddresses.Order(), fake.Mails.Select(m => m.FirstRecipient).Order());
    }

    [Fact]
    public async Task Recording_a_message_claims_the_next_in_the_same_transaction_and_a_taken_next_is_left_to_its_owner()
    {
        await using var host = new TestHost();
        await PublishOrebroAsync(host);
        var store = host.Get<IOutboxStore>();
        var now = host.Clock.GetUtcNow();
        var ledger = await LedgerAsync(host);
        var (first, second, third) = (ledger[0], ledger[1], ledger[2]);
        var claimed = await store.UpdateAsync(2022, "18", first with { Status = NotificationStatus.Sending }, null, null, default);

        // Recorded and the next claimed together: both rows change, the audit line is written.
        var (sent, next) = await store.UpdateAndClaimAsync(2022, "18", claimed with { Status = NotificationStatus.Sent, SentAt = now },
            new AuditEntry(now, "test", "notification.sent", "first"), second with { Status = NotificationStatus.Sending }, default);
        Assert.NotNull(next);
        var after = await LedgerAsync(host);
        Assert.Equal(NotificationStatus.Sent, after.Single(o => o.Id == first.Id).Status);
        Assert.Equal(NotificationStatus.Sending, after.Single(o => o.Id == second.Id).Status);
        Assert.Equal(next!.ETag, after.Single(o => o.Id == second.Id).ETag);
        Assert.Equal(sent.ETag, after.Single(o => o.Id == first.Id).ETag);

        // The next one was taken by someone else since it was read: this message is recorded alone, the other's claim stands.
        var taken = await store.UpdateAsync(2022, "18", third with { Status = NotificationStatus.Sending, Attempts = 7 }, null, null, default);
        var (recorded, none) = await store.UpdateAndClaimAsync(2022, "18", next with { Status = NotificationStatus.Sent, SentAt = now },
            new AuditEntry(now, "test", "notification.sent", "second"), third with { Status = NotificationStatus.Sending }, default);
        Assert.Null(none);
        after = await LedgerAsync(host);
        Assert.Equal(NotificationStatus.Sent, after.Single(o => o.Id == second.Id).Status);
        Assert.Equal(taken.ETag, after.Single(o => o.Id == third.Id).ETag);
        Assert.Equal(7, after.Single(o => o.Id == third.Id).Attempts);

        // This message itself was changed by someone else: a conflict, and neither row nor audit line is written.
        var audit = (await AuditAsync(host)).Count;
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => store.UpdateAndClaimAsync(2022, "18", next with { Status = NotificationStatus.Failed },
            new AuditEntry(now, "test", "notification.failed", "stale"), ledger[3] with { Status = NotificationStatus.Sending }, default));
        after = await LedgerAsync(host);
        Assert.Equal(recorded.ETag, after.Single(o => o.Id == second.Id).ETag);
        Assert.Equal(NotificationStatus.Pending, after.Single(o => o.Id == ledger[3].Id).Status);
        Assert.Equal(audit, (await AuditAsync(host)).Count);
        Assert.Equal(["first", "second"], (await AuditAsync(host)).Where(a => a.Actor == "test" && a.Action == "notification.sent").Select(a => a.Details).Order());
    }

    [Fact]
    public async Task A_message_taken_over_while_it_was_being_sent_is_left_to_the_new_owner_and_the_pass_goes_on()
    {
        var takeOver = new TakeOverDuringFirstSend();
        await using var host = new TestHost(configure: s => s.AddSingleton<IEmailSender>(takeOver));
        takeOver.Inner = new LocalOutboxSender(host.OutboxDirectory);
        takeOver.Store = host.Get<ICountyYearStore>();
        takeOver.Outbox = host.Get<IOutboxStore>();
        await PublishOrebroAsync(host);

        var report = await host.Get<NotificationDispatcher>().DispatchAsync(default);

        // The first message's claim was taken by "another dispatcher" during its send: its ledger write
        // conflicts, the row is left as the other one wrote it, and the other 11 are still sent in this pass.
        Assert.Equal((11, 1, 0, 0), (report.Sent, report.Skipped, report.Failed, report.Retrying));
        var taken = (await LedgerAsync(host)).Single(o => o.Id == takeOver.TakenId);
        Assert.Equal((NotificationStatus.Sending, 5), (taken.Status, taken.Attempts));
        Assert.Equal(11, (await LedgerAsync(host)).Count(o => o.Status == NotificationStatus.Sent));
        Assert.Equal(12, Outbox(host).Count); // the taken one was handed over too: its new owner sends it with the same Operation-Id
    }

    /// <summary>During the first send, another dispatcher takes the message's ledger row (as after an expired claim).</summary>
    private sealed class TakeOverDuringFirstSend : IEmailSender
    {
        public IEmailSender? Inner { get; set; }
        public ICountyYearStore? Store { get; set; }
        public IOutboxStore? Outbox { get; set; }
        public string? TakenId { get; private set; }
        public string Name => Inner!.Name;

        public async Task<SendOutcome> SendAsync(OutgoingEmail email, CancellationToken cancellationToken)
        {
            if (TakenId is null)
            {
                TakenId = email.OperationId;
                var row = (await Store!.LoadAsync(2022, "18", cancellationToken)).Outbox.Single(o => o.Id == email.OperationId);
                await Outbox!.UpdateAsync(2022, "18", row with { Attempts = 5 }, null, null, cancellationToken);
            }
            return await Inner!.SendAsync(email, cancellationToken);
        }
    }
}
