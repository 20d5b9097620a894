using Kommuntal.Application.Ports;
using Kommuntal.Application.Services;
using Kommuntal.Core.Lifecycle;
using Kommuntal.Core.Reference;
using Kommuntal.Infrastructure.Email;
using Kommuntal.Testing;
using Microsoft.Extensions.DependencyInjection;
using static Kommuntal.Infrastructure.Tests.Email.EmailTestSupport;

namespace Kommuntal.Infrastructure.Tests.Email;

/// <summary>Failures are retried, then failed, audited and reported to the coordinator: never dropped. Bad recipients are never sent to.</summary>
public class DispatchFailureTests
{
    private static readonly Dictionary<string, string?> WithCoordinator = new()
    {
        ["Kommuntal:Contacts:18:CoordinatorEmail"] = Coordinator,
        ["Kommuntal:Notifications:MaxAttempts"] = "3",
    };

    [Fact]
    public async Task A_message_that_keeps_failing_is_retried_with_backoff_then_failed_audited_and_listed_in_the_coordinators_summary()
    {
        var failing = new ForwardingSender();
        await using var host = new TestHost(WithCoordinator, configure: s => s.AddSingleton<IEmailSender>(failing));
        failing.Inner = new FailFor(new LocalOutboxSender(host.OutboxDirectory), "kommun@laxa.se");
        await PublishOrebroAsync(host);
        var dispatcher = host.Get<NotificationDispatcher>();

        var first = await dispatcher.DispatchAsync(default);
        Assert.Equal((11, 1, 0), (first.Sent, first.Retrying, first.Failed));
        Assert.Equal(0, first.SummariesQueued); // not all messages are done yet
        var laxa = (await LedgerAsync(host)).Single(o => o.RecipientEmail == "kommun@laxa.se");
        Assert.Equal((NotificationStatus.Pending, 1), (laxa.Status, laxa.Attempts));
        Assert.Equal(host.Clock.GetUtcNow() + NotificationDispatcher.Backoff(1), laxa.NextAttemptAt);
        Assert.Contains("451", laxa.LastError);

        host.Clock.Advance(NotificationDispatcher.Backoff(1));
        Assert.Equal(1, (await dispatcher.DispatchAsync(default)).Retrying);
        host.Clock.Advance(NotificationDispatcher.Backoff(2));
        var last = await dispatcher.DispatchAsync(default);

        Assert.Equal((0, 1), (last.Retrying, last.Failed));
        Assert.Equal((1, 1), (last.SummariesQueued, last.CoordinatorSent));
        laxa = (await LedgerAsync(host)).Single(o => o.RecipientEmail == "kommun@laxa.se");
        Assert.Equal((NotificationStatus.Failed, 3, (DateTimeOffset?)null), (laxa.Status, laxa.Attempts, laxa.NextAttemptAt));
        Assert.Contains(await AuditAsync(host), a => a.Action == "notification.failed" && a.Details.Contains("efter 3 försök") && a.Details.Contains("kommun@laxa.se"));

        var summary = Outbox(host).Single(m => m.To.Mailboxes.Single().Address == Coordinator);
        Assert.Contains("11 skickade, 1 misslyckade", summary.Subject);
        Assert.Contains("Laxå kommun <kommun@laxa.se>: misslyckades", summary.TextBody);
        Assert.Contains("451 4.3.0", summary.TextBody);
        Assert.Contains("Örebro kommun <kommun@orebro.se>: skickat", summary.TextBody);

        host.Clock.Advance(TimeSpan.FromHours(1));
        var later = await dispatcher.DispatchAsync(default);
        Assert.Equal((0, 0, 0), (later.Sent, later.SummariesQueued, later.CoordinatorSent));
        Assert.Equal(12, Outbox(host).Count); // 11 municipalities and one summary: nothing twice, Laxå never
    }

    [Fact]
    public async Task A_failed_message_is_re_sent_once_to_a_corrected_address_on_request_and_audited()
    {
        var failing = new ForwardingSender();
        await using var host = new TestHost(new Dictionary<string, string?> { ["Kommuntal:Notifications:MaxAttempts"] = "1" },
            configure: s => s.AddSingleton<IEmailSender>(failing));
        failing.Inner = new FailFor(new LocalOutboxSender(host.OutboxDirectory), "kommun@laxa.se");
        await PublishOrebroAsync(host);
        var dispatcher = host.Get<NotificationDispatcher>();
        Assert.Equal((11, 1), ((await dispatcher.DispatchAsync(default)).Sent, (await LedgerAsync(host)).Count(o => o.Status == NotificationStatus.Failed)));
        var failed = (await LedgerAsync(host)).Single(o => o.Status == NotificationStatus.Failed);
        var resend = host.Get<NotificationResendService>();

        // A message that was sent is never sent again; an invalid corrected address is refused.
        var sent = (await LedgerAsync(host)).First(o => o.Status == NotificationStatus.Sent);
        Assert.Throws<InvalidTransitionException>(() => resend.ResendAsync(2022, "18", sent.Id, null, "operatör", default).GetAwaiter().GetResult());
        Assert.Throws<InvalidTransitionException>(() => resend.ResendAsync(2022, "18", failed.Id, "registrator@laxa.se\r\nBcc: x@y.se", "operatör", default).GetAwaiter().GetResult());

        var queued = await resend.ResendAsync(2022, "18", failed.Id, "registrator@laxa.se", "operatör", default);
        Assert.NotEqual(failed.Id, queued.Id); // a new Operation-Id: the provider must not take it for the failed one
        Assert.Equal((failed.Id, "1860", NotificationStatus.Pending), (queued.RelatesTo, queued.RecipientKey, queued.Status));
        // Asked twice: refused while the first re-send is on its way.
        Assert.Throws<InvalidTransitionException>(() => resend.ResendAsync(2022, "18", failed.Id, "registrator@laxa.se", "operatör", default).GetAwaiter().GetResult());

        Assert.Equal(1, (await dispatcher.DispatchAsync(default)).Sent);
        Assert.Equal(0, (await dispatcher.DispatchAsync(default)).Sent);
        var mail = Assert.Single(Outbox(host), m => m.To.Mailboxes.Single().Address == "registrator@laxa.se");
        Assert.Equal("Beslut om fördelning av anvisningar år 2022 till kommuner i Örebro län", mail.Subject);
        Assert.Equal(queued.Id, mail.Headers["X-Kommuntal-Operation-Id"]);
        Assert.Equal(12, Outbox(host).Count);
        Assert.Contains(await AuditAsync(host), a => a.Action == "notification.resend-queued" && a.Actor == "operatör" && a.Details.Contains("registrator@laxa.se"));
    }

    [Fact]
    public async Task Recipients_with_injected_headers_or_invalid_addresses_are_reported_and_never_sent_to()
    {
        var bad = new List<RecipientAddress>
        {
            new("1880", "Örebro", "kommun@orebro.se"),
            new("1860", "Laxå", "kommun@laxa.se\r\nBcc: everyone@example.com"),
            new("1814", "Lekeberg", "not-an-address"),
        };
        await using var host = new TestHost(configure: s => s.AddSingleton<IRecipientDirectory>(new FixedDirectory(bad)));
        await PublishOrebroAsync(host);

        var report = await host.Get<NotificationDispatcher>().DispatchAsync(default);

        Assert.Equal((1, 2, 0), (report.Sent, report.Failed, report.Retrying));
        var sent = Assert.Single(Outbox(host));
        Assert.Equal("kommun@orebro.se", sent.To.Mailboxes.Single().Address);
        Assert.Empty(sent.Bcc);
        var ledger = await LedgerAsync(host);
        Assert.All(ledger.Where(o => o.RecipientKey != "1880"), o =>
        {
            Assert.Equal((NotificationStatus.Failed, 1), (o.Status, o.Attempts));
            Assert.Contains("recipient address", o.LastError);
        });
        Assert.Equal(2, (await AuditAsync(host)).Count(a => a.Action == "notification.failed" && a.Details.Contains("kunde inte skickas:")));
        Assert.Contains(await AuditAsync(host), a => a.Details.Contains(@"kommun@laxa.se\r\nBcc: everyone@example.com")); // shown, not interpreted
    }

    [Fact]
    public async Task Without_a_coordinator_address_no_summary_is_queued_and_the_audit_trail_says_so_once()
    {
        await using var host = new TestHost();
        await PublishOrebroAsync(host);
        var dispatcher = host.Get<NotificationDispatcher>();
        await dispatcher.DispatchAsync(default);
        await dispatcher.DispatchAsync(default);

        Assert.Equal(12, (await LedgerAsync(host)).Count);
        Assert.Single(await AuditAsync(host), a => a.Action == "notification.summary-skipped" && a.Details.Contains("Kommuntal:Contacts:18:CoordinatorEmail"));
    }

    private sealed class FixedDirectory(IReadOnlyList<RecipientAddress> list) : IRecipientDirectory
    {
        public Task<IReadOnlyList<RecipientAddress>> GetAsync(string countyCode, CancellationToken cancellationToken) =>
            Task.FromResult(countyCode == "18" ? list : (IReadOnlyList<RecipientAddress>)[]);

        public Task<IReadOnlyDictionary<string, IReadOnlyList<RecipientAddress>>> GetAllAsync(CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyDictionary<string, IReadOnlyList<RecipientAddress>>>(new Dictionary<string, IReadOnlyList<RecipientAddress>> { ["18"] = list });
    }

    private sealed class ForwardingSender : IEmailSender
    {
        public IEmailSender? Inner { get; set; }
        public string Name => Inner!.Name;
        public Task<SendOutcome> SendAsync(OutgoingEmail email, CancellationToken cancellationToken) => Inner!.SendAsync(email, cancellationToken);
    }
}
