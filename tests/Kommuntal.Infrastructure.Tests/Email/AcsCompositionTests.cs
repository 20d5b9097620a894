using System.Text.Json;
using Kommuntal.Application.Ports;
using Kommuntal.Application.Services;
using Kommuntal.Core.Lifecycle;
using Kommuntal.Infrastructure.Email;
using Kommuntal.Infrastructure.Email.Acs;
using Kommuntal.Testing;
using static Kommuntal.Infrastructure.Tests.Email.EmailTestSupport;

namespace Kommuntal.Infrastructure.Tests.Email;

/// <summary>Through the composition root, as the Functions app and the CLI run it: configuration picks the sender.</summary>
public class AcsCompositionTests
{
    [Fact]
    public async Task The_yearly_run_with_an_ACS_connection_string_sends_through_the_REST_client_and_the_ledger_follows_delivery()
    {
        await using var fake = await FakeAcsServer.StartAsync();
        await using var host = new TestHost(AcsSettings(fake));
        Assert.IsType<AcsEmailSender>(host.Get<IEmailSender>());
        var run = host.Get<DemoRunService>();

        var report = await run.RunAsync(2022, "test", default);

        Assert.Equal(12, report.Dispatch.Sent);
        Assert.Equal(1, report.Dispatch.CoordinatorSent);
        Assert.Empty(Outbox(host)); // nothing went to the local outbox
        var municipal = fake.Mails.Where(m => m.FirstRecipient != Coordinator).ToList();
        Assert.Equal(OrebroAddresses.Order(), municipal.Select(m => m.FirstRecipient).Order());
        var laxa = municipal.Single(m => m.FirstRecipient == "kommun@laxa.se").Message;
        Assert.Equal("Beslut om fördelning av anvisningar år 2022 till kommuner i Örebro län", laxa.GetProperty("content").GetProperty("subject").GetString());
        Assert.Contains("Länstalet för Örebro län är 202", laxa.GetProperty("content").GetProperty("plainText").GetString());
        var pdf = Assert.Single(laxa.GetProperty("attachments").EnumerateArray());
        Assert.Equal("kommuntal-2022-orebro-lan-beslut-v1.pdf", pdf.GetProperty("name").GetString());
        Assert.StartsWith("%PDF", System.Text.Encoding.ASCII.GetString(Convert.FromBase64String(pdf.GetProperty("contentInBase64").GetString()!)[..4]));

        var ledger = await LedgerAsync(host);
        Assert.Equal(13, ledger.Count);
        Assert.All(ledger, o => Assert.Equal((NotificationStatus.Sent, "acs", "Running"), (o.Status, o.Sender, o.ProviderStatus)));
        Assert.Equal(ledger.Select(o => o.Id).Order(), fake.Mails.Select(m => m.Id).Order());
        var summary = fake.Mails.Single(m => m.FirstRecipient == Coordinator).Message.GetProperty("content");
        Assert.StartsWith("Utskick klart: Beslut om fördelning av anvisningar år 2022 till kommuner i Örebro län (version 1), 12 skickade, 0 misslyckade",
            summary.GetProperty("subject").GetString());
        Assert.Contains("Laxå kommun <kommun@laxa.se>: skickat", summary.GetProperty("plainText").GetString());

        // A repeated run sends nothing: not to the municipalities, not a second summary.
        var again = await run.RunAsync(2022, "test", default);
        Assert.Equal((0, 0), (again.Dispatch.Sent, again.Dispatch.CoordinatorSent));
        Assert.Equal(13, fake.Sends.Count);

        // Delivery status: asked no earlier than the interval, Running first, then Succeeded.
        var poller = host.Get<DeliveryStatusService>();
        Assert.Equal(0, (await poller.PollAsync(default)).Checked);
        host.Clock.Advance(TimeSpan.FromMinutes(1));
        var first = await poller.PollAsync(default);
        Assert.Equal((13, 13, 0), (first.Checked, first.InProgress, first.Delivered));
        Assert.Equal(0, (await poller.PollAsync(default)).Checked); // not due again yet: no busy asking
        host.Clock.Advance(TimeSpan.FromMinutes(1));
        var second = await poller.PollAsync(default);
        Assert.Equal(13, second.Delivered);
        Assert.All(await LedgerAsync(host), o => Assert.Equal((NotificationStatus.Delivered, "Succeeded", 2), (o.Status, o.ProviderStatus, o.StatusChecks)));
        Assert.Equal(26, fake.Requests.Count(r => r.Method == "GET"));
        Assert.Contains(await AuditAsync(host), a => a.Action == "notification.delivered" && a.Details.Contains("kommun@laxa.se"));
    }

    [Fact]
    public async Task A_message_the_service_fails_to_deliver_is_marked_failed_audited_and_reported_to_the_coordinator_once()
    {
        await using var fake = await FakeAcsServer.StartAsync();
        fake.FinalStatusFor = address => address == "kommun@laxa.se" ? AcsStatus.Failed : AcsStatus.Succeeded;
        fake.RunningReadsBeforeFinal = 0;
        await using var host = new TestHost(AcsSettings(fake));
        await PublishOrebroAsync(host);
        var dispatcher = host.Get<NotificationDispatcher>();
        await dispatcher.DispatchAsync(default);
        host.Clock.Advance(TimeSpan.FromMinutes(1));

        var poll = await host.Get<DeliveryStatusService>().PollAsync(default);

        Assert.Equal((12, 1), (poll.Delivered, poll.Failed));
        var laxa = (await LedgerAsync(host)).Single(o => o.RecipientEmail == "kommun@laxa.se");
        Assert.Equal(NotificationStatus.Failed, laxa.Status);
        Assert.Equal("Failed", laxa.ProviderStatus);
        Assert.Contains("EmailDroppedAllRecipientsSuppressed", laxa.LastError);
        Assert.Contains(await AuditAsync(host), a => a.Action == "notification.delivery-failed" && a.Details.Contains(laxa.Id));
        // The report was queued by the same transaction that marked the message failed.
        var queued = Assert.Single(await LedgerAsync(host), o => o.RelatesTo == laxa.Id);
        Assert.Equal((CoordinatorMessages.FailureReportId(laxa.Id), CoordinatorMessages.RecipientKey, NotificationStatus.Pending),
            (queued.Id, queued.RecipientKey, queued.Status));

        var report = await dispatcher.DispatchAsync(default);
        Assert.Equal(1, report.CoordinatorSent);
        await dispatcher.DispatchAsync(default);
        var alerts = fake.Mails.Where(m => m.Message.GetProperty("content").GetProperty("subject").GetString()!.StartsWith("Leverans misslyckades")).ToList();
        var alert = Assert.Single(alerts);
        Assert.Equal(Coordinator, alert.FirstRecipient);
        Assert.Contains("kommun@laxa.se", alert.Message.GetProperty("content").GetProperty("plainText").GetString());
        Assert.Contains(laxa.Id, alert.Message.GetProperty("content").GetProperty("plainText").GetString());
    }

    [Fact]
    public async Task Without_a_coordinator_address_a_failed_delivery_is_audited_with_why_it_was_not_reported()
    {
        await using var fake = await FakeAcsServer.StartAsync();
        fake.FinalStatusFor = address => address == "kommun@laxa.se" ? AcsStatus.Failed : AcsStatus.Succeeded;
        fake.RunningReadsBeforeFinal = 0;
        await using var host = new TestHost(AcsSettings(fake, coordinator: false));
        await PublishOrebroAsync(host);
        await host.Get<NotificationDispatcher>().DispatchAsync(default);
        host.Clock.Advance(TimeSpan.FromMinutes(1));

        var poll = await host.Get<DeliveryStatusService>().PollAsync(default);

        Assert.Equal((11, 1), (poll.Delivered, poll.Failed)); // 12 messages to the municipalities, no summary
        var laxa = (await LedgerAsync(host)).Single(o => o.RecipientEmail == "kommun@laxa.se");
        var audit = Assert.Single(await AuditAsync(host), a => a.Action == "notification.delivery-failed");
        Assert.Contains(laxa.Id, audit.Details);
        Assert.Contains("rapporteras inte per e-post: ingen adress till samordnaren är konfigurerad (Kommuntal:Contacts:18:CoordinatorEmail)", audit.Details);
        Assert.DoesNotContain(await LedgerAsync(host), o => o.RelatesTo == laxa.Id);
        Assert.Equal(0, (await host.Get<DeliveryStatusService>().PollAsync(default)).Checked); // nothing left to ask about
    }

    [Fact]
    public async Task Rate_limited_status_reads_stop_the_run_and_are_asked_again_later()
    {
        await using var fake = await FakeAcsServer.StartAsync();
        await using var host = new TestHost(AcsSettings(fake, coordinator: false));
        await PublishOrebroAsync(host);
        await host.Get<NotificationDispatcher>().DispatchAsync(default);
        host.Clock.Advance(TimeSpan.FromMinutes(1));
        fake.ThrottleNextStatusReads(100);

        var poll = await host.Get<DeliveryStatusService>().PollAsync(default);

        Assert.True(poll.RateLimited);
        Assert.Equal(0, poll.Checked);
        Assert.Equal(5, fake.Requests.Count(r => r.Method == "GET")); // one message: the first read and 4 retries, then the run stops
        Assert.All(await LedgerAsync(host), o => Assert.Equal(NotificationStatus.Sent, o.Status));
    }

    [Theory]
    [InlineData("acs", null, null, "exactly one of Email:Acs:Endpoint")]
    [InlineData("acs", "Email:Acs:ConnectionString", "endpoint=https://x.communication.azure.com/;accesskey=%%secret%%", "Email:Acs:ConnectionString has an accesskey that is not base64")]
    [InlineData("acs", "Email:Acs:Endpoint", "http://x.communication.azure.com", "Email:Acs:Endpoint must use https")]
    [InlineData("smtp", null, null, "Email:Smtp:Host is required")]
    [InlineData("smtp", "Email:Smtp:UserName", "relay-user", "Email:Smtp:UserName and Email:Smtp:Password must be given together")]
    [InlineData("smtp", "Email:Smtp:StartTls", "false", "SMTP without TLS is allowed only to localhost or a loopback address")]
    [InlineData("pigeon", null, null, "Email:Sender 'pigeon' is not known")]
    [InlineData("outbox", "Kommuntal:Notifications:SenderAddress", "not an address", "Kommuntal:Notifications:SenderAddress is not a valid address")]
    [InlineData("outbox", "Kommuntal:Contacts:18:CoordinatorEmail", "samordnare@\r\nlansstyrelsen.se", "Kommuntal:Contacts:18:CoordinatorEmail is not a valid address")]
    public void A_misconfigured_sender_stops_the_app_at_start_up_naming_the_setting(string sender, string? key, string? value, string expected)
    {
        var settings = new Dictionary<string, string?> { ["Email:Sender"] = sender };
        if (key is not null) settings[key] = value;
        if (sender == "smtp" && key is not null) settings["Email:Smtp:Host"] = "smtp.azurecomm.net";

        var ex = Assert.Throws<InvalidOperationException>(() => new TestHost(settings));

        Assert.Contains(expected, ex.Message);
        Assert.DoesNotContain("%%secret%%", ex.Message);
    }

    [Fact]
    public async Task An_endpoint_alone_selects_ACS_with_Entra_ID_and_SMTP_settings_select_MailKit()
    {
        await using (var host = new TestHost(new Dictionary<string, string?> { ["Email:Sender"] = "acs", ["Email:Acs:Endpoint"] = "https://kommuntal.communication.azure.com" }))
            Assert.Equal("acs", host.Get<IEmailSender>().Name);
        await using (var host = new TestHost(new Dictionary<string, string?> { ["Email:Sender"] = "smtp", ["Email:Smtp:Host"] = "smtp.azurecomm.net", ["Email:Smtp:UserName"] = "u", ["Email:Smtp:Password"] = "p" }))
            Assert.IsType<SmtpEmailSender>(host.Get<IEmailSender>());
        await using (var host = new TestHost(new Dictionary<string, string?> { ["Email:Sender"] = "" }))
            Assert.IsType<LocalOutboxSender>(host.Get<IEmailSender>());
    }

    [Fact]
    public void The_fake_endpoint_rejects_a_body_that_strays_from_the_schema()
    {
        Assert.Null(FakeAcsServer.SchemaProblem(JsonDocument.Parse("""{"senderAddress":"a@b.se","recipients":{"to":[{"address":"c@d.se"}]},"content":{"subject":"s","plainText":"t"}}""").RootElement));
        Assert.Equal("unknown property 'sender'", FakeAcsServer.SchemaProblem(JsonDocument.Parse("""{"sender":"a@b.se"}""").RootElement));
        Assert.Equal("recipients.to must be a non-empty array", FakeAcsServer.SchemaProblem(JsonDocument.Parse("""{"senderAddress":"a@b.se","recipients":{"to":[]},"content":{"subject":"s","plainText":"t"}}""").RootElement));
    }
}
