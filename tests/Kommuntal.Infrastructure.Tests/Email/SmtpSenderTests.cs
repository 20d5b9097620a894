using Kommuntal.Application.Ports;
using Kommuntal.Application.Services;
using Kommuntal.Infrastructure.Email;
using Kommuntal.Testing;
using Kommuntal.Testing.Email;
using Microsoft.Extensions.Logging.Abstractions;
using MimeKit;
using static Kommuntal.Infrastructure.Tests.Email.EmailTestSupport;

namespace Kommuntal.Infrastructure.Tests.Email;

/// <summary>The MailKit sender against a real SMTP server started by the test.</summary>
public class SmtpSenderTests
{
    private static OutgoingEmail Email(string to = "kommun@laxa.se") => new(
        Guid.NewGuid().ToString(),
        new EmailAddress("kommuntal@lansstyrelsen.example", "Länsstyrelsen i Örebro län"),
        [new EmailAddress(to, "Laxå kommun")],
        "Beslut om fördelning av anvisningar år 2022 till kommuner i Örebro län",
        "Hej,\n\nKommuntalet är 3.\n",
        "<p>Hej,</p><p>Kommuntalet är 3.</p>",
        [new EmailAttachment("kommuntal-2022-orebro-lan-beslut-v1.pdf", "application/pdf", "%PDF-1.7 test"u8.ToArray())])
    {
        ReplyTo = new EmailAddress("samordnare@lansstyrelsen.example", "Ingela Fredriksson"),
    };

    [Fact]
    public async Task Through_the_composition_root_the_published_decision_reaches_every_municipality_over_SMTP()
    {
        await using var smtp = TestSmtpServer.Start();
        await using var host = new TestHost(new Dictionary<string, string?>
        {
            ["Email:Sender"] = "smtp",
            ["Email:Smtp:Host"] = "127.0.0.1",
            ["Email:Smtp:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Email:Smtp:StartTls"] = "false",
            ["Kommuntal:Notifications:SenderAddress"] = "kommuntal@lansstyrelsen.example",
            ["Kommuntal:Contacts:18:Name"] = "Ingela Fredriksson",
            ["Kommuntal:Contacts:18:Email"] = "integration.orebro@lansstyrelsen.example",
        });
        await PublishOrebroAsync(host);

        DispatchReport report;
        using (Kommuntal.Application.Correlation.Begin("run-0123456789ab"))
            report = await host.Get<NotificationDispatcher>().DispatchAsync(default);

        Assert.Equal(12, report.Sent);
        Assert.All(smtp.Messages, r => Assert.Equal("run-0123456789ab", r.Message.Headers["X-Kommuntal-Correlation-Id"])); // the run, in the logs
        // The contact's address also receives the coordinator's summary (no separate CoordinatorEmail is configured).
        var summary = Assert.Single(smtp.Messages, r => r.EnvelopeTo.Single() == "integration.orebro@lansstyrelsen.example");
        Assert.StartsWith("Utskick klart:", summary.Message.Subject);
        var received = smtp.Messages.Except([summary]).ToList();
        Assert.Equal(OrebroAddresses.Order(), received.SelectMany(r => r.EnvelopeTo).Order());
        var ledger = await LedgerAsync(host);
        foreach (var r in received)
        {
            var m = r.Message;
            var row = ledger.Single(o => o.RecipientEmail == r.EnvelopeTo.Single());
            Assert.Equal(r.EnvelopeTo.Single(), m.To.Mailboxes.Single().Address);
            Assert.Equal("Beslut om fördelning av anvisningar år 2022 till kommuner i Örebro län", m.Subject);
            Assert.Equal(("kommuntal@lansstyrelsen.example", "Länsstyrelsen i Örebro län"), (m.From.Mailboxes.Single().Address, m.From.Mailboxes.Single().Name));
            Assert.Equal("integration.orebro@lansstyrelsen.example", m.ReplyTo.Mailboxes.Single().Address);
            Assert.Equal($"{row.Id}@lansstyrelsen.example", m.MessageId);
            Assert.Equal(row.Id, m.Headers["X-Kommuntal-Operation-Id"]);
            var pdf = Assert.Single(m.Attachments.OfType<MimePart>());
            Assert.Equal(("application/pdf", "kommuntal-2022-orebro-lan-beslut-v1.pdf"), (pdf.ContentType.MimeType, pdf.FileName));
            Assert.Contains("Länstalet för Örebro län är 202", m.TextBody);
            Assert.Contains("Ingela Fredriksson", m.TextBody);
            Assert.NotNull(m.HtmlBody);
        }
        Assert.Equal(13, ledger.Count);
        Assert.All(ledger, o => Assert.Equal(("smtp", "Accepted"), (o.Sender, o.ProviderStatus)));
    }

    [Fact]
    public async Task STARTTLS_and_authentication_are_used_against_a_relay_like_smtp_azurecomm_net()
    {
        await using var smtp = TestSmtpServer.Start(tls: true, credentials: ("relay-user", "relay-secret"));
        var thumbprint = smtp.Certificate!.Thumbprint;
        var sender = new SmtpEmailSender(new SmtpEmailOptions { Host = "localhost", Port = smtp.Port, UserName = "relay-user", Password = "relay-secret", StartTls = true },
            NullLogger<SmtpEmailSender>.Instance, (_, cert, _, _) => cert?.GetCertHashString() == thumbprint);

        var outcome = await sender.SendAsync(Email(), default);

        Assert.Equal(("Accepted", true), (outcome.ProviderStatus, outcome.Final));
        var r = Assert.Single(smtp.Messages);
        Assert.True(r.Secure);
        Assert.Equal("relay-user", r.AuthenticatedUser);
        Assert.Equal(["kommun@laxa.se"], r.EnvelopeTo);
        Assert.Equal("Ingela Fredriksson", r.Message.ReplyTo.Mailboxes.Single().Name);
        Assert.Equal("%PDF-1.7 test", await ReadAsync(Assert.Single(r.Message.Attachments.OfType<MimePart>())));
    }

    [Fact]
    public async Task Wrong_credentials_are_a_retryable_failure_naming_the_settings_and_a_refused_recipient_is_permanent()
    {
        await using var smtp = TestSmtpServer.Start(tls: true, credentials: ("relay-user", "relay-secret"));
        var thumbprint = smtp.Certificate!.Thumbprint;
        bool Pin(object _, System.Security.Cryptography.X509Certificates.X509Certificate? cert, System.Security.Cryptography.X509Certificates.X509Chain? __, System.Net.Security.SslPolicyErrors ___) =>
            cert?.GetCertHashString() == thumbprint;

        var wrong = new SmtpEmailSender(new SmtpEmailOptions { Host = "localhost", Port = smtp.Port, UserName = "relay-user", Password = "guess", StartTls = true },
            NullLogger<SmtpEmailSender>.Instance, Pin);
        var ex = await Assert.ThrowsAsync<EmailSendException>(() => wrong.SendAsync(Email(), default));
        Assert.False(ex.Permanent);
        Assert.Contains("Email:Smtp:UserName", ex.Message);
        Assert.DoesNotContain("guess", ex.Message);

        smtp.RejectedRecipients.Add("ingen@laxa.se");
        var right = new SmtpEmailSender(new SmtpEmailOptions { Host = "localhost", Port = smtp.Port, UserName = "relay-user", Password = "relay-secret", StartTls = true },
            NullLogger<SmtpEmailSender>.Instance, Pin);
        var refused = await Assert.ThrowsAsync<EmailSendException>(() => right.SendAsync(Email("ingen@laxa.se"), default));
        Assert.True(refused.Permanent);
        Assert.Empty(smtp.Messages);
    }

    [Fact]
    public async Task An_untrusted_certificate_is_refused()
    {
        await using var smtp = TestSmtpServer.Start(tls: true);
        var sender = new SmtpEmailSender(new SmtpEmailOptions { Host = "localhost", Port = smtp.Port, StartTls = true }, NullLogger<SmtpEmailSender>.Instance);
        var ex = await Assert.ThrowsAsync<EmailSendException>(() => sender.SendAsync(Email(), default));
        Assert.False(ex.Permanent);
        Assert.Empty(smtp.Messages);
    }

    [Theory]
    [InlineData("localhost", true)]
    [InlineData("LOCALHOST.", true)]
    [InlineData("127.0.0.1", true)]
    [InlineData("127.20.30.40", true)]
    [InlineData("::1", true)]
    [InlineData("[::1]", true)]
    [InlineData("localhost.lansstyrelsen.example", false)]
    [InlineData("127.0.0.1.nip.io", false)]
    [InlineData("10.0.0.25", false)]
    [InlineData("0.0.0.0", false)]
    [InlineData("smtp.azurecomm.net", false)]
    public void Only_localhost_and_loopback_addresses_count_as_this_machine(string host, bool loopback)
    {
        Assert.Equal(loopback, SmtpEmailOptions.IsLoopback(host));
        Assert.Equal(loopback, new SmtpEmailOptions { Host = host, StartTls = false }.PlainTextProblem() is null);
        // With TLS any host is fine.
        Assert.Null(new SmtpEmailOptions { Host = host, StartTls = true }.PlainTextProblem());
        Assert.Null(new SmtpEmailOptions { Host = host, StartTls = false, Port = 465 }.PlainTextProblem());
    }

    [Fact]
    public async Task A_clear_text_relay_off_this_machine_is_refused_before_connecting()
    {
        // Checked at start-up (the composition-root test above); a sender built directly refuses too,
        // before it looks the name up (the name does not resolve; the error would otherwise be a lookup failure).
        var sender = new SmtpEmailSender(new SmtpEmailOptions { Host = "relay.lansstyrelsen.invalid", Port = 25, StartTls = false }, NullLogger<SmtpEmailSender>.Instance);
        var ex = await Assert.ThrowsAsync<EmailSendException>(() => sender.SendAsync(Email(), default));
        Assert.Contains("SMTP without TLS is allowed only to localhost or a loopback address", ex.Message);
        Assert.False(ex.Permanent);
    }

    private static async Task<string> ReadAsync(MimePart part)
    {
        using var ms = new MemoryStream();
        await part.Content!.DecodeToAsync(ms);
        return System.Text.Encoding.ASCII.GetString(ms.ToArray());
    }
}
